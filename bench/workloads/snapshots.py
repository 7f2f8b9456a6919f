# Workload 5: tracemalloc snapshots over about N traces: take_snapshot, statistics('lineno'),
# compare_to, dump and load. `snapshots.py N path` dumps to `path`.
import sys
import time
import tracemalloc

N = int(sys.argv[1]) if len(sys.argv) > 1 else 1000000
PATH = sys.argv[2]


def timed(label, op):
    start = time.perf_counter()
    value = op()
    print(f"BENCH {label} {(time.perf_counter() - start) * 1000}")
    return value


def texts(start, stop):
    return [str(i) for i in range(start, stop)]


tracemalloc.start(1)
start = time.perf_counter()
first = texts(0, N // 2)
recording = time.perf_counter() - start
old = tracemalloc.take_snapshot()
start = time.perf_counter()
second = texts(N // 2, N)
recording += time.perf_counter() - start
print(f"BENCH record {recording * 1000}")
snapshot = timed("take_snapshot", tracemalloc.take_snapshot)
tracemalloc.stop()
print(f"BENCH traces {len(snapshot.traces)}")
timed("statistics('lineno')", lambda: snapshot.statistics("lineno"))
timed("compare_to('lineno')", lambda: snapshot.compare_to(old, "lineno"))
timed("dump", lambda: snapshot.dump(PATH))
timed("load", lambda: tracemalloc.Snapshot.load(PATH))
