# The tracemalloc tutorial: top allocations, peak, a block's traceback, snapshot diffs, filters.
import tracemalloc

here = __file__.rsplit("/", 1)[0] + "/"
mine = tracemalloc.Filter(True, __file__)


def build_table(n):
    return {i: str(i) * 4 for i in range(n)}


def build_rows(n):
    return ["row-%d" % i for i in range(n)]


tracemalloc.start(5)
table = build_table(2000)
rows = build_rows(1000)
words = [str(i) for i in range(3000)]
snapshot = tracemalloc.take_snapshot().filter_traces([mine])
print("[ Top 10 ]")
for stat in snapshot.statistics("lineno")[:10]:
    print(str(stat).replace(here, ""))

print("[ By file ]")
for stat in snapshot.statistics("filename"):
    print(str(stat).replace(here, ""))

current, peak = tracemalloc.get_traced_memory()
print("current >= 0:", current > 0, "peak >= current:", peak >= current)
del words
after_del, peak2 = tracemalloc.get_traced_memory()
print("freed words:", after_del < current, "peak kept:", peak2 == peak)
tracemalloc.reset_peak()
print("peak after reset_peak == current:", tracemalloc.get_traced_memory()[1] == tracemalloc.get_traced_memory()[0])

tb = tracemalloc.get_object_traceback(rows[900])
print("rows[900] allocated at:")
for line in tb.format():
    print(line.replace(here, ""))
print(len(tb), tb[0].lineno, tb[-1].lineno)

first = tracemalloc.take_snapshot().filter_traces([mine])
more = tuple(build_rows(500))
second = tracemalloc.take_snapshot().filter_traces([mine])
print("[ Differences ]")
for stat in second.compare_to(first, "lineno")[:3]:
    print(str(stat).replace(here, ""))
grouped = second.compare_to(first, "traceback")
print(grouped[0].count_diff, len(grouped[0].traceback))

print("[ Excluding build_table's file lines ]")
no_table = second.filter_traces([mine, tracemalloc.Filter(False, __file__, lineno=9)])
for stat in no_table.statistics("lineno")[:3]:
    print(str(stat).replace(here, ""))
print(tracemalloc.is_tracing(), tracemalloc.get_traceback_limit())
tracemalloc.stop()
print(tracemalloc.is_tracing(), tracemalloc.get_traced_memory())
