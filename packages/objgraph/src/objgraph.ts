import type { PyObject, Runtime } from '@memkit/runtime';
import { type ChainOptions, findBackrefChain, findRefChain } from './chains';
import type { GraphFiles } from './graph-files';
import type { GraphDirection, GraphSlice } from './graph-slice';
import { formatGrowth, type GrowthOptions, type GrowthRow, GrowthTracker, growth } from './growth';
import { type ObjgraphHost, runtimeHost } from './host';
import { isProperModule } from './modules';
import { getNewIds, type NewIdsOptions, type NewIdsResult, NewIdsTracker } from './new-ids';
import { type GraphRenderer, loadedRenderer } from './renderer';
import {
  buildGraph,
  chainGraph,
  DEFAULT_MAX_RENDER_NODES,
  type GraphIo,
  type GraphOptions,
  type GraphOutputOptions,
  type ShowGraphResult,
  showGraph,
} from './show-graph';
import {
  at,
  atAddrs,
  byType,
  count,
  formatMostCommonTypes,
  getLeakingObjects,
  type MostCommonTypesOptions,
  mostCommonTypes,
  type TypestatsOptions,
  typestats,
} from './typestats';

/** How an `Objgraph` writes and renders graph files. */
export interface ObjgraphIoOptions {
  /** Where graph files go (default none: only `output` works). `nodeGraphFiles()` in Node. */
  files?: GraphFiles | null;
  /** Renderer for images; default: the process renderer once `initRenderer()` has resolved. */
  renderer?: GraphRenderer | null;
  maxRenderNodes?: number;
}

/** `show_chain` options: `show_backrefs` ones (or `show_refs` ones with `backrefs: false`). */
export type ShowChainOptions = Omit<GraphOptions, 'maxDepth' | 'filter' | 'tooMany' | 'extraIgnore'> &
  GraphOutputOptions & { backrefs?: boolean };

/**
 * objgraph's functions over one program's heap, in TypeScript names (`show_refs` →
 * `showRefs`). Functions return data and the lines objgraph prints; printing is the caller's.
 * The only state kept between calls is the two explicit trackers objgraph keeps in default
 * arguments (`peak_stats={}`, `_state={}`), exposed here so callers can see or replace them.
 */
export class Objgraph {
  readonly host: ObjgraphHost;
  /** The peaks `growth()`/`showGrowth()` compare against when no `peakStats` is given. */
  readonly growthTracker = new GrowthTracker();
  /** The ids `getNewIds()` compares against when no `tracker` is given. */
  readonly newIdsTracker = new NewIdsTracker();
  private readonly io: GraphIo;

  constructor(host: ObjgraphHost, io: ObjgraphIoOptions = {}) {
    this.host = host;
    const renderer = io.renderer;
    this.io = {
      files: io.files ?? null,
      renderer: renderer === undefined ? loadedRenderer : () => renderer,
      maxRenderNodes: io.maxRenderNodes ?? DEFAULT_MAX_RENDER_NODES,
    };
  }

  /** An Objgraph over a `Runtime` used from TypeScript (see `runtimeHost` for the defaults). */
  static forRuntime(
    runtime: Runtime,
    options: ObjgraphIoOptions & { host?: Partial<ObjgraphHost> } = {},
  ): Objgraph {
    return new Objgraph(runtimeHost(runtime, options.host), options);
  }

  private get heap() {
    return this.host.heap;
  }

  count(typename: string, objects?: Iterable<PyObject> | null): number {
    return count(this.heap, typename, objects);
  }

  typestats(options: TypestatsOptions = {}): Map<string, number> {
    return typestats(this.heap, options);
  }

  mostCommonTypes(options: MostCommonTypesOptions = {}): [string, number][] {
    return mostCommonTypes(this.heap, options);
  }

  /** The lines `show_most_common_types()` prints. */
  showMostCommonTypes(options: MostCommonTypesOptions = {}): string[] {
    return formatMostCommonTypes(mostCommonTypes(this.heap, options));
  }

  /** `growth()`: collects, then reports types whose count passed its peak. */
  growth(options: Partial<GrowthOptions> = {}): GrowthRow[] {
    this.host.collect();
    return growth(this.heap, { ...options, peakStats: options.peakStats ?? this.growthTracker });
  }

  /** The lines `show_growth()` prints (none when nothing grew). */
  showGrowth(options: Partial<GrowthOptions> = {}): string[] {
    return formatGrowth(this.growth(options));
  }

  /** `get_new_ids()`: collects (unless `skipUpdate`), returns the new ids per type and the table. */
  getNewIds(options: Partial<NewIdsOptions> = {}): NewIdsResult {
    if (!options.skipUpdate) this.host.collect();
    return getNewIds(this.heap, { ...options, tracker: options.tracker ?? this.newIdsTracker });
  }

  /** `get_leaking_objects()`: collects first when no `objects` are given. */
  getLeakingObjects(objects?: Iterable<PyObject> | null): PyObject[] {
    if (objects === undefined || objects === null) this.host.collect();
    return getLeakingObjects(this.heap, objects);
  }

  byType(typename: string, objects?: Iterable<PyObject> | null): PyObject[] {
    return byType(this.heap, typename, objects);
  }

  at(address: number): PyObject | null {
    return at(this.heap, address);
  }

  atAddrs(addresses: Iterable<number>): PyObject[] {
    return atAddrs(this.heap, addresses);
  }

  findRefChain(obj: PyObject, predicate: (obj: PyObject) => boolean, options: ChainOptions = {}): PyObject[] {
    this.host.collect();
    return findRefChain(this.heap, obj, predicate, options);
  }

  findBackrefChain(
    obj: PyObject,
    predicate: (obj: PyObject) => boolean,
    options: ChainOptions = {},
  ): PyObject[] {
    this.host.collect();
    return findBackrefChain(this.heap, obj, predicate, options);
  }

  isProperModule(obj: PyObject): boolean {
    return isProperModule(obj, this.host);
  }

  /** The graph `showRefs` (refs) or `showBackrefs` (backrefs) would draw, without writing anything. */
  graph(
    objs: PyObject | readonly PyObject[],
    direction: GraphDirection,
    options: GraphOptions = {},
  ): GraphSlice {
    return buildGraph(this.host, objs, direction, options);
  }

  showRefs(
    objs: PyObject | readonly PyObject[],
    options: GraphOptions & GraphOutputOptions = {},
  ): ShowGraphResult {
    return showGraph(this.host, this.io, objs, 'refs', options);
  }

  showBackrefs(
    objs: PyObject | readonly PyObject[],
    options: GraphOptions & GraphOutputOptions = {},
  ): ShowGraphResult {
    return showGraph(this.host, this.io, objs, 'backrefs', options);
  }

  /**
   * `show_chain(*chains)`: draws the chains (from `findBackrefChain`/`findRefChain`) back from
   * their last objects, or forward from their first with `backrefs: false`.
   */
  showChain(chains: readonly (readonly PyObject[])[], options: ShowChainOptions = {}): ShowGraphResult {
    const { backrefs = true, ...rest } = options;
    const graph = chainGraph(chains);
    const objs = graph.chains.map((chain) => (backrefs ? chain[chain.length - 1] : chain[0]));
    const graphOptions = { ...rest, maxDepth: graph.maxDepth, filter: graph.filter };
    return showGraph(this.host, this.io, objs, backrefs ? 'backrefs' : 'refs', graphOptions);
  }
}
