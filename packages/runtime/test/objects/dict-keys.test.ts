import { describe, expect, it } from 'vitest';
import { DictKeys } from '../../src/objects/dict-keys';
import type { PyInt } from '../../src/objects/int';
import { Runtime } from '../../src/runtime';

// Small keys tables scan their hashes; past 8 entries they index them. Both must answer alike,
// including for keys whose hashes collide (in CPython hash(-1) == hash(-2) == -2).
describe('DictKeys lookups, scanned and indexed', () => {
  for (const n of [5, 8, 9, 20]) {
    it(`finds, misses and removes among ${n} entries with colliding hashes`, () => {
      const rt = new Runtime();
      const keys = new DictKeys(6, false);
      const ints: PyInt[] = [];
      for (let i = 0; i < n; i++) {
        const key = rt.newInt(1000 + i);
        ints.push(key);
        // Every other key shares hash 7 with the others of its parity.
        keys.append(key, i % 2 === 0 ? 7 : 1000 + i, rt.newInt(i));
      }
      for (let i = 0; i < n; i++) expect(keys.find(ints[i], i % 2 === 0 ? 7 : 1000 + i)).toBe(i);
      const absent = rt.newInt(-5000);
      expect(keys.find(absent, 7)).toBe(-1);
      keys.remove(2);
      expect(keys.find(ints[2], 7)).toBe(-1);
      expect(keys.find(ints[4] ?? ints[0], 7)).toBe(n > 4 ? 4 : 0);
      keys.append(rt.newInt(1002), 7, rt.newInt(99));
      expect(keys.find(rt.newInt(1002), 7)).toBe(n);
      expect(keys.findByName('x', 7)).toBe(-1);
    });
  }
});
