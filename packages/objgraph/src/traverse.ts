import type { HeapView, PyObject } from '@memkit/runtime';
import type { EdgeLabel, GraphDirection, GraphSlice, Hsv, SliceEdge, SliceNode } from './graph-slice';
import { compareCodePoints } from './python-format';
import { ReferrerIndex } from './referrer-index';

/** How far a graph reaches and what it leaves out (objgraph's `_show_graph` arguments). */
export interface Traversal {
  readonly direction: GraphDirection;
  /** Nodes at this depth are drawn but not expanded. */
  readonly maxDepth: number;
  /** References drawn per node; the rest are counted in a "N more references" box. */
  readonly tooMany: number;
  /** Ids (`id(obj)`) never drawn. */
  readonly extraIgnore: ReadonlySet<number>;
  /** Neighbours failing it are left out silently. */
  readonly filter: ((obj: PyObject) => boolean) | null;
  /** Nodes passing it are drawn but not expanded (`show_backrefs` stops at proper modules). */
  readonly cull: ((obj: PyObject) => boolean) | null;
}

/** How nodes and edges look: labels, colour changes and extra Graphviz attributes. */
export interface NodeLook {
  label(obj: PyObject): string;
  edgeLabel(source: PyObject, target: PyObject): EdgeLabel | null;
  /** Drawn green (any module object, proper or not). */
  isModule(obj: PyObject): boolean;
  hasDel(obj: PyObject): boolean;
  /** Drawn blue. */
  highlight: ((obj: PyObject) => boolean) | null;
  /** `extra_node_attrs(obj)`: null or undefined values are left out. */
  extraNodeAttrs: ((obj: PyObject) => Readonly<Record<string, string | null | undefined>>) | null;
}

const WHITE: Hsv = [0, 0, 1];
const GREY: Hsv = [0, 0, 0.3];
const LIGHT_RED: Hsv = [0, 1, 1];
const DARK_RED: Hsv = [0, 1, 0.3];

/**
 * The graph `show_refs`/`show_backrefs` draw, found as objgraph's `_show_graph` finds it: a BFS
 * from the start objects (each at depth 0, repeats included) that, for each dequeued node,
 * describes it, stops at `maxDepth` or a culled node, and otherwise walks its referents (refs)
 * or referrers (backrefs), skipping ignored and filtered objects, drawing at most `tooMany`
 * edges and enqueueing objects not seen before one level deeper.
 */
export function traverse(
  heap: HeapView,
  starts: readonly PyObject[],
  traversal: Traversal,
  look: NodeLook,
): GraphSlice {
  const { direction, maxDepth, tooMany, extraIgnore, filter, cull } = traversal;
  const neighboursOf = neighbourFunction(heap, direction);
  const depth = new Map<PyObject, number>();
  const queue: PyObject[] = [];
  for (const obj of starts) {
    depth.set(obj, 0);
    queue.push(obj);
  }
  const nodes: SliceNode[] = [];
  for (let head = 0; head < queue.length; head++) {
    const target = queue[head];
    const tdepth = depth.get(target) as number;
    // objgraph's order, which callbacks with side effects can observe: label (and extra info),
    // extra attributes, highlight, the __del__ test, culling, then neighbours.
    const label = look.label(target);
    const attributes = nodeAttributes(target, look);
    const fill = nodeFill(target, tdepth, maxDepth, look);
    const hasDel = look.hasDel(target);
    const edges: SliceEdge[] = [];
    let skipped = 0;
    if (tdepth < maxDepth && !(cull?.(target) ?? false)) {
      for (const neighbour of neighboursOf(target)) {
        if (extraIgnore.has(neighbour.id)) continue;
        if (filter !== null && !filter(neighbour)) continue;
        if (edges.length >= tooMany) {
          skipped++;
          continue;
        }
        const [source, held] = direction === 'refs' ? [target, neighbour] : [neighbour, target];
        edges.push({ source, target: held, label: look.edgeLabel(source, held) });
        if (!depth.has(neighbour)) {
          depth.set(neighbour, tdepth + 1);
          queue.push(neighbour);
        }
      }
    }
    const skippedFill = gradient(LIGHT_RED, DARK_RED, tdepth + 1, maxDepth);
    nodes.push({
      object: target,
      depth: tdepth,
      label,
      fill,
      hasDel,
      attributes,
      edges,
      skipped,
      skippedFill,
    });
  }
  return { direction, starts: [...starts], nodes };
}

function neighbourFunction(heap: HeapView, direction: GraphDirection): (obj: PyObject) => PyObject[] {
  if (direction === 'refs') return (obj) => heap.referents(obj);
  let index: ReferrerIndex | null = null;
  return (obj) => {
    index ??= ReferrerIndex.build(heap);
    return index.referrers(obj);
  };
}

/** The depth gradient, then objgraph's module (green) and highlight (blue) overrides. */
function nodeFill(obj: PyObject, depth: number, maxDepth: number, look: NodeLook): Hsv {
  let [h, s, v] = gradient(WHITE, GREY, depth, maxDepth);
  if (look.isModule(obj)) {
    h = 0.3;
    s = 1;
  }
  if (look.highlight?.(obj)) {
    h = 0.6;
    s = 0.6;
    v = 0.5 + v * 0.5;
  }
  return [h, s, v];
}

/** `_gradient`: linear from `start` at depth 0 to `end` at `maxDepth` (the start colour when it is 0). */
export function gradient(start: Hsv, end: Hsv, depth: number, maxDepth: number): Hsv {
  if (maxDepth === 0) return start;
  const f = depth / maxDepth;
  return [start[0] * (1 - f) + end[0] * f, start[1] * (1 - f) + end[1] * f, start[2] * (1 - f) + end[2] * f];
}

function nodeAttributes(obj: PyObject, look: NodeLook): [string, string][] {
  if (look.extraNodeAttrs === null) return [];
  const out: [string, string][] = [];
  for (const [name, value] of Object.entries(look.extraNodeAttrs(obj))) {
    if (value !== null && value !== undefined) out.push([name, value]);
  }
  return out.sort(([a], [b]) => compareCodePoints(a, b));
}
