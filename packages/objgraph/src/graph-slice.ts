import type { PyObject } from '@memkit/runtime';

/** Which way a graph follows references: what objects hold (`refs`) or what holds them (`backrefs`). */
export type GraphDirection = 'refs' | 'backrefs';

/** A colour as objgraph writes it: hue, saturation, value in 0..1. */
export type Hsv = readonly [h: number, s: number, v: number];

/** An edge's label and Graphviz weight (null: no `weight` attribute). */
export interface EdgeLabel {
  readonly text: string;
  readonly weight: number | null;
}

/** One reference drawn in the graph, always from holder (`source`) to held (`target`). */
export interface SliceEdge {
  readonly source: PyObject;
  readonly target: PyObject;
  readonly label: EdgeLabel | null;
}

/** A node of a graph slice, in the order objgraph's BFS dequeued it. */
export interface SliceNode {
  readonly object: PyObject;
  /** Distance from the start objects, in edges. */
  readonly depth: number;
  /** Label text before DOT quoting: type name, short repr, extra info, one per line. */
  readonly label: string;
  /** Fill colour: the depth gradient, turned green for modules and blue for highlighted objects. */
  readonly fill: Hsv;
  /** The type defines `__del__` (drawn as a red double circle beside the node). */
  readonly hasDel: boolean;
  /** `extra_node_attrs(obj)`, sorted by name, None values left out. */
  readonly attributes: readonly (readonly [name: string, value: string])[];
  /** References written when the node was expanded, in order (none past max depth or at a culled module). */
  readonly edges: readonly SliceEdge[];
  /** Further references left out past `too_many`. */
  readonly skipped: number;
  /** Colour of the "N more references" box when `skipped > 0`. */
  readonly skippedFill: Hsv;
}

/**
 * The part of the heap a graph shows: what `show_refs`/`show_backrefs` found by BFS from the
 * start objects, with everything the DOT text needs and nothing more.
 */
export interface GraphSlice {
  readonly direction: GraphDirection;
  /** The start objects as given (a repeated object is a repeated start, as in objgraph). */
  readonly starts: readonly PyObject[];
  readonly nodes: readonly SliceNode[];
}
