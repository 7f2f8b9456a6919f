import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PyObject } from '../../src/object';
import type { PyDict } from '../../src/objects/dict';
import { PyInstance } from '../../src/objects/instance';
import { PyList } from '../../src/objects/list';
import { HeapBuilder } from './heap-builder';

const MAX_NODES = 24;
const MAX_EDGES = 60;
const KINDS = ['list', 'instance', 'dict'] as const;

const graphs = fc
  .record({
    kinds: fc.array(fc.constantFrom(...KINDS), { minLength: 1, maxLength: MAX_NODES }),
    edges: fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: MAX_EDGES }),
    roots: fc.array(fc.boolean(), { minLength: MAX_NODES, maxLength: MAX_NODES }),
    generation: fc.constantFrom(0, 1, 2),
  })
  .map(({ kinds, edges, roots, generation }) => ({
    kinds,
    edges: edges.map(([from, to]) => [from % kinds.length, to % kinds.length] as const),
    roots: roots.slice(0, kinds.length),
    generation,
  }));

/** The nodes reachable from the roots along the edges: the reference the collector is judged by. */
function reachableFrom(
  roots: readonly boolean[],
  edges: readonly (readonly [number, number])[],
): Set<number> {
  const out = new Map<number, number[]>();
  for (const [from, to] of edges) out.set(from, [...(out.get(from) ?? []), to]);
  const seen = new Set<number>();
  const stack = roots.flatMap((isRoot, i) => (isRoot ? [i] : []));
  while (stack.length > 0) {
    const node = stack.pop() as number;
    if (seen.has(node)) continue;
    seen.add(node);
    stack.push(...(out.get(node) ?? []));
  }
  return seen;
}

describe('cycle collector on random object graphs', () => {
  it('frees exactly the unreachable objects, keeps counts exact and memory balanced', () => {
    fc.assert(
      fc.property(graphs, ({ kinds, edges, roots, generation }) => {
        const h = new HeapBuilder();
        const { rt } = h;
        const A = h.cls('A');
        const names = Array.from({ length: MAX_EDGES }, (_, i) => rt.intern(`e${i}`));
        h.collect();
        const baseline = rt.memory.requestedBytes;

        const nodes: PyObject[] = kinds.map((kind) =>
          kind === 'list' ? rt.newList() : kind === 'instance' ? h.obj(A) : rt.newDict(),
        );
        edges.forEach(([from, to], i) => {
          const source = nodes[from];
          const target = rt.share(nodes[to]);
          if (source instanceof PyList) source.append(rt, target);
          else if (source instanceof PyInstance) source.setAttribute(rt, names[i], target);
          else (source as PyDict).set(rt, rt.share(names[i]), target);
        });
        // Drop every variable that is not a root; refcounting frees the acyclic garbage now.
        nodes.forEach((node, i) => {
          if (!roots[i]) rt.decref(node);
        });
        const reachable = reachableFrom(roots, edges);
        // A dict is only tracked once a container was stored in it: an empty one is freed as a
        // side effect and, as in CPython, not counted.
        const tracked = (i: number) => kinds[i] !== 'dict' || edges.some(([from]) => from === i);
        const leftForCollector = nodes.filter(
          (node, i) => !reachable.has(i) && !node.isFreed && tracked(i),
        ).length;

        expect(h.collect(generation)).toBe(leftForCollector);
        nodes.forEach((node, i) => {
          expect(node.isFreed).toBe(!reachable.has(i));
        });
        // Each survivor's count is its root reference plus one per edge from a survivor.
        nodes.forEach((node, i) => {
          if (!reachable.has(i)) return;
          const incoming = edges.filter(([from, to]) => to === i && reachable.has(from)).length;
          expect(node.refcnt).toBe(incoming + (roots[i] ? 1 : 0));
        });

        nodes.forEach((node, i) => {
          if (roots[i]) rt.decref(node);
        });
        h.collect();
        expect(nodes.every((node) => node.isFreed)).toBe(true);
        expect(rt.memory.requestedBytes).toBe(baseline);
      }),
      { numRuns: 300 },
    );
  });
});
