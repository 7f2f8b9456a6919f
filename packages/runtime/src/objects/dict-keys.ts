import { CPYTHON_311 } from '../cpython-311';
import type { PyObject } from '../object';
import { type HashValue, keysEqual } from './hashing';
import { PyStr } from './str';

const { dictKeysHeader, dictUnicodeEntrySize, dictGeneralEntrySize, dictMinLog2Size } = CPYTHON_311;

/** Entries a keys table looks up by scanning before it builds its hash → index map. */
const SCAN_LIMIT = 8;

/** `USABLE_FRACTION`: a table of `size` slots holds at most 2/3 of them as entries. */
export function usableFraction(size: number): number {
  return Math.floor((size << 1) / 3);
}

/**
 * `calculate_log2_keysize` (3.11): `bit_length(((minsize | 8) - 1) | 7)`. Note it is not
 * "smallest power of two >= minsize": any minsize of 1..8 gives 16 slots.
 */
export function log2KeysizeFor(minsize: number): number {
  const m = ((minsize | 8) - 1) | 7;
  return 32 - Math.clz32(m);
}

/**
 * `2 ** log2size` as a shift while it fits 31 bits (always, for a table within the heap's block
 * limit): \`**\` is a call to pow, and every new dict's keys table computes it.
 */
function tableSize(log2size: number): number {
  return log2size < 31 ? 1 << log2size : 2 ** log2size;
}

/** `estimate_log2_keysize`: the table presized for `n` entries (`(3n+1)/2` slots at least). */
export function estimatedLog2Keysize(n: number): number {
  return log2KeysizeFor((n * 3 + 1) >> 1);
}

/** Bytes of a keys object: header, index array (1, 2, 4 or 8 bytes per slot) and entries. */
export function keysObjectSize(log2size: number, unicode: boolean): number {
  const size = tableSize(log2size);
  const indexBytes = log2size < 8 ? 1 : log2size < 16 ? 2 : log2size < 32 ? 4 : 8;
  const entrySize = unicode ? dictUnicodeEntrySize : dictGeneralEntrySize;
  return dictKeysHeader + size * indexBytes + usableFraction(size) * entrySize;
}

/**
 * The keys object of a combined dict (`PyDictKeysObject`): entries in insertion order, deleted
 * entries left as holes (dummies) until the next resize, and the sizing state CPython keeps.
 * Lookups scan the stored hashes while the table is small and go through a JS map from hash to
 * entry index once it is not, which answers what the open-addressing index answers in CPython
 * without modelling its probe sequence (dict order is insertion order).
 */
export class DictKeys {
  readonly log2size: number;
  /** All keys are exact strs: 16-byte entries without a stored hash. */
  unicode: boolean;
  /** Entries that can still be appended before a resize (`dk_usable`). */
  usable: number;
  keys: (PyObject | null)[] = [];
  values: (PyObject | null)[] = [];
  hashes: HashValue[] = [];
  /**
   * Hash → entry index (or indexes), built only past SCAN_LIMIT entries: most dicts are small
   * (keyword arguments, literals, instance `__dict__`s) and a Map each cost about 200 bytes of
   * JavaScript heap and an allocation per dict.
   */
  private index: Map<HashValue, number | number[]> | null = null;
  /** Address of the keys object's block. */
  address = 0;

  constructor(log2size: number, unicode: boolean) {
    this.log2size = Math.max(log2size, dictMinLog2Size);
    this.unicode = unicode;
    this.usable = usableFraction(tableSize(this.log2size));
  }

  /** Entries ever appended, holes included (`dk_nentries`). */
  get nentries(): number {
    return this.keys.length;
  }

  get byteSize(): number {
    return keysObjectSize(this.log2size, this.unicode);
  }

