import type { Frame, FrameSource } from './traceback';

/** Stops a subscription. */
export type Unsubscribe = () => void;

/**
 * Receives every block the runtime allocates, resizes or frees. `traceback` is the stack at the
 * allocation (most recent first) when the subscription asked for frames, else null.
 */
export interface MemoryListener {
  alloc?(address: number, size: number, domain: number, traceback: Frame[] | null): void;
  realloc?(
    oldAddress: number,
    address: number,
    size: number,
    domain: number,
    traceback: Frame[] | null,
  ): void;
  free?(address: number, domain: number): void;
  /**
   * A live block handed out again without an allocation: an object revived from a free list
   * (`_Py_NewReference` → `_PyTraceMalloc_NewReference`, which re-attributes a traced block to
   * the current stack).
   */
  reuse?(address: number, domain: number, traceback: Frame[] | null): void;
}

/** Receives the start and end of each cycle collection. */
export interface GcListener {
  start?(generation: number): void;
  stop?(generation: number, collected: number, uncollectable: number): void;
}

/** Receives execution events from whatever runs code (the interpreter). */
export interface ExecutionListener {
  call?(frame: Frame): void;
  line?(frame: Frame): void;
  return?(frame: Frame): void;
}

/** Options of a memory subscription. */
export interface MemorySubscriptionOptions {
  /** Frames of traceback to capture per allocation (0: none, the cheapest). */
  frames?: number;
}

interface MemorySubscription {
  listener: MemoryListener;
  frames: number;
}

/**
 * The runtime's event hub. Emitters check a plain field (`hasMemoryListeners`, …) before doing
 * anything, so with no subscriber a hook costs one property read.
 */
export class EventHub {
  hasMemoryListeners = false;
  hasExecutionListeners = false;
  hasGcListeners = false;
  /** Largest number of frames any memory subscriber asked for. */
  framesWanted = 0;
  private memory: MemorySubscription[] = [];
  private gc: GcListener[] = [];
  private execution: ExecutionListener[] = [];
  frameSource: FrameSource;

  constructor(frameSource: FrameSource) {
    this.frameSource = frameSource;
  }

  onMemory(listener: MemoryListener, options: MemorySubscriptionOptions = {}): Unsubscribe {
    const subscription = { listener, frames: Math.max(0, Math.floor(options.frames ?? 0)) };
    this.memory = [...this.memory, subscription];
    this.refresh();
    return () => {
      this.memory = this.memory.filter((s) => s !== subscription);
      this.refresh();
    };
  }

  onGc(listener: GcListener): Unsubscribe {
    this.gc = [...this.gc, listener];
    this.refresh();
    return () => {
      this.gc = this.gc.filter((l) => l !== listener);
      this.refresh();
    };
  }

  onExecution(listener: ExecutionListener): Unsubscribe {
    this.execution = [...this.execution, listener];
    this.refresh();
    return () => {
      this.execution = this.execution.filter((l) => l !== listener);
      this.refresh();
    };
  }

  /**
   * Runs `work` with its memory events seen by no listener: for allocations that stand for what
   * CPython did before anyone could listen (the modules its startup imports).
   */
  unobserved<T>(work: () => T): T {
    this.hasMemoryListeners = false;
    try {
      return work();
    } finally {
      // From the listeners there are now: `work` may have subscribed or unsubscribed some.
      this.refresh();
    }
  }

  private refresh(): void {
    this.hasMemoryListeners = this.memory.length > 0;
    this.hasGcListeners = this.gc.length > 0;
    this.hasExecutionListeners = this.execution.length > 0;
    this.framesWanted = this.memory.reduce((max, s) => Math.max(max, s.frames), 0);
  }

  private traceback(): Frame[] | null {
    return this.framesWanted > 0 ? this.frameSource.capture(this.framesWanted) : null;
  }

  emitAlloc(address: number, size: number, domain: number): void {
    const traceback = this.traceback();
    for (const { listener, frames } of this.memory) {
      listener.alloc?.(address, size, domain, clip(traceback, frames));
    }
  }

  emitRealloc(oldAddress: number, address: number, size: number, domain: number): void {
    const traceback = this.traceback();
    for (const { listener, frames } of this.memory) {
      listener.realloc?.(oldAddress, address, size, domain, clip(traceback, frames));
    }
  }

  emitReuse(address: number, domain: number): void {
    const traceback = this.traceback();
    for (const { listener, frames } of this.memory)
      listener.reuse?.(address, domain, clip(traceback, frames));
  }

  emitFree(address: number, domain: number): void {
    for (const { listener } of this.memory) listener.free?.(address, domain);
  }

  emitGcStart(generation: number): void {
    for (const listener of this.gc) listener.start?.(generation);
  }

  emitGcStop(generation: number, collected: number, uncollectable: number): void {
    for (const listener of this.gc) listener.stop?.(generation, collected, uncollectable);
  }

  emitCall(frame: Frame): void {
    for (const listener of this.execution) listener.call?.(frame);
  }

  emitLine(frame: Frame): void {
    for (const listener of this.execution) listener.line?.(frame);
  }

  emitReturn(frame: Frame): void {
    for (const listener of this.execution) listener.return?.(frame);
  }
}

function clip(traceback: Frame[] | null, frames: number): Frame[] | null {
  if (traceback === null || frames === 0) return null;
  return traceback.length <= frames ? traceback : traceback.slice(0, frames);
}
