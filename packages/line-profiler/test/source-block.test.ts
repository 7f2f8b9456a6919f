import { describe, expect, it } from 'vitest';
import { findSourceBlock } from '../src/index';

const LINES = [
  'import x', // 1
  '', // 2
  '@a', // 3
  '@b(1)', // 4
  'def f(p,', // 5
  'q):', // 6
  '    y = 1', // 7
  '', // 8
  '    # inside', // 9
  '    return y', // 10
  '    # trailing', // 11
  '', // 12
  '# after', // 13
  'def g(): return 2', // 14
];

describe('findSourceBlock', () => {
  it('takes decorators above the def, a multi-line header and the body with trailing comments', () => {
    expect(findSourceBlock(LINES, 5)).toEqual({ firstLine: 3, defLine: 5, lastLine: 11 });
  });

  it('starts at the first decorator when co_firstlineno is already there (CPython)', () => {
    expect(findSourceBlock(LINES, 3)).toEqual({ firstLine: 3, defLine: 5, lastLine: 11 });
  });

  it('is one line for a one-line def', () => {
    expect(findSourceBlock(LINES, 14)).toEqual({ firstLine: 14, defLine: 14, lastLine: 14 });
  });
});
