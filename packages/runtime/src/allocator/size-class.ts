import { POOL_OVERHEAD, POOL_SIZE } from './pool';

/** Largest request pymalloc serves itself; larger and zero-byte requests go to the system allocator. */
export const SMALL_REQUEST_THRESHOLD = 512;

/** Block alignment and size-class step (`ALIGNMENT` on 64-bit builds since 3.8). */
export const ALIGNMENT = 16;

/** log2 of `ALIGNMENT`. */
export const ALIGNMENT_SHIFT = 4;

/** Number of size classes (`SMALL_REQUEST_THRESHOLD >> ALIGNMENT_SHIFT`). */
export const SIZE_CLASS_COUNT = SMALL_REQUEST_THRESHOLD >> ALIGNMENT_SHIFT;

/**
 * A pymalloc size class: requests of `blockSize - 15 .. blockSize` bytes share 16-byte-aligned
 * blocks of `blockSize` bytes, `blocksPerPool` to a pool (`INDEX2SIZE`, `NUMBLOCKS` in
 * Objects/obmalloc.c).
 */
export class SizeClass {
  /** Index 0..31 (`szidx`). */
  readonly index: number;
  /** Bytes per block: `(index + 1) * 16`. */
  readonly blockSize: number;
  /** Blocks that fit after the pool header: `(POOL_SIZE - POOL_OVERHEAD) / blockSize`, rounded down. */
  readonly blocksPerPool: number;
  /** Bytes left over at the end of every pool of this class (`_debugmallocstats`' quantization). */
  readonly quantization: number;

  private constructor(index: number) {
    this.index = index;
    this.blockSize = (index + 1) << ALIGNMENT_SHIFT;
    this.blocksPerPool = Math.floor((POOL_SIZE - POOL_OVERHEAD) / this.blockSize);
    this.quantization = (POOL_SIZE - POOL_OVERHEAD) % this.blockSize;
  }

  /** The 32 size classes, by index. */
  static readonly all: readonly SizeClass[] = Array.from(
    { length: SIZE_CLASS_COUNT },
    (_, index) => new SizeClass(index),
  );

  /** The class serving a request of `nbytes`, or undefined for 0 and > 512 bytes (system allocator). */
  static forRequest(nbytes: number): SizeClass | undefined {
    if (!(nbytes >= 1 && nbytes <= SMALL_REQUEST_THRESHOLD)) return undefined;
    return SizeClass.all[(Math.ceil(nbytes) - 1) >> ALIGNMENT_SHIFT];
  }

  toString(): string {
    return `SizeClass(${this.index}, ${this.blockSize} bytes)`;
  }
}
