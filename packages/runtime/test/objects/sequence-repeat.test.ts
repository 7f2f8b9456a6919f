import { describe, expect, it } from 'vitest';
import { PythonError } from '../../src/errors';
import { MAX_BLOCK_SIZE } from '../../src/memory';
import type { PyObject } from '../../src/object';
import type { PyList } from '../../src/objects/list';
import { newZeroBytes, type RepeatableSequence, repeatSequence } from '../../src/objects/sequence-repeat';
import type { PyStr } from '../../src/objects/str';
import { Runtime } from '../../src/runtime';

// Expected exceptions are CPython 3.11.7's: `python3 -c "try: <expr>
// except Exception as e: print(type(e).__name__, repr(str(e)))"` for each expression named.

function pythonError(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof PythonError) return `${error.pyType} ${JSON.stringify(error.message)}`;
    throw error;
  }
  return 'no error';
}

function setup() {
  const rt = new Runtime();
  const list = (...values: number[]) => rt.newList(values.map((v) => rt.newInt(v)));
  const tuple = (...values: number[]) => rt.newTuple(values.map((v) => rt.newInt(v)));
  const bytes = (text: string) => rt.newBytes(new TextEncoder().encode(text));
  const bytearray = (text: string) => rt.newByteArray(new TextEncoder().encode(text));
  return { rt, list, tuple, bytes, bytearray };
}

describe('repeatSequence refuses what the model cannot hold', () => {
  it('raises MemoryError for huge repeats before building anything, as python3 does', () => {
    const { rt, list, tuple, bytes, bytearray } = setup();
    const cases: [string, RepeatableSequence, bigint][] = [
      ['[0] * 10**12', list(0), 10n ** 12n],
      ["'x' * 10**15", rt.newStr('x'), 10n ** 15n],
      ["b'x' * 10**15", bytes('xx'), 10n ** 15n],
      ['(1,) * 10**12', tuple(1), 10n ** 12n],
      ['[1, 2] * 2**62', list(1, 2), 2n ** 62n],
      ['(1, 2) * 2**62', tuple(1, 2), 2n ** 62n],
      ["bytearray(b'ab') * 2**62", bytearray('ab'), 2n ** 62n],
      ["bytearray(b'x') * 10**15", bytearray('x'), 10n ** 15n],
    ];
    const before = rt.memory.requestedBytes;
    for (const [expression, seq, n] of cases) {
      expect(
        pythonError(() => repeatSequence(rt, seq, n)),
        expression,
      ).toBe('MemoryError ""');
    }
    expect(rt.memory.requestedBytes).toBe(before);
  });

  it("raises CPython's OverflowErrors for counts and lengths past PY_SSIZE_T_MAX", () => {
    const { rt, list, tuple, bytes } = setup();
    const index = `OverflowError "cannot fit 'int' into an index-sized integer"`;
    expect(pythonError(() => repeatSequence(rt, list(0), 10n ** 20n))).toBe(index); // [0] * 10**20
    expect(pythonError(() => repeatSequence(rt, list(1), 2n ** 63n))).toBe(index); // [1] * 2**63
    expect(pythonError(() => repeatSequence(rt, tuple(), 10n ** 20n))).toBe(index); // () * 10**20
    expect(pythonError(() => repeatSequence(rt, rt.newStr('x'), 10n ** 20n))).toBe(index); // 'x' * 10**20
    expect(pythonError(() => repeatSequence(rt, rt.newStr('ab'), 2n ** 62n))).toBe(
      'OverflowError "repeated string is too long"',
    );
    expect(pythonError(() => repeatSequence(rt, bytes('ab'), 2n ** 62n))).toBe(
      'OverflowError "repeated bytes are too long"',
    );
  });

  it('builds ordinary repeats with CPython sizes, refcounts and identities', () => {
    const { rt, list, tuple, bytes } = setup();
    const one = list(7);
    const item = one.items[0];
    const before = item.refcnt;
    const ten = repeatSequence(rt, one, 10) as PyList;
    // sys.getsizeof([0] * 10), sys.getsizeof((0,) * 10) → 136 120
    expect(rt.sizeof(ten)).toBe(136);
    expect(rt.sizeof(repeatSequence(rt, tuple(0), 10))).toBe(120);
    expect(item.refcnt).toBe(before + 10);
    // s = 'abc' * 3; s * 1 is s; t = (1, 2); t * 1 is t; b'ab' * 1 is b'ab'; [1] * 1 is [1]
    const s = repeatSequence(rt, rt.newStr('abc'), 3);
    expect(repeatSequence(rt, s as RepeatableSequence, 1)).toBe(s);
    const t = tuple(1, 2);
    expect(repeatSequence(rt, t, 1)).toBe(t);
    const b = bytes('ab');
    expect(repeatSequence(rt, b, 1)).toBe(b);
    expect(repeatSequence(rt, one, 1)).not.toBe(one);
    // 'ab' * -3 == '' and [1] * 0 == []
    expect((repeatSequence(rt, rt.newStr('ab'), -3) as PyStr).value).toBe('');
    expect((repeatSequence(rt, one, 0) as PyList).items).toEqual([]);
  });
});

describe('the modelled heap refuses blocks past MAX_BLOCK_SIZE', () => {
  it('bytes(n) and bytearray(n) raise what python3 raises', () => {
    const { rt } = setup();
    expect(pythonError(() => newZeroBytes(rt, 10n ** 15n, false))).toBe('MemoryError ""'); // bytes(10**15)
    expect(pythonError(() => newZeroBytes(rt, 10n ** 15n, true))).toBe('MemoryError ""'); // bytearray(10**15)
    expect(pythonError(() => newZeroBytes(rt, 10n ** 20n, true))).toBe(
      `OverflowError "cannot fit 'int' into an index-sized integer"`,
    );
    expect(pythonError(() => newZeroBytes(rt, -1, false))).toBe('ValueError "negative count"'); // bytes(-1)
    // sys.getsizeof(bytes(10)), sys.getsizeof(bytearray(10)) → 43 67
    expect(rt.sizeof(newZeroBytes(rt, 10, false))).toBe(43);
    expect(rt.sizeof(newZeroBytes(rt, 10, true))).toBe(67);
  });

  it('list(range(10**12)) fails at its exact preallocation, not after filling the host heap', () => {
    const { rt } = setup();
    const list = rt.newList();
    const never: Iterable<PyObject> = {
      [Symbol.iterator]() {
        throw new Error('the list must be refused before iterating');
      },
    };
    expect(pythonError(() => list.extendIter(rt, never, 10 ** 12))).toBe('MemoryError ""');
    expect(list.allocated).toBe(0);
  });

  it('malloc and realloc past the limit raise MemoryError and leave the heap as it was', () => {
    const { rt } = setup();
    const before = rt.memory.requestedBytes;
    expect(pythonError(() => rt.memory.malloc(MAX_BLOCK_SIZE + 1))).toBe('MemoryError ""');
    const block = rt.memory.malloc(64);
    expect(pythonError(() => rt.memory.realloc(block, MAX_BLOCK_SIZE + 1))).toBe('MemoryError ""');
    expect(rt.memory.requestedBytes).toBe(before + 64);
    rt.memory.free(block);
  });
});
