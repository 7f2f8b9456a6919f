# Workload 3: a large live heap. N/2 instances each holding a list (N tracked objects), then
# gc.collect() timed alone: a full collection that finds nothing to free.
import gc
import sys
import time

N = int(sys.argv[1]) if len(sys.argv) > 1 else 1000000


class Item:
    pass


gc.collect()
keep = []
start = time.perf_counter()
for i in range(N // 2):
    item = Item()
    item.children = []
    keep.append(item)
print(f"BENCH build {(time.perf_counter() - start) * 1000}")
del item
start = time.perf_counter()
gc.collect()
print(f"BENCH collect {(time.perf_counter() - start) * 1000}")
