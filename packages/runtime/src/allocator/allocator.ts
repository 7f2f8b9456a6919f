/**
 * A modelled process allocator: hands out deterministic, non-overlapping addresses and
 * accounts every live block. Pure bookkeeping — it never touches real memory and emits no
 * events (the runtime's `Memory` layer wraps it and reports alloc/realloc/free to subscribers).
 */
export interface Allocator {
  /** Allocates a block of `size` requested bytes (size >= 0) and returns its address. */
  malloc(size: number): number;
  /**
   * Resizes the live block at `address` to `size` requested bytes, in place or by moving it,
   * following CPython's `_PyObject_Realloc`; returns the (possibly new) address.
   */
  realloc(address: number, size: number): number;
  /** Frees the live block at `address`; freeing an unknown address throws `InvalidFreeError`. */
  free(address: number): void;
  /** The requested size of the live block at `address`. */
  sizeOf(address: number): number;
  /** Sum of the requested sizes of all live blocks (what tracemalloc would count). */
  readonly requestedBytes: number;
  /**
   * Bytes the modelled process holds from the OS: every allocated arena (1 MiB each) plus every
   * live large block rounded up to whole pages. This is what an RSS view (memory_profiler) sees,
   * and why freeing many small objects may not lower it.
   */
  readonly residentBytes: number;
  /** Number of live blocks, pymalloc and raw alike (`sys.getallocatedblocks()`). */
  readonly blockCount: number;
}
