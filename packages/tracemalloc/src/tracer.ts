import type {
  MemoryListener,
  MemorySubscriptionOptions,
  Frame as RuntimeFrame,
  Unsubscribe,
} from '@memkit/runtime';
import { PythonError } from '@memkit/runtime';
import { AddressSlots } from './address-slots';
import { ModelledHashtable } from './modelled-hashtable';
import { Snapshot } from './snapshot';
import type { Traceback } from './traceback';
import { TracebackTable } from './traceback-table';

/** Where a tracer hears about allocations: the runtime's event hub (`runtime.events`). */
export interface MemoryEvents {
  onMemory(listener: MemoryListener, options?: MemorySubscriptionOptions): Unsubscribe;
}

/** `_tracemalloc`'s MAX_NFRAME in 3.11 (`total_nframe` is a uint16). */
export const MAX_NFRAME = 65535;

const DEFAULT_DOMAIN = 0;
const UNKNOWN_FRAMES: readonly RuntimeFrame[] = [{ filename: '<unknown>', lineno: 0, name: '<unknown>' }];

/**
 * The tracing half of tracemalloc (CPython's `_tracemalloc`): one trace per live block the
 * runtime allocates while tracing — requested size, domain and the allocation's traceback,
 * interned — plus current and peak traced bytes. Everything it keeps lives in JavaScript
 * structures, never in the runtime's heap, so tracing does not change what it measures.
 *
 * Traces live in slot columns indexed through one address → slot map per domain, so a million
 * live blocks cost a few typed-array cells each rather than an object each.
 */
export class Tracer {
  private readonly events: MemoryEvents;
  private unsubscribe: Unsubscribe | null = null;
  private nframe = 1;
  private table = new TracebackTable();
  private unknownTraceback = -1;
  /** Table entries made only for `<unknown>:0`, which CPython keeps outside its tables. */
  private unmodelledTracebacks = 0;
  private unmodelledFilenames = 0;
  /** Per domain, the default one first: address → slot. */
  private readonly slots = new Map<number, AddressSlots>([[DEFAULT_DOMAIN, new AddressSlots()]]);
  private slotSizes = new Float64Array(1024);
  private slotTracebacks = new Int32Array(1024);
  private slotTotals = new Int32Array(1024);
  private slotCount = 0;
  private freeSlots: number[] = [];
  private current = 0;
  private peak = 0;
  // Models of CPython's tables, for getTracemallocMemory().
  private readonly tracesTables = new Map<number, ModelledHashtable>([
    [DEFAULT_DOMAIN, new ModelledHashtable()],
  ]);
  private tracebacksTable = new ModelledHashtable();
  private filenamesTable = new ModelledHashtable();

  private readonly listener: MemoryListener = {
    alloc: (address, size, domain, traceback) => this.addTrace(domain, address, size, traceback),
    realloc: (oldAddress, address, size, domain, traceback) => {
      if (oldAddress !== address) this.removeTrace(domain, oldAddress);
      this.addTrace(domain, address, size, traceback);
    },
    free: (address, domain) => this.removeTrace(domain, address),
    reuse: (address, domain, traceback) => this.retrace(domain, address, traceback),
  };

  constructor(events: MemoryEvents) {
    this.events = events;
  }

  /**
   * `tracemalloc.start(nframe)`: starts tracing, keeping `nframe` frames per traceback. While
   * already tracing it does nothing (the limit stays), after checking the range as CPython does.
   */
  start(nframe = 1): void {
    if (!Number.isInteger(nframe)) {
      throw new PythonError('TypeError', "'float' object cannot be interpreted as an integer");
    }
    if (nframe < 1 || nframe > MAX_NFRAME) {
      throw new PythonError('ValueError', `the number of frames must be in range [1; ${MAX_NFRAME}]`);
    }
    if (this.unsubscribe !== null) return;
    this.nframe = nframe;
    this.unsubscribe = this.events.onMemory(this.listener, { frames: nframe });
  }

