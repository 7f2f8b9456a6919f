# A leak objgraph finds: every request's Session stays alive in a module-level cache.
import gc
import objgraph


class Session:
    def __init__(self, user):
        self.user = user
        self.buffer = [0] * 100


_cache = {}


def handle(user):
    session = Session(user)
    _cache[user] = session  # the leak: entries are never removed
    return len(session.buffer)


objgraph.show_growth(limit=3)
for user in range(50):
    handle(user)
gc.collect()
print("after 50 requests:")
objgraph.show_growth(limit=3)



def explain():
    # Inside a function, so no global name holds the session: the chain must go through _cache.
    leaked = objgraph.by_type("Session")[0]
    chain = objgraph.find_backref_chain(leaked, objgraph.is_proper_module)
    print("kept alive by:", " -> ".join(type(o).__name__ for o in chain))
    objgraph.show_chain(chain, filename="session-leak.png")


explain()
