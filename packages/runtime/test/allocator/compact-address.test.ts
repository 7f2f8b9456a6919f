import { describe, expect, it } from 'vitest';
import { decodeAddress, encodeAddress } from '../../src/allocator/compact-address';
import { ARENA_REGION_START } from '../../src/allocator/pymalloc';
import { SYSTEM_HEAP_START } from '../../src/allocator/system-allocator';

describe('compact addresses', () => {
  const addresses = [
    0,
    ARENA_REGION_START,
    ARENA_REGION_START + 4096 + 48,
    ARENA_REGION_START + 2 ** 34 + 16,
    SYSTEM_HEAP_START,
    SYSTEM_HEAP_START + 1_000_016,
    0x55d3_a0a0_0000, // the first static object
    SYSTEM_HEAP_START - 2 ** 32,
    ARENA_REGION_START - 16,
    ARENA_REGION_START + 8, // not granule-aligned
    12345, // below every modelled region
    -16,
    2 ** 53 - 1,
  ];

  it('decodes every code back to the exact address', () => {
    for (const address of addresses) expect(decodeAddress(encodeAddress(address))).toBe(address);
  });

  it('keeps aligned arena, system-heap and static addresses within 31-bit integers', () => {
    for (const address of [ARENA_REGION_START + 2 ** 30, SYSTEM_HEAP_START + 2 ** 30, 0x55d3_a0a0_0000]) {
      const code = encodeAddress(address);
      expect(Number.isInteger(code)).toBe(true);
      expect(Math.abs(code)).toBeLessThan(2 ** 30);
    }
  });

  it('gives distinct addresses distinct codes', () => {
    const codes = new Set(addresses.map(encodeAddress));
    expect(codes.size).toBe(addresses.length);
  });
});
