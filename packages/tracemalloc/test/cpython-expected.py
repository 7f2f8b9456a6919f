# Prints what CPython 3.11's tracemalloc says for the literal snapshots the tests build, so the
# expected strings in *.test.ts can be regenerated: `cd <tmp dir> && python3 cpython-expected.py`.
# (It writes tm_src.py in the current directory for Traceback.format's source lines.)
import tracemalloc
from tracemalloc import Snapshot, Filter, DomainFilter, _format_size

# CPython's own test data (Lib/test/test_tracemalloc.py, create_snapshots).
RAW1 = [
    (0, 10, (('a.py', 2), ('b.py', 4)), 3),
    (0, 10, (('a.py', 2), ('b.py', 4)), 3),
    (0, 10, (('a.py', 2), ('b.py', 4)), 3),
    (1, 2, (('a.py', 5), ('b.py', 4)), 3),
    (2, 66, (('b.py', 1),), 1),
    (3, 7, (('<unknown>', 0),), 1),
]
RAW2 = [
    (0, 10, (('a.py', 2), ('b.py', 4)), 3),
    (0, 10, (('a.py', 2), ('b.py', 4)), 3),
    (0, 10, (('a.py', 2), ('b.py', 4)), 3),
    (2, 2, (('a.py', 5), ('b.py', 4)), 3),
    (2, 5000, (('a.py', 5), ('b.py', 4)), 3),
    (4, 400, (('c.py', 578),), 1),
]
# A list comprehension on line 3 of a function called from line 8: two frames on line 3.
RAW_REPEATED = [
    (0, 1000, (('m.py', 3), ('m.py', 3), ('m.py', 8)), 3),
    (0, 1000, (('m.py', 3), ('m.py', 3), ('m.py', 8)), 3),
    (0, 56, (('m.py', 8),), 1),
    (0, 24, (('lib/u.py', 10), ('m.py', 9)), 2),
]
# Equal sizes and counts: the traceback decides, Python comparing by code point.
RAW_TIES = [
    (0, 64, (('z.py', 1),), 1),
    (0, 64, (('\u00e9.py', 1),), 1),
    (0, 64, (('\U0001d49c.py', 1),), 1),
    (0, 64, (('\uffff.py', 1),), 1),
    (0, 64, (('a.py', 10),), 1),
    (0, 64, (('a.py', 9),), 1),
    (0, 64, (('a.py', 9), ('b.py', 1)), 2),
    (0, 5, (('avg.py', 1),), 1),
    (0, 2, (('avg.py', 1),), 1),
]


def show(title, items, fn=str):
    print(f'== {title}')
    for item in items:
        print(fn(item))


s1, s2 = Snapshot(RAW1, 2), Snapshot(RAW2, 2)
for key in ('lineno', 'filename', 'traceback'):
    show(f's1.statistics({key!r})', s1.statistics(key))
    show(f's1.statistics({key!r}) repr', s1.statistics(key), repr)
for key in ('lineno', 'filename'):
    show(f's1.statistics({key!r}, True)', s1.statistics(key, True))
for key in ('lineno', 'filename', 'traceback'):
    show(f's2.compare_to(s1, {key!r})', s2.compare_to(s1, key))
    show(f's2.compare_to(s1, {key!r}) repr', s2.compare_to(s1, key), repr)
    show(f's1.compare_to(s2, {key!r})', s1.compare_to(s2, key))
for key in ('lineno', 'filename'):
    show(f's2.compare_to(s1, {key!r}, True)', s2.compare_to(s1, key, True))

rep = Snapshot(RAW_REPEATED, 3)
for key in ('lineno', 'filename'):
    show(f'repeated.statistics({key!r}, True)', rep.statistics(key, True))
show("repeated.statistics('traceback')", rep.statistics('traceback'))

ties = Snapshot(RAW_TIES, 2)
show("ties.statistics('traceback')", ties.statistics('traceback'))
show("ties.statistics('lineno')", ties.statistics('lineno'))

show('traces str', s1.traces)
show('traces repr', s1.traces, repr)
print('== traces container repr')
print(repr(s1.traces))

with open('tm_src.py', 'w') as f:
    f.write('def leaf(n):\n    return [bytearray(1000) for _ in range(n)]\n\n'
            'def mid(n):\n    return leaf(n)\n\n\n    keep = mid(50)   \n')
tb = tracemalloc.Traceback((('tm_src.py', 2), ('tm_src.py', 5), ('tm_src.py', 8), ('missing.py', 1)))
for limit in (None, 1, 2, 10, 0, -1, -3, -10):
    for recent in (False, True):
        show(f'format(limit={limit}, most_recent_first={recent})', tb.format(limit, recent))

print('== format_size')
for value in (0, 1, 1023, 10239, 10240, 102399, 102400, 1048576, 3992704, 10485759, 10485760,
              104857600, 1073741824, 5 * 1024**5, 39.6, 2.5, 3.5, 0.5, 1.5, 10342.4, 1024 * 99.95,
              1024 * 99.25, -20070, 1 << 60, 1 << 70):
    print(repr(value), _format_size(value, False), _format_size(value, True))
for value in (0, -0.0, 1, -1, -20070, 0.25 * 1024 * 16):
    print(repr(value), _format_size(value, True))

filters = {
    'include a.py': [Filter(True, 'a.py')],
    'exclude a.py': [Filter(False, 'a.py')],
    'include b.py all_frames': [Filter(True, 'b.py', all_frames=True)],
    'exclude b.py all_frames': [Filter(False, 'b.py', all_frames=True)],
    'include b.py:4 all_frames': [Filter(True, 'b.py', 4, True)],
    'include a.py:2': [Filter(True, 'a.py', 2)],
    'exclude a.py:2': [Filter(False, 'a.py', 2)],
    'include *.py domain 1': [Filter(True, '*.py', domain=1)],
    'exclude *.py domain 1': [Filter(False, '*.py', domain=1)],
    'include <unknown>': [Filter(True, '<unknown>')],
    'exclude <unknown>': [Filter(False, '<unknown>')],
    'include a.pyc': [Filter(True, 'a.pyc')],
    'include [ab].py exclude b.py': [Filter(True, '[ab].py'), Filter(False, 'b.py')],
    'include a.py or b.py:1': [Filter(True, 'a.py'), Filter(True, 'b.py', 1)],
    'domain 2': [DomainFilter(True, 2)],
    'not domain 0': [DomainFilter(False, 0)],
}
for name, fl in filters.items():
    show(f'filter {name}', s1.filter_traces(fl).traces._traces, repr)

import fnmatch
print('== fnmatch')
names = ['a', 'b', 'c', '^', 'a.py', 'b.py', 'ab.py', '.py', 'x/a.py', 'a-b.py', ']', '-', '!', 'z', 'é', '\U0001d49c', 'a*b', '[x']
for pattern in ('*.py', '?.py', '[ab].py', '[!a].py', '*a*b*', '[]]', '[!]]', '[a-c]', '[c-a]', '[!-]',
                '[a-]', '[-a]', '[x', '*[!x]', 'a\\*b', '[?]', '*', '', '?', '[é]', '[\U0001d49c]', '[b-a-c]',
                '**/a.py', '*/a.py', 'a*b*b', '[^a]'):
    print(repr(pattern), [n for n in names if fnmatch.fnmatchcase(n, pattern)])
