import type { Allocator } from './allocator';
import { BlockSizes } from './block-sizes';
import { assertValidSize, InvalidFreeError } from './errors';

/** Start of the modelled libc heap, where a PIE process's brk heap typically sits on x86-64 Linux. */
export const SYSTEM_HEAP_START = 0x55d4_0000_0000;

/** Page size used to count resident bytes of system blocks. */
export const PAGE_SIZE = 4096;

/** Allocation granule of the system allocator: every block spans a whole number of 16-byte units. */
const GRANULE = 16;

function spanOf(size: number): number {
  return size <= GRANULE ? GRANULE : Math.ceil(size / GRANULE) * GRANULE;
}

function pagesOf(size: number): number {
  return Math.ceil(size / PAGE_SIZE) * PAGE_SIZE;
}

/**
 * The libc `malloc` stand-in behind pymalloc: serves zero-byte and larger-than-512-byte requests
 * (`PyMem_RawMalloc`).
 *
 * A deterministic first-fit allocator over one upward-growing heap: blocks take the lowest free
 * range that fits, freed ranges coalesce with their neighbours, and a free range reaching the top
 * of the heap gives the space back (like glibc trimming its top chunk). A zero-byte block still
 * occupies one granule so every live block has its own address (`_PyMem_RawMalloc` asks for 1
 * byte). `realloc` stays in place when shrinking or when the space right after the block is free,
 * and otherwise moves the block. No chunk headers are modelled.
 */
export class SystemAllocator implements Allocator {
  /** Requested size of every live block, by address. */
  private readonly sizes = new BlockSizes();
  /** Free ranges below `top`, sorted, pairwise non-adjacent: [freeStarts[i], freeEnds[i]). */
  private readonly freeStarts: number[] = [];
  private readonly freeEnds: number[] = [];
  /** End of the heap: everything from here up is free. */
  private top = SYSTEM_HEAP_START;
  /** At least the length of the longest free range, so hopeless first-fit scans are skipped. */
  private longestFreeBound = 0;
  private requested = 0;
  private resident = 0;

  malloc(size: number): number {
    assertValidSize(size);
    const address = this.place(spanOf(size));
    this.sizes.set(address, size);
    this.requested += size;
    this.resident += pagesOf(size);
    return address;
  }

  realloc(address: number, size: number): number {
    const old = this.sizes.get(address);
    if (old === undefined) throw new InvalidFreeError(address, 'realloc');
    assertValidSize(size);
    const oldSpan = spanOf(old);
    const newSpan = spanOf(size);
    let result = address;
    if (newSpan < oldSpan) {
      this.release(address + newSpan, oldSpan - newSpan);
    } else if (newSpan > oldSpan && !this.grow(address + oldSpan, newSpan - oldSpan)) {
      // Like C realloc, the new block is obtained before the old one is given back, so they differ.
      result = this.place(newSpan);
      this.release(address, oldSpan);
      this.sizes.delete(address);
    }
    this.sizes.set(result, size);
    this.requested += size - old;
    this.resident += pagesOf(size) - pagesOf(old);
    return result;
  }

  free(address: number): void {
    const size = this.sizes.get(address);
    if (size === undefined) throw new InvalidFreeError(address);
    this.sizes.delete(address);
    this.release(address, spanOf(size));
    this.requested -= size;
    this.resident -= pagesOf(size);
  }

  sizeOf(address: number): number {
    const size = this.sizes.get(address);
    if (size === undefined) throw new InvalidFreeError(address, 'sizeOf');
    return size;
  }

  /** Bytes the live block at `address` occupies: its size rounded up to 16, at least 16. */
  usableSize(address: number): number {
    const size = this.sizes.get(address);
    if (size === undefined) throw new InvalidFreeError(address, 'usableSize');
    return spanOf(size);
  }

  /** Whether a live block starts at `address`. */
  has(address: number): boolean {
    return this.sizes.has(address);
  }

  get requestedBytes(): number {
    return this.requested;
  }

  /** Every live block's requested size rounded up to whole pages (a zero-byte block counts 0). */
  get residentBytes(): number {
    return this.resident;
  }

  get blockCount(): number {
    return this.sizes.size;
  }

  /** Bytes between the heap start and its top, free ranges included. */
  get heapBytes(): number {
    return this.top - SYSTEM_HEAP_START;
  }

  /** Number of free ranges below the top of the heap (fragmentation). */
  get freeRangeCount(): number {
    return this.freeStarts.length;
  }

  /** First fit: the lowest free range of at least `span` bytes, else the top of the heap. */
  private place(span: number): number {
    if (span <= this.longestFreeBound) {
      const starts = this.freeStarts;
      const ends = this.freeEnds;
      let longest = 0;
      for (let i = 0; i < starts.length; i++) {
        const start = starts[i];
        const length = ends[i] - start;
        if (length >= span) {
          if (length === span) {
            starts.splice(i, 1);
            ends.splice(i, 1);
          } else {
            starts[i] = start + span;
          }
          return start;
        }
        if (length > longest) longest = length;
      }
      this.longestFreeBound = longest;
    }
    const address = this.top;
    this.top = address + span;
    return address;
  }

  /** Extends a block ending at `end` by `extra` bytes if the space there is free. */
  private grow(end: number, extra: number): boolean {
    if (end === this.top) {
      this.top = end + extra;
      return true;
    }
    const i = this.firstRangeAfter(end - 1);
    if (i === this.freeStarts.length || this.freeStarts[i] !== end) return false;
    const length = this.freeEnds[i] - end;
    if (length < extra) return false;
    if (length === extra) {
      this.freeStarts.splice(i, 1);
      this.freeEnds.splice(i, 1);
    } else {
      this.freeStarts[i] = end + extra;
    }
    return true;
  }

  /** Returns [start, start + span) to the free ranges, coalescing and trimming the top. */
  private release(start: number, span: number): void {
    const starts = this.freeStarts;
    const ends = this.freeEnds;
    const end = start + span;
    const i = this.firstRangeAfter(start);
    const joinsPrevious = i > 0 && ends[i - 1] === start;
    const joinsNext = i < starts.length && starts[i] === end;
    let at: number;
    if (joinsPrevious && joinsNext) {
      ends[i - 1] = ends[i];
      starts.splice(i, 1);
      ends.splice(i, 1);
      at = i - 1;
    } else if (joinsPrevious) {
      ends[i - 1] = end;
      at = i - 1;
    } else if (joinsNext) {
      starts[i] = start;
      at = i;
    } else {
      starts.splice(i, 0, start);
      ends.splice(i, 0, end);
      at = i;
    }
    if (ends[at] === this.top) {
      // Only the range just touched can reach the top; it is the last one.
      this.top = starts[at];
      starts.pop();
      ends.pop();
    } else if (ends[at] - starts[at] > this.longestFreeBound) {
      this.longestFreeBound = ends[at] - starts[at];
    }
  }

  /** Index of the first free range starting above `address`. */
  private firstRangeAfter(address: number): number {
    const starts = this.freeStarts;
    let lo = 0;
    let hi = starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (starts[mid] <= address) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
