import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { crc32 } from '../src/crc32';
import { IntPairMap } from '../src/int-pair-map';

describe('IntPairMap', () => {
  it('behaves as a Map keyed by the pair, through growth', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(fc.integer({ min: 0, max: 50 }), fc.integer({ min: -3, max: 2 ** 32 - 1 }), fc.nat()),
          {
            maxLength: 300,
          },
        ),
        (entries) => {
          const map = new IntPairMap(4);
          const reference = new Map<string, number>();
          for (const [a, b, value] of entries) {
            map.set(a, b, value);
            reference.set(`${a},${b | 0}`, value);
          }
          expect(map.size).toBe(reference.size);
          for (const [a, b] of entries) expect(map.get(a, b)).toBe(reference.get(`${a},${b | 0}`));
          expect(map.get(51, 0)).toBe(-1);
        },
      ),
    );
  });

  it('keeps unsigned 32-bit line numbers apart', () => {
    const map = new IntPairMap();
    map.set(1, 2 ** 32 - 1, 7);
    map.set(1, 2 ** 31, 8);
    expect([map.get(1, 2 ** 32 - 1), map.get(1, 2 ** 31), map.get(1, 2 ** 31 - 1)]).toEqual([7, 8, -1]);
  });
});

describe('crc32', () => {
  it('gives the CRC-32 check value and continues across chunks', () => {
    const bytes = new TextEncoder().encode('123456789');
    expect(crc32(bytes)).toBe(0xcbf43926);
    expect(crc32(bytes, 5, 9, crc32(bytes, 0, 5))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array(0))).toBe(0);
  });
});
