import { expect, it } from 'vitest';
import { seedStructures } from './seed-structures';

// The Python equivalents, run on CPython 3.11.7, print the same sizes and counts:
// getrefcount 2/3/2, list of 4 strs 88, the four-state dict 184, instance 56, its __dict__
// with 2 instances of the class alive 288, a plain class 1688, [1] * 1000000 8000056.
it('prints CPython 3.11 sizes and refcounts for the seed articles structures', () => {
  const lines = seedStructures();
  expect(lines).toContain('Initial count: 2');
  expect(lines).toContain('Count after new reference: 3');
  expect(lines).toContain('Count after deleting one reference: 2');
  expect(lines).toContain('Size of the list: 88 bytes');
  expect(lines).toContain('The size of the dictionary is: 184 bytes');
  expect(lines).toContain('getrefcount(a) = 3, getrefcount(b) = 3');
  expect(lines).toContain('getsizeof(a) = 56 bytes (attributes live in a values array)');
  expect(lines).toContain('getsizeof(a.__dict__) = 288 bytes once materialized');
  expect(lines).toContain('getsizeof(Node) = 1688 bytes');
  expect(lines).toContain('Size of [1] * 1000000: 8000056 bytes');
});
