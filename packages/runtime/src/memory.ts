import type { Allocator } from './allocator/allocator';
import { PythonError } from './errors';
import type { EventHub } from './events';

/** tracemalloc's default domain: every Python allocator (PyMem, PyObject) reports into 0. */
export const DEFAULT_DOMAIN = 0;

/**
 * Largest block (bytes) the modelled heap hands out: 512 MiB. A larger request raises
 * `MemoryError`, as CPython's does when malloc fails. Every modelled block is backed by a real
 * JavaScript value of about the same size (a list's items array, a str's string, a bytes'
 * buffer), and V8 cannot grow an array past ~2^27 slots or a string past 2^29 - 24 chars without
 * aborting the whole process ("Fatal JavaScript invalid size error"), so the limit sits below
 * both: 2^26 list slots, 2^29 - 49 latin-1 chars.
 */
export const MAX_BLOCK_SIZE = 2 ** 29;

/**
 * The runtime's memory layer: the modelled allocator plus the alloc/realloc/free events that
 * tools subscribe to. Every block the heap uses goes through here.
 */
export class Memory {
  readonly allocator: Allocator;
  private readonly events: EventHub;

  constructor(allocator: Allocator, events: EventHub) {
    this.allocator = allocator;
    this.events = events;
  }

  malloc(size: number): number {
    if (size > MAX_BLOCK_SIZE) throw new PythonError('MemoryError', '');
    const address = this.allocator.malloc(size);
    if (this.events.hasMemoryListeners) this.events.emitAlloc(address, size, DEFAULT_DOMAIN);
    return address;
  }

  realloc(address: number, size: number): number {
    if (size > MAX_BLOCK_SIZE) throw new PythonError('MemoryError', '');
    const moved = this.allocator.realloc(address, size);
    if (this.events.hasMemoryListeners) this.events.emitRealloc(address, moved, size, DEFAULT_DOMAIN);
    return moved;
  }

  /** A block reused without allocating (an object revived from a free list). */
  reuse(address: number): void {
    if (this.events.hasMemoryListeners) this.events.emitReuse(address, DEFAULT_DOMAIN);
  }

  free(address: number): void {
    this.allocator.free(address);
    if (this.events.hasMemoryListeners) this.events.emitFree(address, DEFAULT_DOMAIN);
  }

  /** Bytes requested by live blocks (tracemalloc's view, before it filters anything). */
  get requestedBytes(): number {
    return this.allocator.requestedBytes;
  }

  /** Bytes held from the modelled OS (the RSS view memory_profiler uses). */
  get residentBytes(): number {
    return this.allocator.residentBytes;
  }
}