  /** Index of the entry whose key equals `key`, or -1. */
  find(key: PyObject, hash: HashValue): number {
    if (this.index === null) {
      const { hashes, keys } = this;
      for (let i = 0; i < hashes.length; i++) {
        if (hashes[i] !== hash) continue;
        const candidate = keys[i];
        if (candidate !== null && keysEqual(candidate, key)) return i;
      }
      return -1;
    }
    const slot = this.index.get(hash);
    if (slot === undefined) return -1;
    if (typeof slot === 'number') {
      const candidate = this.keys[slot];
      return candidate !== null && keysEqual(candidate, key) ? slot : -1;
    }
    for (const i of slot) {
      const candidate = this.keys[i];
      if (candidate !== null && keysEqual(candidate, key)) return i;
    }
    return -1;
  }

  /** Index of the entry whose key is the str `name`, or -1 (no str object needed for the probe). */
  findByName(name: string, hash: HashValue): number {
    if (this.index === null) {
      const { hashes, keys } = this;
      for (let i = 0; i < hashes.length; i++) {
        if (hashes[i] !== hash) continue;
        const candidate = keys[i];
        if (candidate instanceof PyStr && candidate.value === name) return i;
      }
      return -1;
    }
    const slot = this.index.get(hash);
    if (slot === undefined) return -1;
    for (const i of typeof slot === 'number' ? [slot] : slot) {
      const candidate = this.keys[i];
      if (candidate instanceof PyStr && candidate.value === name) return i;
    }
    return -1;
  }

  /** Appends a new entry (the caller checked `usable > 0`); references are stolen. */
  append(key: PyObject, hash: HashValue, value: PyObject): void {
    const i = this.keys.length;
    this.keys.push(key);
    this.values.push(value);
    this.hashes.push(hash);
    this.usable--;
    if (this.index !== null) this.indexEntry(this.index, hash, i);
    else if (i + 1 > SCAN_LIMIT) {
      const index = new Map<HashValue, number | number[]>();
      for (let j = 0; j <= i; j++) if (this.keys[j] !== null) this.indexEntry(index, this.hashes[j], j);
      this.index = index;
    }
  }

  private indexEntry(index: Map<HashValue, number | number[]>, hash: HashValue, i: number): void {
    const slot = index.get(hash);
    if (slot === undefined) index.set(hash, i);
    else if (typeof slot === 'number') index.set(hash, [slot, i]);
    else slot.push(i);
  }

  /**
   * Moves live entry `i` after (or before) every other live entry, in place: the live entries are
   * rotated through the positions they already occupy, so `dk_nentries`, `dk_usable` and the
   * table's size stay as they were (OrderedDict.move_to_end allocates nothing).
   */
  moveEntry(i: number, last: boolean): void {
    const live: number[] = [];
    for (let j = 0; j < this.keys.length; j++) if (this.keys[j] !== null) live.push(j);
    const order = live.filter((j) => j !== i);
    if (last) order.push(i);
    else order.unshift(i);
    const keys = order.map((j) => this.keys[j]);
    const values = order.map((j) => this.values[j]);
    const hashes = order.map((j) => this.hashes[j]);
    live.forEach((position, n) => {
      this.keys[position] = keys[n];
      this.values[position] = values[n];
      this.hashes[position] = hashes[n];
    });
    if (this.index !== null) {
      const index = new Map<HashValue, number | number[]>();
      for (const position of live) this.indexEntry(index, this.hashes[position], position);
      this.index = index;
    }
  }

  /** Turns entry `i` into a hole; returns its key and value for the caller to release. */
  remove(i: number): [PyObject, PyObject] {
    const key = this.keys[i] as PyObject;
    const value = this.values[i] as PyObject;
    const hash = this.hashes[i];
    this.keys[i] = null;
    this.values[i] = null;
    const slot = this.index?.get(hash);
    if (typeof slot === 'number') this.index?.delete(hash);
    else if (slot !== undefined) {
      slot.splice(slot.indexOf(i), 1);
      if (slot.length === 1) this.index?.set(hash, slot[0]);
    }
    return [key, value];
  }
}
