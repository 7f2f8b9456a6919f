import { describe, expect, it } from 'vitest';
import { BlockSizes } from '../../src/allocator/block-sizes';

describe('BlockSizes', () => {
  it('answers as a Map would over a churn of reused addresses, across sweeps of freed entries', () => {
    const sizes = new BlockSizes();
    const model = new Map<number, number>();
    let seed = 7;
    for (let i = 0; i < 20_000; i++) {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      const address = 0x55d4_0000_0000 + 16 * (seed % 3000);
      if (model.has(address) && seed % 3 !== 0) {
        model.delete(address);
        sizes.delete(address);
      } else {
        // A new block, or a live one resized in place; zero-byte blocks included.
        model.set(address, seed % 700);
        sizes.set(address, seed % 700);
      }
    }
    expect(sizes.size).toBe(model.size);
    for (let k = 0; k < 3000; k++) {
      const address = 0x55d4_0000_0000 + 16 * k;
      expect(sizes.get(address)).toBe(model.get(address));
      expect(sizes.has(address)).toBe(model.has(address));
    }
  });
});
