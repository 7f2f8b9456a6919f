import { describe, expect, it } from 'vitest';
import { runPython } from './run-python';

describe('type(name, bases, dict), Ellipsis and NotImplemented', () => {
  it('make classes and singletons as CPython does: sizes, refcounts, reprs, errors', () => {
    const source =
      "import sys, gc\ndef hello(self):\n    return \"hi \" + self.name\nBase = type('Base', (), {'kind': 'base'})\nPoint = type('Point', (), {'__slots__': ('x', 'y'), 'greet': hello, 'name': 'pt'})\nDerived = type('Derived', (Base,), {'greet': hello, 'name': 'd'})\np = Point()\np.x = 1\nd = Derived()\nprint(Point, Point.__name__, Point.__module__, Derived.__bases__, Derived.kind, p.greet(), d.greet(), p.x)\nprint(sys.getsizeof(p), sys.getsizeof(d), isinstance(d, Base), type(p) is Point)\nprint(sys.getrefcount(Derived), sys.getrefcount(hello), sys.getsizeof(Derived), sys.getsizeof(Base))\nPlain = type('Plain', (object,), {})\nq = Plain()\nq.a = 1\nprint(sys.getsizeof(q), sys.getsizeof(q.__dict__), gc.is_tracked(q))\nprint(..., Ellipsis, type(...), ... is Ellipsis, sys.getsizeof(...), repr(NotImplemented), type(NotImplemented))\ndef f():\n    ...\nprint(f(), sys.getsizeof(NotImplemented))\nclass V:\n    def __init__(self, v): self.v = v\n    def __add__(self, other):\n        if not isinstance(other, V): return NotImplemented\n        return V(self.v + other.v)\n    def __radd__(self, other):\n        return NotImplemented\nprint((V(1) + V(2)).v)\ntry:\n    V(1) + 1\nexcept TypeError as e:\n    print(e)\ntry:\n    1 + V(1)\nexcept TypeError as e:\n    print(e)\ntry:\n    type('A', 1, {})\nexcept TypeError as e:\n    print(e)\ntry:\n    type('A', ())\nexcept TypeError as e:\n    print(e)\n\nclass Base: pass\nclass D1(Base): pass\nD2 = type('D2', (Base,), {})\nD3 = type('D3', (), {})\nprint(sys.getrefcount(D1), sys.getrefcount(D2), sys.getrefcount(D3))\nd = D2()\nprint(sys.getrefcount(D2))\n";
    // python3 (3.11.7) output
    expect(runPython(source, 'type_call.py')).toBe(
      "<class '__main__.Point'> Point __main__ (<class '__main__.Base'>,) base hi pt hi d 1\n48 56 True True\n4 4 1688 1688\n56 296 True\nEllipsis Ellipsis <class 'ellipsis'> True 16 NotImplemented <class 'NotImplementedType'>\nNone 16\n3\nunsupported operand type(s) for +: 'V' and 'int'\nunsupported operand type(s) for +: 'int' and 'V'\ntype.__new__() argument 2 must be tuple, not int\ntype() takes 1 or 3 arguments\n3 3 5\n4\n",
    );
  });
});