  /** `tracemalloc.stop()`: stops tracing and clears every trace; the traceback limit stays. */
  stop(): void {
    if (this.unsubscribe === null) return;
    this.unsubscribe();
    this.unsubscribe = null;
    this.reset();
  }

  isTracing(): boolean {
    return this.unsubscribe !== null;
  }

  /** `tracemalloc.clear_traces()`: drops every trace and interned traceback; keeps tracing. */
  clearTraces(): void {
    if (this.unsubscribe !== null) this.reset();
  }

  /** `(current, peak)` traced bytes; `[0, 0]` when not tracing. */
  getTracedMemory(): [current: number, peak: number] {
    return this.unsubscribe === null ? [0, 0] : [this.current, this.peak];
  }

  /** `tracemalloc.reset_peak()`: peak = current; nothing when not tracing. */
  resetPeak(): void {
    if (this.unsubscribe !== null) this.peak = this.current;
  }

  /** `tracemalloc.get_traceback_limit()`: the `nframe` of the last start (1 before any). */
  getTracebackLimit(): number {
    return this.nframe;
  }

  /**
   * `tracemalloc.get_tracemalloc_memory()`: what CPython 3.11's bookkeeping would take —
   * `_Py_hashtable_size` of the tracebacks, filenames and traces tables (one traces table per
   * non-default domain), 624 bytes when empty. The JavaScript structures are not measured.
   */
  getTracemallocMemory(): number {
    this.tracebacksTable.growTo(this.table.tracebackCount - this.unmodelledTracebacks);
    this.filenamesTable.growTo(this.table.filenameCount - this.unmodelledFilenames);
    let size = this.tracebacksTable.size + this.filenamesTable.size;
    for (const table of this.tracesTables.values()) size += table.size;
    return size;
  }

  /**
   * `tracemalloc.get_object_traceback(obj)`: where the block of `obj` (`obj.address`, its
   * pre-headers included) was allocated, or null when not tracing or not traced (allocated
   * before `start`, or reused from a free list). The traceback has no `totalNframe`.
   */
  getObjectTraceback(obj: { readonly address: number }): Traceback | null {
    if (this.unsubscribe === null) return null;
    const slot = this.slots.get(DEFAULT_DOMAIN)?.get(obj.address) ?? -1;
    return slot === -1 ? null : this.table.traceback(this.slotTracebacks[slot]);
  }

  /** `tracemalloc.take_snapshot()`: the live traces, default domain first. */
  takeSnapshot(): Snapshot {
    if (this.unsubscribe === null) {
      throw new PythonError(
        'RuntimeError',
        'the tracemalloc module must be tracing memory allocations to take a snapshot',
      );
    }
    let n = 0;
    for (const byAddress of this.slots.values()) n += byAddress.size;
    const domains = new Uint32Array(n);
    const sizes = new Float64Array(n);
    const tracebackIds = new Int32Array(n);
    const totalNframes = new Int32Array(n);
    let row = 0;
    for (const [domain, byAddress] of this.slots) {
      byAddress.forEachSlot((slot) => {
        domains[row] = domain;
        sizes[row] = this.slotSizes[slot];
        tracebackIds[row] = this.slotTracebacks[slot];
        totalNframes[row] = this.slotTotals[slot];
        row += 1;
      });
    }
    return new Snapshot({ table: this.table, domains, sizes, tracebackIds, totalNframes }, this.nframe);
  }

  // --- Event handling -----------------------------------------------------------------------

