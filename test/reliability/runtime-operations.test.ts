/**
 * Random sequences of runtime operations — create, link, unlink, drop, collect, weakref,
 * finalize, resize, start/stop tracing — checked after every step against an independent model
 * of the program's references:
 *   1. every live object's refcount is its variables plus the references live objects hold to it;
 *   2. nothing reachable from a variable was freed;
 *   3. after a full collection everything unreachable is freed (finalizers run once, weakrefs die);
 *   4. the allocator's requested bytes and block count equal the sum of live blocks (a ledger
 *      kept beside the allocator);
 *   5. tracemalloc's current total equals the sum of live traced blocks, and its snapshot agrees.
 * Seeded, so a failure replays; fast-check shrinks a failing sequence to a minimal one.
 */
import {
  PyDict,
  PyInstance,
  PyList,
  PymallocAllocator,
  type PyObject,
  type PyStr,
  type PyType,
  type PyWeakref,
  Runtime,
} from '@memkit/runtime';
import { Tracer } from '@memkit/tracemalloc';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BlockLedger } from './block-ledger';

/** Runs per CI run (each a sequence of up to MAX_STEPS operations). */
const RUNS = 150;
const MAX_STEPS = 40;
const SEED = 0x5eed_0010;

type Kind = 'list' | 'dict' | 'instance' | 'finalizable';

type Op =
  | { op: 'create'; kind: Kind }
  | { op: 'alias'; node: number }
  | { op: 'drop'; node: number }
  | { op: 'link'; from: number; to: number; slot: number }
  | { op: 'unlink'; from: number; slot: number }
  | { op: 'grow'; node: number; count: number }
  | { op: 'shrink'; node: number }
  | { op: 'weakref'; node: number; callback: boolean }
  | { op: 'dropWeakref'; index: number }
  | { op: 'collect'; generation: number }
  | { op: 'trace'; on: boolean };

const index = fc.nat({ max: 30 });
const ops: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      op: fc.constant('create' as const),
      kind: fc.constantFrom<Kind>('list', 'dict', 'instance', 'finalizable'),
    }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('alias' as const), node: index }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('drop' as const), node: index }) },
  {
    weight: 5,
    arbitrary: fc.record({
      op: fc.constant('link' as const),
      from: index,
      to: index,
      slot: fc.nat({ max: 3 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ op: fc.constant('unlink' as const), from: index, slot: fc.nat({ max: 3 }) }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('grow' as const),
      node: index,
      count: fc.integer({ min: 1, max: 40 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('shrink' as const), node: index }) },
  {
    weight: 2,
    arbitrary: fc.record({ op: fc.constant('weakref' as const), node: index, callback: fc.boolean() }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('dropWeakref' as const), index }) },
  {
    weight: 2,
    arbitrary: fc.record({ op: fc.constant('collect' as const), generation: fc.constantFrom(0, 1, 2) }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('trace' as const), on: fc.boolean() }) },
);

/** What the program holds: the model the runtime is checked against. */
interface Node {
  obj: PyObject;
  kind: Kind;
  /** Variables naming it. */
  vars: number;
  /** A list's items in order: a node index, or FILLER for an int added by `grow`. */
  items: number[];
  /** A dict's keys or an instance's attributes → node index. */
  slots: Map<string, number>;
  /** Filler keys/attributes (`fill0`, `fill1`, …) a dict or instance holds. */
  fillers: number;
  freed: boolean;
  finalized: number;
}

const FILLER = -1;

/** The nodes a node references, one entry per reference. */
function outgoing(node: Node): number[] {
  return [...node.items.filter((i) => i !== FILLER), ...node.slots.values()];
}

interface WeakrefModel {
  wr: PyWeakref;
  node: number;
  callbackCalls: number;
  hasCallback: boolean;
}

class World {
  readonly ledger = new BlockLedger(new PymallocAllocator());
  readonly rt = new Runtime({ allocator: this.ledger, stderr: () => {} });
  readonly tracer = new Tracer(this.rt.events);
  readonly nodes: Node[] = [];
  readonly weakrefs: (WeakrefModel | null)[] = [];
  private readonly plain: PyType;
  private readonly finalizable: PyType;
  private readonly callbackType: PyType;
  private readonly callbacks = new Map<PyObject, WeakrefModel>();
  private readonly names = new Map<string, PyStr>();

  constructor() {
    const rt = this.rt;
    this.plain = rt.newClass('Plain');
    this.finalizable = rt.newClass('Finalizable', {
      finalizer: (_rt, obj) => {
        const node = this.nodes.find((n) => n.obj === obj && !n.freed);
        if (node === undefined) throw new Error('finalizer ran for an object the program does not know');
        node.finalized++;
      },
    });
    this.callbackType = rt.newClass('Callback');
    this.callbackType.call = (runtime, self) => {
      const model = this.callbacks.get(self);
      if (model === undefined) throw new Error('an unknown weakref callback was called');
      model.callbackCalls++;
      return runtime.share(runtime.none);
    };
  }

