import type { Allocator } from '@memkit/runtime';

/**
 * An allocator that forwards to a real one and keeps its own ledger of live blocks, so a test
 * can check the allocator's totals against an independent count. `traced` marks the blocks a
 * tracer started at `startTracing()` would hold: allocated or resized since then.
 */
export class BlockLedger implements Allocator {
  readonly blocks = new Map<number, { size: number; traced: boolean }>();
  private tracing = false;

  constructor(private readonly inner: Allocator) {}

  malloc(size: number): number {
    const address = this.inner.malloc(size);
    this.blocks.set(address, { size, traced: this.tracing });
    return address;
  }

  realloc(address: number, size: number): number {
    const moved = this.inner.realloc(address, size);
    this.blocks.delete(address);
    this.blocks.set(moved, { size, traced: this.tracing });
    return moved;
  }

  free(address: number): void {
    this.inner.free(address);
    this.blocks.delete(address);
  }

  sizeOf(address: number): number {
    return this.inner.sizeOf(address);
  }

  get requestedBytes(): number {
    return this.inner.requestedBytes;
  }

  get residentBytes(): number {
    return this.inner.residentBytes;
  }

  get blockCount(): number {
    return this.inner.blockCount;
  }

  /** From now on, allocations count as traced (as `tracemalloc.start()` makes them). */
  startTracing(): void {
    this.tracing = true;
  }

  /** `tracemalloc.stop()` forgets every trace. */
  stopTracing(): void {
    this.tracing = false;
    for (const block of this.blocks.values()) block.traced = false;
  }

  /** Sum of the live blocks' sizes: what the allocator's `requestedBytes` must equal. */
  liveBytes(): number {
    let total = 0;
    for (const { size } of this.blocks.values()) total += size;
    return total;
  }

  /** Sum of the live traced blocks' sizes: what tracemalloc's current total must equal. */
  tracedBytes(): number {
    let total = 0;
    for (const { size, traced } of this.blocks.values()) if (traced) total += size;
    return total;
  }
}
