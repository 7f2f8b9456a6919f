# Workload 1 (and 4): allocation churn. ints, strs, lists, dicts and instances built and
# dropped in a loop. `churn.py N` times the loop once; `churn.py N tracing` times it with
# tracemalloc off, then tracing 1 frame, then 25 frames (workload 4).
import sys
import time

N = int(sys.argv[1]) if len(sys.argv) > 1 else 200000
MODE = sys.argv[2] if len(sys.argv) > 2 else "plain"


class Point:
    def __init__(self, x, y):
        self.x = x
        self.y = y


def churn(n):
    for i in range(n):
        big = i * 7 + 1000
        text = str(i)
        items = [big, text, i]
        table = {"big": big, "text": text}
        point = Point(big, text)


def timed(label):
    start = time.perf_counter()
    churn(N)
    print(f"BENCH {label} {(time.perf_counter() - start) * 1000}")


if MODE == "tracing":
    import tracemalloc

    # Untimed first pass: the first loop also maps the arenas and pools every later one reuses,
    # which would make "off" look slower than it is.
    churn(N)
    timed("off")
    for nframe in (1, 25):
        tracemalloc.start(nframe)
        timed(f"nframe={nframe}")
        tracemalloc.stop()
else:
    timed("churn")
