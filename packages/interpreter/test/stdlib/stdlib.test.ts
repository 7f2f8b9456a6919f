import { describe, expect, it } from 'vitest';
import { runPython } from '../run-python';

function run(source: string): string {
  return runPython(source, 'stdlib.py');
}

// The script and its output under python3 3.11.7 (run there, pasted here).
const SCRIPT = `import random, functools, itertools, collections
random.seed(42)
print(random.random(), random.randint(1, 100), random.choice([1, 2, 3, 4, 5]))
xs = list(range(10)); random.shuffle(xs); print(xs, random.sample(range(100), 5))
print(functools.reduce(lambda a, b: a + b, [1, 2, 3, 4]))
@functools.lru_cache(maxsize=None)
def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)
print(fib(30), fib.cache_info())
p = functools.partial(pow, 2)
print(p(10))
print(list(itertools.islice(itertools.count(5), 3)), list(itertools.chain([1], (2, 3))), list(itertools.accumulate([1, 2, 3])))
d = collections.defaultdict(list); d['a'].append(1); print(d['a'], len(d))
c = collections.Counter('abracadabra'); print(c.most_common(2))
dq = collections.deque([1, 2, 3], maxlen=3); dq.append(4); print(dq)
Point = collections.namedtuple('Point', 'x y'); pt = Point(1, y=2); print(pt, pt.x + pt[1], list(pt))
def deco(f):
    @functools.wraps(f)
    def inner(*a):
        return f(*a)
    return inner
@deco
def hello():
    "doc"
    return 1
print(hello.__name__, hello.__doc__)
`;

const CPYTHON_OUTPUT = `0.6394267984578837 4 3
[8, 1, 7, 6, 4, 0, 5, 2, 9, 3] [4, 3, 11, 27, 29]
10
832040 CacheInfo(hits=28, misses=31, maxsize=None, currsize=31)
1024
[5, 6, 7] [1, 2, 3] [1, 3, 6]
[1] 1
[('a', 5), ('b', 2)]
deque([2, 3, 4], maxlen=3)
Point(x=1, y=2) 3 [1, 2]
hello doc
`;

describe('stdlib modules', () => {
  it('random, functools, itertools and collections print what CPython prints', () => {
    expect(run(SCRIPT)).toBe(CPYTHON_OUTPUT);
  });
});
