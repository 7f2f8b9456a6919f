# The leak hunt: a small request handler whose response cache never forgets, and the three
# memory tools finding it. Usage: leak_hunt.py [OUTPUT_DIR]   (default: the current directory)
#
# tracemalloc is in every Python; objgraph and memory_profiler are third-party, so under a
# python3 without them their sections are skipped. memkit run has all three.
import gc
import sys
import tracemalloc

try:
    import objgraph
except ImportError:
    objgraph = None

try:
    from memory_profiler import profile
except ImportError:

    def profile(func):
        return func


out = sys.argv[1] if len(sys.argv) > 1 else "."


# --- the service -----------------------------------------------------------------------------


class Response:
    def __init__(self, request_id, body):
        self.request_id = request_id
        self.body = body
        self.headers = {"content-type": "text/plain", "x-request-id": str(request_id)}


_responses = {}  # request id -> Response, "for retries"


def render(request_id):
    return "<p>" + "hello, visitor " * 100 + str(request_id) + "</p>"


def handle(request_id):
    response = Response(request_id, render(request_id))
    _responses[request_id] = response  # the leak: nothing ever removes an entry
    return len(response.body)


@profile
def serve(first, count):
    served = 0
    for request_id in range(first, first + count):
        served += handle(request_id)
    return served


# --- the hunt --------------------------------------------------------------------------------

tracemalloc.start()
for request_id in range(-100, 0):  # warm up: first-call allocations are not the leak
    handle(request_id)
gc.collect()
if objgraph:
    objgraph.growth()  # the baseline show_growth() compares with
before = tracemalloc.take_snapshot()

print("== memory_profiler: @profile table of serve() ==")
serve(0, 1000)
print()

gc.collect()
after = tracemalloc.take_snapshot()
before.dump(out + "/before.snapshot")
after.dump(out + "/after.snapshot")

print("== tracemalloc: top 5 lines by growth ==")
for stat in after.compare_to(before, "lineno")[:5]:
    print(stat)

if objgraph:
    print()
    print("== objgraph.show_growth() ==")
    objgraph.show_growth(limit=5)


def explain():
    # Inside a function, so no global name holds the response: the chain goes through the cache.
    leaked = objgraph.by_type("Response")[-1]
    # Drawn before the chain below exists, so the chain's own list is not in the picture.
    objgraph.show_backrefs([leaked], max_depth=3, filename=out + "/leak-backrefs.png")
    objgraph.show_backrefs([leaked], max_depth=3, filename=out + "/leak-backrefs.svg")
    chain = objgraph.find_backref_chain(leaked, objgraph.is_proper_module)
    print("kept alive by:", " -> ".join(type(o).__name__ for o in chain))
    module, namespace, holder = chain[0], chain[1], chain[-2]
    names = [name for name in namespace if namespace[name] is holder]
    print("held in:", module.__name__ + "." + names[0], "with", len(holder), "entries")


if objgraph:
    print()
    print("== objgraph: what keeps a Response alive ==")
    explain()
