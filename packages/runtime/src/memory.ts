import type { Allocator } from './allocator/allocator';
import type { EventHub } from './events';

/** tracemalloc's default domain: every Python allocator (PyMem, PyObject) reports into 0. */
export const DEFAULT_DOMAIN = 0;

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
    const address = this.allocator.malloc(size);
    if (this.events.hasMemoryListeners) this.events.emitAlloc(address, size, DEFAULT_DOMAIN);
    return address;
  }

  realloc(address: number, size: number): number {
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