  private addTrace(
    domain: number,
    address: number,
    size: number,
    frames: readonly RuntimeFrame[] | null,
  ): void {
    const traceback = this.intern(frames);
    // The runtime hands over the stack already cut to nframe, so its depth is a lower bound of
    // CPython's total_nframe (exact whenever the stack is shallower than the limit).
    const total = frames === null || frames.length === 0 ? 1 : frames.length;
    let byAddress = this.slots.get(domain);
    if (byAddress === undefined) {
      byAddress = new AddressSlots();
      this.slots.set(domain, byAddress);
      if (!this.tracesTables.has(domain)) this.tracesTables.set(domain, new ModelledHashtable());
    }
    let slot = byAddress.get(address);
    if (slot === -1) {
      slot = this.newSlot();
      byAddress.add(address, slot);
      this.tracesTables.get(domain)?.add();
    } else {
      // A realloc in place, or a block traced again: CPython updates the trace.
      this.current -= this.slotSizes[slot];
    }
    this.slotSizes[slot] = size;
    this.slotTracebacks[slot] = traceback;
    this.slotTotals[slot] = total;
    this.current += size;
    if (this.current > this.peak) this.peak = this.current;
  }

  /**
   * `_PyTraceMalloc_NewReference`: an object revived from a free list takes the traceback of
   * the code reviving it, if its block is traced (size and count unchanged). Found by
   * `[0] * 100` in a loop: CPython reports one list per call, the temporary's block moving on.
   */
  private retrace(domain: number, address: number, frames: readonly RuntimeFrame[] | null): void {
    const slot = this.slots.get(domain)?.get(address) ?? -1;
    if (slot === -1) return;
    this.slotTracebacks[slot] = this.intern(frames);
    this.slotTotals[slot] = frames === null || frames.length === 0 ? 1 : frames.length;
  }

  private removeTrace(domain: number, address: number): void {
    const slot = this.slots.get(domain)?.delete(address) ?? -1;
    if (slot === -1) return;
    this.tracesTables.get(domain)?.remove();
    this.current -= this.slotSizes[slot];
    this.freeSlots.push(slot);
  }

  private intern(frames: readonly RuntimeFrame[] | null): number {
    if (frames !== null && frames.length > 0) return this.table.internFrames(frames);
    // No frame at all: CPython's tracemalloc_empty_traceback, `<unknown>:0`, which it does
    // not intern (so it is left out of the modelled tables).
    if (this.unknownTraceback === -1) {
      const tracebacks = this.table.tracebackCount;
      const filenames = this.table.filenameCount;
      this.unknownTraceback = this.table.internFrames(UNKNOWN_FRAMES);
      this.unmodelledTracebacks = this.table.tracebackCount - tracebacks;
      this.unmodelledFilenames = this.table.filenameCount - filenames;
    }
    return this.unknownTraceback;
  }

  private newSlot(): number {
    const reused = this.freeSlots.pop();
    if (reused !== undefined) return reused;
    if (this.slotCount === this.slotSizes.length) {
      const capacity = this.slotCount * 2;
      this.slotSizes = grow(this.slotSizes, new Float64Array(capacity));
      this.slotTracebacks = grow(this.slotTracebacks, new Int32Array(capacity));
      this.slotTotals = grow(this.slotTotals, new Int32Array(capacity));
    }
    return this.slotCount++;
  }

  /** `tracemalloc_clear_traces`: traces, domains, tracebacks and filenames all emptied. */
  private reset(): void {
    // A new table rather than a cleared one: snapshots already taken keep theirs.
    this.table = new TracebackTable();
    this.unknownTraceback = -1;
    this.unmodelledTracebacks = 0;
    this.unmodelledFilenames = 0;
    this.slots.clear();
    this.slots.set(DEFAULT_DOMAIN, new AddressSlots());
    this.slotCount = 0;
    this.freeSlots = [];
    this.current = 0;
    this.peak = 0;
    this.tracesTables.clear();
    this.tracesTables.set(DEFAULT_DOMAIN, new ModelledHashtable());
    this.tracebacksTable = new ModelledHashtable();
    this.filenamesTable = new ModelledHashtable();
  }
}

function grow<T extends Float64Array | Int32Array>(from: T, to: T): T {
  to.set(from);
  return to;
}
