import type { PyInstance, PyInt, PyModule, PyObject } from '@memkit/runtime';
import { describe, expect, it } from 'vitest';
import { Interpreter } from '../src/interpreter';
import { runPython } from './run-python';

function run(lines: string[]): string {
  return runPython(lines.join('\n'), 'classes.py');
}

describe('classes', () => {
  it('use __hash__ and __eq__ for dict and set keys, and are unhashable with __eq__ alone', () => {
    const out = run([
      'class P:',
      '    def __init__(self, x): self.x = x',
      '    def __eq__(self, o): return isinstance(o, P) and self.x == o.x',
      '    def __hash__(self): return hash(self.x)',
      'd = {P(1): "a"}',
      'print(d[P(1)], P(1) in {P(1)}, hash(P(5)) == hash(5))',
      'class Q:',
      '    def __eq__(self, o): return True',
      'try: {Q(): 1}',
      'except TypeError as e: print(e)',
    ]);
    // python3 prints the same two lines.
    expect(out).toBe("a True True\nunhashable type: 'Q'\n");
  });

  it('refuse instances of complex, bytes and slotted int subclasses by name instead of building wrong objects', () => {
    const out = run([
      'class Tags(complex): pass',
      'class Blob(bytes): pass',
      'class Bag(list): pass',
      'class Flag(int):',
      '    __slots__ = ()',
      'print(Bag((1, 2)))',
      'for cls in (Tags, Blob, Flag):',
      '    try: cls()',
      '    except NotImplementedError as e: print(e)',
    ]);
    // python3 builds all three; memkit builds the list subclass and names what it refuses.
    expect(out).toBe(
      '[1, 2]\n' +
        'memkit cannot make instances of Tags yet: it subclasses complex, and only subclasses of object, int, float, str, set, frozenset, dict, list and tuple are supported\n' +
        'memkit cannot make instances of Blob yet: it subclasses bytes, and only subclasses of object, int, float, str, set, frozenset, dict, list and tuple are supported\n' +
        'memkit cannot make instances of Flag yet: it subclasses int and has __slots__\n',
    );
  });

  it('refuse keyword arguments in a class statement when it runs, naming them', () => {
    const out = run([
      'print("before")',
      'class Meta(type): pass',
      'try:',
      '    class W(metaclass=Meta): pass',
      'except NotImplementedError as e: print(e)',
      'try:',
      '    class K(object, flag=1, **{}): pass',
      'except NotImplementedError as e: print(e)',
    ]);
    // python3 makes W with type Meta (memkit once silently made it a plain class) and raises
    // TypeError for K; memkit refuses both by name instead.
    expect(out).toBe(
      'before\n' +
        'memkit does not support keyword arguments in a class statement (metaclass= in class W): metaclasses and __init_subclass__ arguments are not modelled\n' +
        'memkit does not support keyword arguments in a class statement (flag=, ** in class K): metaclasses and __init_subclass__ arguments are not modelled\n',
    );
  });

  it('linearize multiple bases with C3 and route super() along the MRO', () => {
    const out = run([
      'class A:',
      '    def who(self): return "A"',
      '    def hello(self): return "hello from A"',
      'class B(A):',
      '    def who(self): return "B+" + super().who()',
      'class C(A):',
      '    def who(self): return "C+" + super().who()',
      'class D(B, C):',
      '    pass',
      'print([k.__name__ for k in D.__mro__], D().who(), D().hello(), isinstance(D(), C))',
      'class X: pass',
      'class Y(X): pass',
      'try:',
      '    class Z(X, Y): pass',
      'except TypeError as e:',
      '    print(e)',
      'import sys',
      'print(sys.getsizeof(D()), sys.getrefcount(D) > 0)',
    ]);
    // python3 prints the same.
    expect(out).toBe(
      "['D', 'B', 'C', 'A', 'object'] B+C+A hello from A True\nCannot create a consistent method resolution\norder (MRO) for bases X, Y\n56 True\n",
    );
  });

  it('can be instantiated by the runtime, as a tool native calling a Python class does', () => {
    const vm = new Interpreter({ stdout: () => {}, stderr: () => {} });
    vm.run(['class P:', '    def __init__(self, x):', '        self.x = x'].join('\n'), 'p.py');
    const rt = vm.runtime;
    const main = vm.vm.modules.getByName('__main__') as PyModule;
    const cls = main.dict?.getByName('P') as PyObject;
    const arg = rt.newInt(7);
    const instance = rt.call(cls, [arg]);
    expect(instance.type).toBe(cls);
    expect(((instance as PyInstance).getAttribute('x') as PyInt).value).toBe(7);
  });
});
