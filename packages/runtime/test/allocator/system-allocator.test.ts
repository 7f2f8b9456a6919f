import { describe, expect, it } from 'vitest';
import {
  InvalidFreeError,
  InvalidSizeError,
  SYSTEM_HEAP_START,
  SystemAllocator,
} from '../../src/allocator/index';

describe('SystemAllocator', () => {
  it('hands out 16-byte granules upward from the heap start, at least one for a 0-byte request', () => {
    const system = new SystemAllocator();
    const a = system.malloc(0);
    const b = system.malloc(1000);
    const c = system.malloc(17);
    expect(a).toBe(SYSTEM_HEAP_START);
    expect(b).toBe(SYSTEM_HEAP_START + 16);
    expect(c).toBe(SYSTEM_HEAP_START + 16 + 1008);
    expect(system.usableSize(a)).toBe(16);
    expect(system.usableSize(c)).toBe(32);
    expect(system.requestedBytes).toBe(1017);
    expect(system.residentBytes).toBe(4096 + 4096);
    expect(system.blockCount).toBe(3);
  });

  it('reuses the lowest free range that fits (first fit) and coalesces neighbours', () => {
    const system = new SystemAllocator();
    const [a, b, c, d] = [system.malloc(1024), system.malloc(1024), system.malloc(1024), system.malloc(1024)];
    system.free(a);
    system.free(c);
    expect(system.freeRangeCount).toBe(2);
    expect(system.malloc(600)).toBe(a); // first fit takes the lower hole
    system.free(b); // joins the tail of the split hole at a and the hole at c
    expect(system.freeRangeCount).toBe(1);
    expect(system.malloc(2464)).toBe(a + 608);
    expect(system.freeRangeCount).toBe(0);
    expect(d).toBe(c + 1024);
  });

  it('gives the top of the heap back when the last block is freed', () => {
    const system = new SystemAllocator();
    const a = system.malloc(5000);
    const b = system.malloc(5000);
    system.free(a);
    system.free(b);
    expect(system.heapBytes).toBe(0);
    expect(system.freeRangeCount).toBe(0);
    expect(system.malloc(3)).toBe(SYSTEM_HEAP_START);
  });

  it('reallocs in place when shrinking or when the space after the block is free, else moves', () => {
    const system = new SystemAllocator();
    const a = system.malloc(1000);
    expect(system.realloc(a, 5000)).toBe(a); // a is at the top of the heap
    const b = system.malloc(100);
    expect(system.realloc(a, 10)).toBe(a); // shrinking frees the tail
    expect(system.realloc(a, 3000)).toBe(a); // regrows into that tail
    expect(system.realloc(a, 5008)).toBe(a); // exactly fills it
    const moved = system.realloc(a, 5009); // b is in the way
    expect(moved).toBe(b + 112);
    expect(system.has(a)).toBe(false);
    expect(system.malloc(5000)).toBe(a); // the old place is free again
    expect(system.sizeOf(moved)).toBe(5009);
  });

  it('refuses unknown addresses and bad sizes with coded errors', () => {
    const system = new SystemAllocator();
    const a = system.malloc(10);
    system.free(a);
    expect(() => system.free(a)).toThrow(InvalidFreeError);
    expect(() => system.realloc(a, 3)).toThrow(/realloc\(0x55d400000000\): address is not a live block/);
    expect(() => system.malloc(-1)).toThrow(InvalidSizeError);
    expect(() => system.malloc(1.5)).toThrow(InvalidSizeError);
  });
});
