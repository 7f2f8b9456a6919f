import { ARENA_REGION_START } from './pymalloc';
import { SYSTEM_HEAP_START } from './system-allocator';

/**
 * Modelled addresses packed into small integers, for the fields that hold one per object.
 *
 * Modelled addresses sit above 2^31 (arenas at 0x7f3a…, the system heap and static objects at
 * 0x55d3…/0x55d4…), so a plain `number` field holding one makes V8 box it: a 16-byte HeapNumber
 * per object, and the field of every object of that class turns into a box once one object holds
 * such a value. Counting in 16-byte granules from the start of each region keeps every address of
 * the first 32 GiB of each region a Smi, stored inline. The mapping is exact for every number
 * (unaligned or out-of-region addresses give fractional or large codes, still decoded exactly,
 * only no longer inline).
 *
 * Codes: 0 is address 0 (an object not yet given a block); 1, 2, … count granules from
 * `ARENA_REGION_START`; -1, -2, … count granules from `LOW_REGION_START` (static objects, then the
 * system heap); any other address is stored as `address - 2^52`.
 */
const GRANULE = 16;
/** Start of the region below the arenas: 4 GiB under the system heap, so static objects fit. */
const LOW_REGION_START = SYSTEM_HEAP_START - 2 ** 32;
const OTHER_OFFSET = 2 ** 52;
const OTHER_LIMIT = -(2 ** 50);

/** The code of `address` (an exact inverse of `decodeAddress`). */
export function encodeAddress(address: number): number {
  if (address >= ARENA_REGION_START) return asSmi(1 + (address - ARENA_REGION_START) / GRANULE);
  if (address >= LOW_REGION_START) return asSmi(-1 - (address - LOW_REGION_START) / GRANULE);
  if (address === 0) return 0;
  return address - OTHER_OFFSET;
}

/**
 * `code` as a Smi when it is a 32-bit integer. Arithmetic on HeapNumbers gives a HeapNumber even
 * for an integral result, and storing one turns the field into a boxed double for every object
 * of the class (seen on workload 3: one HeapNumber per list and instance again).
 */
function asSmi(code: number): number {
  const smi = code | 0;
  return smi === code ? smi : code;
}

/** The address a code stands for. */
export function decodeAddress(code: number): number {
  if (code > 0) return ARENA_REGION_START + (code - 1) * GRANULE;
  if (code === 0) return 0;
  if (code > OTHER_LIMIT) return LOW_REGION_START + (-1 - code) * GRANULE;
  return code + OTHER_OFFSET;
}
