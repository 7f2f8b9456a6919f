# Hunting a leak with objgraph: count instances, watch growth, find them by type.
import gc

import objgraph


class Node:
    def __init__(self, name):
        self.name = name
        self.children = []


class Cache:
    entries = []


def is_mine(obj):
    return type(obj).__module__ == "__main__"


print("Node before:", objgraph.count("Node"))
objgraph.growth(limit=None, filter=is_mine)
leaked = []
for i in range(5):
    node = Node(i)
    node.children.append(Node(i * 10))
    Cache.entries.append(node)
objgraph.show_growth(filter=is_mine)
print("Node after:", objgraph.count("Node"), objgraph.count("__main__.Node"))
objgraph.show_most_common_types(limit=3, objects=Cache.entries + [Cache.entries])
print(sorted(n.name for n in objgraph.by_type("Node"))[:4])
print(objgraph.typestats(objects=[Node(1), Node(2), [], {}]))
print(objgraph.most_common_types(limit=2, objects=[Node(1), [], [], {}]))
Cache.entries.clear()
gc.collect()
print("Node after clear:", objgraph.count("Node"))
objgraph.show_growth(filter=is_mine)
print("no growth printed above")
for i in range(3):
    Cache.entries.append(Node(i))
objgraph.show_growth(filter=is_mine)
