# Workload 2: cycles. Rings of instances created and dropped; the cycle collector reclaims
# them (automatic collections as thresholds pass, then one gc.collect() at the end).
import gc
import sys
import time

N = int(sys.argv[1]) if len(sys.argv) > 1 else 20000
RING = 10


class Node:
    def __init__(self, value):
        self.value = value
        self.next = None


def rings(n):
    for i in range(n):
        first = Node(i)
        last = first
        for j in range(RING - 1):
            node = Node(j)
            last.next = node
            last = node
        last.next = first


gc.collect()
start = time.perf_counter()
rings(N)
collected = gc.collect()
print(f"BENCH cycles {(time.perf_counter() - start) * 1000}")
