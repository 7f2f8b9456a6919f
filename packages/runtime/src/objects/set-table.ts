import { CPYTHON_311 } from '../cpython-311';
import type { PyObject } from '../object';
import { type HashValue, keysEqual } from './hashing';

/** Marker of a deleted set entry (CPython's `dummy` key with hash -1). */
const DUMMY = Symbol('dummy');
type Slot = PyObject | typeof DUMMY | null;

/** `LINEAR_PROBES` and `PERTURB_SHIFT` of Objects/setobject.c. */
const LINEAR_PROBES = 9;
const PERTURB_SHIFT = 5;

/** The low bits of a hash taken as `size_t` (a table size is a power of two). */
function lowBits(value: HashValue, size: number): number {
  if (typeof value === 'number' && value >= 0) return value % size;
  return Number(BigInt.asUintN(64, BigInt(value)) & BigInt(size - 1));
}

/** `perturb >>= PERTURB_SHIFT` on the hash taken as `size_t`. */
function shifted(perturb: HashValue): HashValue {
  if (typeof perturb === 'number' && perturb >= 0) return Math.floor(perturb / 2 ** PERTURB_SHIFT);
  return BigInt.asUintN(64, BigInt(perturb)) >> BigInt(PERTURB_SHIFT);
}

/**
 * The open-addressing table of a set (Objects/setobject.c, 3.11), probed exactly as CPython
 * probes it — linear runs of 9, then the perturbed recurrence — so iteration order, which is
 * table order, matches CPython's wherever hashes do (ints, floats, tuples of them).
 */
export class SetTable {
  keys: Slot[];
  hashes: HashValue[];
  mask: number;
  /** Active entries. */
  used = 0;
  /** Active plus dummy entries. */
  fill = 0;

  constructor() {
    this.mask = CPYTHON_311.setMinSize - 1;
    this.keys = new Array<Slot>(CPYTHON_311.setMinSize).fill(null);
    this.hashes = new Array<HashValue>(CPYTHON_311.setMinSize).fill(0);
  }

  /** Table slots (`mask + 1`). Tables beyond the inline 8-entry smalltable are separate blocks. */
  get size(): number {
    return this.mask + 1;
  }

  /** Slot holding a key equal to `key`, or -1. */
  find(key: PyObject, hash: HashValue): number {
    const mask = this.mask;
    let i = lowBits(hash, mask + 1);
    let perturb: HashValue = hash;
    for (;;) {
      let probes = i + LINEAR_PROBES <= mask ? LINEAR_PROBES : 0;
      let j = i;
      do {
        const slot = this.keys[j];
        if (slot === null) return -1;
        if (slot !== DUMMY && this.hashes[j] === hash && keysEqual(slot, key)) return j;
        j++;
      } while (probes-- > 0);
      perturb = shifted(perturb);
      i = (i * 5 + 1 + lowBits(perturb, mask + 1)) % (mask + 1);
    }
  }

  /**
   * `set_add_entry`'s placement: reuses the first dummy on the probe path, else the first empty
   * slot. Returns true when `fill` grew (the caller then checks the resize rule).
   */
  insertNew(key: PyObject, hash: HashValue): boolean {
    const mask = this.mask;
    let i = lowBits(hash, mask + 1);
    let perturb: HashValue = hash;
    let freeSlot = -1;
    for (;;) {
      let probes = i + LINEAR_PROBES <= mask ? LINEAR_PROBES : 0;
      let j = i;
      do {
        const slot = this.keys[j];
        if (slot === null) {
          const target = freeSlot >= 0 ? freeSlot : j;
          this.keys[target] = key;
          this.hashes[target] = hash;
          this.used++;
          if (freeSlot >= 0) return false;
          this.fill++;
          return true;
        }
        if (slot === DUMMY && freeSlot < 0) freeSlot = j;
        j++;
      } while (probes-- > 0);
      perturb = shifted(perturb);
      i = (i * 5 + 1 + lowBits(perturb, mask + 1)) % (mask + 1);
    }
  }

