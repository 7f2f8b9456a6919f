import { CPYTHON_311 } from '../cpython-311';
import type { Runtime } from '../runtime';
import { keysObjectSize } from './dict-keys';
import type { PyStr } from './str';

/** Up to this many names, `find` compares strings instead of hashing into `index`. */
const SCAN_LIMIT = 8;

/**
 * The keys shared by the `__dict__` of every instance of a class (3.11 "split" keys,
 * created with the class: 64 slots, at most 30 names).
 *
 * Each new instance reserves one name's worth of room (`dk_usable -= 1` while above 1) and sizes
 * its values array by `nentries + usable` — which is why every instance's `__dict__` gets smaller
 * as more instances of the class exist.
 */
export class SharedKeys {
  readonly names: PyStr[] = [];
  private readonly index = new Map<string, number>();
  usable: number = CPYTHON_311.sharedKeysMaxSize;
  /** Holders: the class and every split dict using these keys (`dk_refcnt`). */
  refs = 1;
  address = 0;

  get byteSize(): number {
    return keysObjectSize(CPYTHON_311.sharedKeysLog2Size, true);
  }

  get nentries(): number {
    return this.names.length;
  }

  /** `shared_keys_usable_size`: the slots a values array made now would have. */
  get usableSize(): number {
    return this.names.length + this.usable;
  }

  /** Slot of `name`, or -1. */
  find(name: string): number {
    // A few names are found faster by comparing than by hashing into the Map (attribute names
    // are interned, so the strings are usually the very same JS string).
    const names = this.names;
    if (names.length <= SCAN_LIMIT) {
      for (let i = 0; i < names.length; i++) if (names[i].value === name) return i;
      return -1;
    }
    return this.index.get(name) ?? -1;
  }

  /** `init_inline_values`: a new instance takes one slot of headroom while more than one is left. */
  reserveForInstance(): void {
    if (this.usable > 1) this.usable--;
  }

  /**
   * `insert_into_dictkeys`: the slot of `name`, adding it (the keys take a reference to the str)
   * if there is room; -1 when the keys are full.
   */
  insert(runtime: Runtime, name: PyStr): number {
    // Stores pass the interned name the keys already hold: identity finds it without hashing.
    const names = this.names;
    for (let i = 0; i < names.length; i++) if (names[i] === name) return i;
    const found = this.index.get(name.value);
    if (found !== undefined) return found;
    if (this.usable <= 0) return -1;
    const slot = this.names.length;
    runtime.incref(name);
    this.names.push(name);
    this.index.set(name.value, slot);
    this.usable--;
    return slot;
  }

  /** Drops one holder; the last one frees the names and the keys block. */
  release(runtime: Runtime): void {
    if (--this.refs > 0) return;
    for (const name of this.names) runtime.decref(name);
    this.names.length = 0;
    this.index.clear();
    if (this.address !== 0) runtime.memory.free(this.address);
    this.address = 0;
  }
}
