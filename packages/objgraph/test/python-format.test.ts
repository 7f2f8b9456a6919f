import { describe, expect, it } from 'vitest';
import { compareCodePoints, formatG, formatInt, padRight, pyPrefix } from '../src/python-format';

describe('python-format', () => {
  it("formats %g as CPython 3.11 does (values printed by python3's '%g')", () => {
    const cases: [number, string][] = [
      [0.766667, '0.766667'],
      [0.65, '0.65'],
      [0.3, '0.3'],
      [1, '1'],
      [0, '0'],
      [0.5, '0.5'],
      [1 / 3, '0.333333'],
      [2 / 3, '0.666667'],
      [0.123456789, '0.123457'],
      [1e-5, '1e-05'],
      [1234567, '1.23457e+06'],
      [123456, '123456'],
      [0.0001, '0.0001'],
      [0.00012345678, '0.000123457'],
      [1 * (1 - 1 / 3) + 0.3 * (1 / 3), '0.766667'],
      [1 * (1 / 3) + 0.3 * (2 / 3), '0.533333'],
      [0.5 + 0.65 * 0.5, '0.825'],
      [1e21, '1e+21'],
      [5e-324, '4.94066e-324'],
      [-2.5, '-2.5'],
    ];
    for (const [value, text] of cases) expect(formatG(value), String(value)).toBe(text);
  });

  it('pads and signs like %-*s, %9d and %+9d', () => {
    expect(`${padRight('ab', 10)} ${formatInt(5)}`).toBe('ab         5');
    expect(`${padRight('x', 5)}${formatInt(979, 9)} ${formatInt(4, 9, true)}`).toBe(
      'x          979        +4',
    );
    expect(formatInt(0, 13, true)).toBe('           +0');
    expect(formatInt(-3, 9, true)).toBe('       -3');
  });

  it('counts code points, not UTF-16 units', () => {
    expect(padRight('😀', 3)).toBe('😀  ');
    expect(pyPrefix('a😀b', 2)).toBe('a😀');
    expect(compareCodePoints('\uffff', '😀')).toBe(-1);
    expect(compareCodePoints('b', 'a')).toBe(1);
    expect(compareCodePoints('a', 'ab')).toBe(-1);
  });
});