  /** An interned key/attribute name (borrowed; the world keeps one reference). */
  name(text: string): PyStr {
    let name = this.names.get(text);
    if (name === undefined) {
      name = this.rt.intern(text);
      this.names.set(text, name);
    }
    return name;
  }

  /** Nodes the program can still reach (through variables and the references between nodes). */
  reachable(): Set<number> {
    const seen = new Set<number>();
    const stack = this.nodes.flatMap((n, i) => (n.vars > 0 ? [i] : []));
    while (stack.length > 0) {
      const i = stack.pop() as number;
      if (seen.has(i)) continue;
      seen.add(i);
      stack.push(...outgoing(this.nodes[i]));
    }
    return seen;
  }

  /** A reachable node picked by `n`, or undefined when there is none. */
  pick(n: number): number | undefined {
    const live = [...this.reachable()].sort((a, b) => a - b);
    return live.length === 0 ? undefined : live[n % live.length];
  }

  apply(step: Op): void {
    const rt = this.rt;
    switch (step.op) {
      case 'create': {
        const obj =
          step.kind === 'list'
            ? rt.newList()
            : step.kind === 'dict'
              ? rt.newDict()
              : rt.newInstance(step.kind === 'instance' ? this.plain : this.finalizable);
        this.nodes.push({
          obj,
          kind: step.kind,
          vars: 1,
          items: [],
          slots: new Map(),
          fillers: 0,
          freed: false,
          finalized: 0,
        });
        return;
      }
      case 'alias': {
        const i = this.pick(step.node);
        if (i === undefined) return;
        rt.share(this.nodes[i].obj);
        this.nodes[i].vars++;
        return;
      }
      case 'drop': {
        const held = this.nodes.flatMap((n, i) => (n.vars > 0 ? [i] : []));
        if (held.length === 0) return;
        const node = this.nodes[held[step.node % held.length]];
        node.vars--;
        rt.decref(node.obj);
        return;
      }
      case 'link': {
        const from = this.pick(step.from);
        const to = this.pick(step.to);
        if (from === undefined || to === undefined) return;
        const source = this.nodes[from];
        const target = rt.share(this.nodes[to].obj);
        if (source.obj instanceof PyList) {
          source.items.push(to);
          source.obj.append(rt, target);
          return;
        }
        // The store releases the old value: the model forgets it first.
        const slot = `s${step.slot}`;
        source.slots.set(slot, to);
        if (source.obj instanceof PyDict) source.obj.set(rt, rt.share(this.name(slot)), target);
        else (source.obj as PyInstance).setAttribute(rt, this.name(slot), target);
        return;
      }
      case 'unlink': {
        const linked = [...this.reachable()].filter((i) => outgoing(this.nodes[i]).length > 0);
        if (linked.length === 0) return;
        const source = this.nodes[linked.sort((a, b) => a - b)[step.from % linked.length]];
        if (source.obj instanceof PyList) {
          if (source.items.length === 0) return;
          const position = step.slot % source.items.length;
          source.items.splice(position, 1);
          rt.decref(source.obj.pop(rt, position));
          return;
        }
        const slots = [...source.slots.keys()];
        if (slots.length === 0) return;
        const slot = slots[step.slot % slots.length];
        source.slots.delete(slot);
        if (source.obj instanceof PyDict) source.obj.delete(rt, this.name(slot));
        else (source.obj as PyInstance).deleteAttribute(rt, this.name(slot));
        return;
      }
      case 'grow': {
        const i = this.pick(step.node);
        if (i === undefined) return;
        const node = this.nodes[i];
        for (let k = 0; k < step.count; k++) {
          const value = rt.newInt(1000 + k);
          if (node.obj instanceof PyList) {
            node.items.push(FILLER);
            node.obj.append(rt, value);
            continue;
          }
          const name = this.name(`fill${node.fillers++}`);
          if (node.obj instanceof PyDict) node.obj.set(rt, rt.share(name), value);
          else (node.obj as PyInstance).setAttribute(rt, name, value);
        }
        return;
      }
      case 'shrink': {
        const i = this.pick(step.node);
        if (i === undefined) return;
        const node = this.nodes[i];
        if (node.obj instanceof PyList) {
          for (let at = node.items.length - 1; at >= 0; at--) {
            if (node.items[at] !== FILLER) continue;
            node.items.splice(at, 1);
            rt.decref(node.obj.pop(rt, at));
          }
          return;
        }
        while (node.fillers > 0) {
          const name = this.name(`fill${--node.fillers}`);
          if (node.obj instanceof PyDict) node.obj.delete(rt, name);
          else (node.obj as PyInstance).deleteAttribute(rt, name);
        }
        return;
      }
      case 'weakref': {
        const i = this.pick(step.node);
        if (i === undefined || !(this.nodes[i].obj instanceof PyInstance)) return;
        let callback: PyObject | null = null;
        if (step.callback) callback = rt.newInstance(this.callbackType);
        const wr = rt.newWeakref(this.nodes[i].obj, callback);
        const model: WeakrefModel = { wr, node: i, callbackCalls: 0, hasCallback: step.callback };
        if (callback !== null) {
          this.callbacks.set(callback, model);
          rt.decref(callback);
        }
        this.weakrefs.push(model);
        return;
      }
      case 'dropWeakref': {
        const held = this.weakrefs.flatMap((w, k) => (w === null ? [] : [k]));
        if (held.length === 0) return;
        const k = held[step.index % held.length];
        const model = this.weakrefs[k] as WeakrefModel;
        this.weakrefs[k] = null;
        rt.decref(model.wr);
        return;
      }
      case 'collect':
        rt.collector.collect(step.generation);
        return;
      case 'trace':
        if (step.on && !this.tracer.isTracing()) {
          this.tracer.start(1);
          this.ledger.startTracing();
        } else if (!step.on && this.tracer.isTracing()) {
          this.tracer.stop();
          this.ledger.stopTracing();
        }
        return;
    }
  }

