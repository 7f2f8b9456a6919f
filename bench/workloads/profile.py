# Workload 6: the line profiler on a loop-heavy function. `profile.py N` times the function
# plainly, then (where memory_profiler is importable) wrapped by memory_profiler's profile.
import sys
import time

N = int(sys.argv[1]) if len(sys.argv) > 1 else 100000


def work(n):
    total = 0
    items = []
    for i in range(n):
        total += i * i
        if i % 3 == 0:
            items.append(i)
    return total + len(items)


class Discard:
    def write(self, text):
        pass


start = time.perf_counter()
work(N)
print(f"BENCH plain {(time.perf_counter() - start) * 1000}")
try:
    from memory_profiler import profile
except ImportError:
    print("BENCH profiled nan")
else:
    profiled = profile(work, stream=Discard())
    start = time.perf_counter()
    profiled(N)
    print(f"BENCH profiled {(time.perf_counter() - start) * 1000}")
