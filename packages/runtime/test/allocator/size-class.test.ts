import { describe, expect, it } from 'vitest';
import {
  ALIGNMENT,
  ARENA_SIZE,
  MAX_POOLS_IN_ARENA,
  POOL_OVERHEAD,
  POOL_SIZE,
  SIZE_CLASS_COUNT,
  SizeClass,
  SMALL_REQUEST_THRESHOLD,
} from '../../src/allocator/index';

describe('pymalloc geometry (CPython 3.11, 64-bit)', () => {
  it('pins the constants of Objects/obmalloc.c', () => {
    expect(SMALL_REQUEST_THRESHOLD).toBe(512);
    expect(ALIGNMENT).toBe(16);
    expect(SIZE_CLASS_COUNT).toBe(32);
    expect(POOL_SIZE).toBe(16384);
    expect(POOL_OVERHEAD).toBe(48);
    expect(ARENA_SIZE).toBe(1048576);
    expect(MAX_POOLS_IN_ARENA).toBe(64);
  });

  it('has blocks per pool as measured by _debugmallocstats', () => {
    const perPool = (blockSize: number) => SizeClass.all[blockSize / 16 - 1].blocksPerPool;
    expect(perPool(16)).toBe(1021);
    expect(perPool(32)).toBe(510);
    expect(perPool(48)).toBe(340);
    expect(perPool(64)).toBe(255);
    expect(perPool(128)).toBe(127);
    expect(perPool(256)).toBe(63);
    expect(perPool(512)).toBe(31);
  });

  it('maps a request to index (n - 1) >> 4 and block size (index + 1) * 16', () => {
    expect(SizeClass.forRequest(1)?.index).toBe(0);
    expect(SizeClass.forRequest(16)?.index).toBe(0);
    expect(SizeClass.forRequest(17)?.index).toBe(1);
    expect(SizeClass.forRequest(17)?.blockSize).toBe(32);
    expect(SizeClass.forRequest(512)?.index).toBe(31);
    expect(SizeClass.forRequest(512)?.blockSize).toBe(512);
  });

  it('sends 0 and more than 512 bytes to the system allocator', () => {
    expect(SizeClass.forRequest(0)).toBeUndefined();
    expect(SizeClass.forRequest(513)).toBeUndefined();
  });

  it('accounts every byte of a pool', () => {
    for (const sizeClass of SizeClass.all) {
      expect(sizeClass.blockSize).toBe((sizeClass.index + 1) * 16);
      expect(POOL_OVERHEAD + sizeClass.blocksPerPool * sizeClass.blockSize + sizeClass.quantization).toBe(
        POOL_SIZE,
      );
      expect(sizeClass.quantization).toBeLessThan(sizeClass.blockSize);
    }
  });
});