  /** Records which nodes the runtime freed during the last step (before a free list reuses them). */
  noteFrees(reachable: Set<number>): void {
    this.nodes.forEach((node, i) => {
      if (node.freed || !node.obj.isFreed) return;
      // Invariant 2: nothing reachable was freed.
      expect(reachable.has(i), `node ${i} (${node.kind}) was freed while reachable`).toBe(false);
      node.freed = true;
    });
  }

  check(): void {
    const reachable = this.reachable();
    this.noteFrees(reachable);
    const live = this.nodes.filter((n) => !n.freed);
    // Invariant 1: refcount = variables + references from live nodes (weakrefs hold none).
    this.nodes.forEach((node, i) => {
      if (node.freed) return;
      let incoming = 0;
      for (const from of live) for (const to of outgoing(from)) if (to === i) incoming++;
      expect(node.obj.refcnt, `refcount of node ${i} (${node.kind})`).toBe(node.vars + incoming);
    });
    // Finalizers: run at most once, and always before a finalizable object is freed.
    for (const node of this.nodes) {
      expect(node.finalized).toBeLessThanOrEqual(1);
      if (node.kind === 'finalizable' && node.freed) expect(node.finalized).toBe(1);
      if (node.kind !== 'finalizable') expect(node.finalized).toBe(0);
    }
    // Weakrefs: alive exactly while their referent is; a callback runs once, when it dies.
    for (const model of this.weakrefs) {
      if (model === null) continue;
      const dead = this.nodes[model.node].freed;
      expect(model.wr.get()).toBe(dead ? null : this.nodes[model.node].obj);
      expect(model.callbackCalls).toBe(dead && model.hasCallback ? 1 : 0);
    }
    // Invariant 4: allocator totals equal the ledger's live blocks.
    expect(this.rt.memory.requestedBytes).toBe(this.ledger.liveBytes());
    expect(this.rt.memory.allocator.blockCount).toBe(this.ledger.blocks.size);
    // Invariant 5: tracemalloc's current total equals the live traced blocks, and so does its snapshot.
    if (this.tracer.isTracing()) {
      const [current] = this.tracer.getTracedMemory();
      expect(current).toBe(this.ledger.tracedBytes());
      const snapshot = this.tracer.takeSnapshot();
      let total = 0;
      for (const trace of snapshot.traces) total += trace.size;
      expect(total).toBe(current);
    } else {
      expect(this.tracer.getTracedMemory()).toEqual([0, 0]);
    }
  }

  /** Invariant 3: after a full collection nothing unreachable is left. */
  checkFullCollection(): void {
    this.rt.collector.collect(2);
    const reachable = this.reachable();
    this.check();
    this.nodes.forEach((node, i) => {
      expect(node.freed, `node ${i} (${node.kind}) after a full collection`).toBe(!reachable.has(i));
    });
  }
}

describe('random runtime operation sequences', () => {
  it(`keep refcounts, reachability, allocator and tracemalloc totals exact (${RUNS} runs)`, {
    timeout: 60_000,
  }, () => {
    fc.assert(
      fc.property(fc.array(ops, { maxLength: MAX_STEPS, size: 'max' }), (steps) => {
        const world = new World();
        world.check();
        for (const step of steps) {
          world.apply(step);
          world.check();
        }
        world.checkFullCollection();
        // Dropping every variable and weakref and collecting returns every node's memory.
        for (const node of world.nodes) for (; node.vars > 0; node.vars--) world.rt.decref(node.obj);
        world.weakrefs.forEach((model, k) => {
          if (model !== null) world.rt.decref(model.wr);
          world.weakrefs[k] = null;
        });
        world.checkFullCollection();
        expect(world.nodes.every((node) => node.freed)).toBe(true);
      }),
      { numRuns: RUNS, seed: SEED },
    );
  });
});
