import { describe, expect, it } from 'vitest';
import { PythonError } from '../../src/errors';
import { sysModule } from '../../src/modules/sys-module';
import type { PyObject } from '../../src/object';
import type { PyInt } from '../../src/objects/int';
import { Runtime } from '../../src/runtime';

function call(rt: Runtime, name: string, args: PyObject[] = []): PyObject {
  return sysModule.functions[name].fn(rt, args, null);
}

const value = (obj: PyObject) => (obj as PyInt).value;

describe('sys module', () => {
  it('getsizeof adds the GC pre-header to __sizeof__ (case 04: [] 56, {} 64, 1 28)', () => {
    const rt = new Runtime();
    expect(value(call(rt, 'getsizeof', [rt.newList()]))).toBe(56);
    expect(value(call(rt, 'getsizeof', [rt.newDict()]))).toBe(64);
    expect(value(call(rt, 'getsizeof', [rt.newInt(1)]))).toBe(28);
    expect(() => call(rt, 'getsizeof')).toThrow(
      new PythonError('TypeError', "getsizeof() missing required argument 'object' (pos 1)"),
    );
    expect(() => call(rt, 'getsizeof', [rt.none, rt.none, rt.none])).toThrow(
      new PythonError('TypeError', 'getsizeof() takes at most 2 arguments (3 given)'),
    );
  });

  it('getrefcount reports the count, which includes the caller’s stack reference', () => {
    const rt = new Runtime();
    const x = rt.newList();
    rt.incref(x); // the evaluation stack's reference to the argument
    expect(value(call(rt, 'getrefcount', [x]))).toBe(2);
    expect(() => call(rt, 'getrefcount')).toThrow(
      new PythonError('TypeError', 'sys.getrefcount() takes exactly one argument (0 given)'),
    );
  });

  it('intern returns the canonical str, interning the argument when it is the first', () => {
    const rt = new Runtime();
    const a = rt.newStr('hello world!');
    const b = rt.newStr('hello world!');
    expect(a).not.toBe(b);
    expect(call(rt, 'intern', [a])).toBe(a);
    expect(call(rt, 'intern', [b])).toBe(a);
    expect(() => call(rt, 'intern', [rt.newInt(1)])).toThrow(
      new PythonError('TypeError', 'intern() argument must be str, not int'),
    );
  });

  it('_debugmallocstats writes the allocator table to stderr', () => {
    const lines: string[] = [];
    const rt = new Runtime({ stderr: (text) => lines.push(text) });
    rt.newList();
    call(rt, '_debugmallocstats');
    expect(lines.join('')).toMatch(/^Small block threshold = 512, in 32 size classes\./);
  });
});