  /** Whether slot `i` holds a key (neither empty nor a dummy). */
  isActive(i: number): boolean {
    const slot = this.keys[i];
    return slot !== null && slot !== DUMMY;
  }

  /** Turns slot `i` into a dummy and returns its key. */
  remove(i: number): PyObject {
    const key = this.keys[i] as PyObject;
    this.keys[i] = DUMMY;
    this.hashes[i] = -1;
    this.used--;
    return key;
  }

  /**
   * `set_table_resize(minused)`: a table of the smallest power of two greater than `minused`
   * (at least 8), refilled in old-table order with `set_insert_clean`. Returns the new size.
   */
  resize(minused: number): number {
    let size = CPYTHON_311.setMinSize;
    while (size <= minused) size *= 2;
    const oldKeys = this.keys;
    const oldHashes = this.hashes;
    this.mask = size - 1;
    this.keys = new Array<Slot>(size).fill(null);
    this.hashes = new Array<HashValue>(size).fill(0);
    this.fill = this.used;
    for (let i = 0; i < oldKeys.length; i++) {
      const key = oldKeys[i];
      if (key !== null && key !== DUMMY) this.insertClean(key, oldHashes[i]);
    }
    return size;
  }

  private insertClean(key: PyObject, hash: HashValue): void {
    const mask = this.mask;
    let i = lowBits(hash, mask + 1);
    let perturb: HashValue = hash;
    for (;;) {
      if (this.keys[i] === null) break;
      let found = -1;
      if (i + LINEAR_PROBES <= mask) {
        for (let j = 1; j <= LINEAR_PROBES; j++) {
          if (this.keys[i + j] === null) {
            found = i + j;
            break;
          }
        }
      }
      if (found >= 0) {
        i = found;
        break;
      }
      perturb = shifted(perturb);
      i = (i * 5 + 1 + lowBits(perturb, mask + 1)) % (mask + 1);
    }
    this.keys[i] = key;
    this.hashes[i] = hash;
  }

  /**
   * set_merge's shortcut into an empty table of the same size from a dummy-free one: every
   * key keeps its slot (re-inserting in table order could reorder colliding keys).
   */
  copySlotsFrom(other: SetTable): void {
    for (let i = 0; i <= this.mask; i++) {
      const key = other.keys[i];
      if (key !== null) {
        this.keys[i] = key;
        this.hashes[i] = other.hashes[i];
      }
    }
    this.fill = other.fill;
    this.used = other.used;
  }

  /** `set_swap_bodies`' exchange of the tables and their counts. */
  swapWith(other: SetTable): void {
    [this.keys, other.keys] = [other.keys, this.keys];
    [this.hashes, other.hashes] = [other.hashes, this.hashes];
    [this.mask, other.mask] = [other.mask, this.mask];
    [this.used, other.used] = [other.used, this.used];
    [this.fill, other.fill] = [other.fill, this.fill];
  }

  /** Active keys in table order (borrowed). */
  /** The hashes of the active entries, in table order. */
  activeHashes(): HashValue[] {
    const out: HashValue[] = [];
    for (let i = 0; i < this.keys.length; i++) {
      const key = this.keys[i];
      if (key !== null && key !== DUMMY) out.push(this.hashes[i]);
    }
    return out;
  }

  *[Symbol.iterator](): Generator<PyObject> {
    for (const key of this.keys) if (key !== null && key !== DUMMY) yield key;
  }

  /** Empties the table back to 8 slots, returning the active keys in table order. */
  reset(): PyObject[] {
    const active = [...this];
    this.mask = CPYTHON_311.setMinSize - 1;
    this.keys = new Array<Slot>(CPYTHON_311.setMinSize).fill(null);
    this.hashes = new Array<HashValue>(CPYTHON_311.setMinSize).fill(0);
    this.used = 0;
    this.fill = 0;
    return active;
  }
}
