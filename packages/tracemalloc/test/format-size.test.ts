import { describe, expect, it } from 'vitest';
import { formatFixed, formatSize } from '../src/index';

describe('formatSize (_format_size)', () => {
  it('matches CPython 3.11 on the boundary table, unsigned and signed', () => {
    // [size, _format_size(size, False), _format_size(size, True)], printed by python3 cpython-expected.py.
    const table: [number, string, string][] = [
      [0, '0 B', '+0 B'],
      [1, '1 B', '+1 B'],
      [1023, '1023 B', '+1023 B'],
      [10239, '10239 B', '+10239 B'],
      [10240, '10.0 KiB', '+10.0 KiB'],
      [102399, '100.0 KiB', '+100.0 KiB'],
      [102400, '100 KiB', '+100 KiB'],
      [1048576, '1024 KiB', '+1024 KiB'],
      [3992704, '3899 KiB', '+3899 KiB'],
      [10485759, '10240 KiB', '+10240 KiB'],
      [10485760, '10.0 MiB', '+10.0 MiB'],
      [104857600, '100 MiB', '+100 MiB'],
      [1073741824, '1024 MiB', '+1024 MiB'],
      [5 * 1024 ** 5, '5120 TiB', '+5120 TiB'],
      [39.6, '40 B', '+40 B'],
      [2.5, '2 B', '+2 B'],
      [3.5, '4 B', '+4 B'],
      [0.5, '0 B', '+0 B'],
      [1.5, '2 B', '+2 B'],
      [10342.4, '10.1 KiB', '+10.1 KiB'],
      [102348.8, '100.0 KiB', '+100.0 KiB'],
      [101632.0, '99.2 KiB', '+99.2 KiB'],
      [-20070, '-19.6 KiB', '-19.6 KiB'],
      [2 ** 60, '1048576 TiB', '+1048576 TiB'],
      [2 ** 70, '1073741824 TiB', '+1073741824 TiB'],
    ];
    for (const [size, unsigned, signed] of table) {
      expect([size, formatSize(size, false), formatSize(size, true)]).toEqual([size, unsigned, signed]);
    }
  });

  it('signs zero, negative zero and negatives as printf does', () => {
    expect(formatSize(0, true)).toBe('+0 B');
    expect(formatSize(-0, true)).toBe('-0 B');
    expect(formatSize(-1, true)).toBe('-1 B');
    expect(formatSize(4096, true)).toBe('+4096 B');
  });

  it('rounds exact ties to even and everything else correctly', () => {
    expect(formatFixed(0.25, 1, false)).toBe('0.2');
    expect(formatFixed(0.75, 1, false)).toBe('0.8');
    expect(formatFixed(0.35, 1, false)).toBe('0.3'); // 0.35 is just below 0.35 in binary
    expect(formatFixed(-2.5, 0, false)).toBe('-2');
    expect(formatFixed(2.5000001, 0, false)).toBe('3');
    expect(formatFixed(1e21, 0, false)).toBe('1000000000000000000000');
  });
});
