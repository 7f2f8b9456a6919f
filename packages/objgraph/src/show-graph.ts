import { MemkitError, type PyObject, PythonError, toPythonOSError } from '@memkit/runtime';
import { drawnNodeCount, formatDot } from './dot';
import { emptyMaxError, GraphTooLargeError, RenderError } from './errors';
import type { GraphFiles } from './graph-files';
import type { GraphDirection, GraphSlice } from './graph-slice';
import type { ObjgraphHost } from './host';
import { edgeLabel, objLabel } from './labels';
import { hasDel, isModule, isProperModule } from './modules';
import type { GraphRenderer } from './renderer';
import { traverse } from './traverse';

/** Options of `show_refs` / `show_backrefs` (objgraph's keyword arguments). */
export interface GraphOptions {
  /** Default 3. */
  maxDepth?: number;
  /** Ids (`id(obj)`) never drawn. */
  extraIgnore?: Iterable<number>;
  /** Objects for which it returns false are not drawn. */
  filter?: ((obj: PyObject) => boolean) | null;
  /** References drawn per object before a "N more references" box (default 10). */
  tooMany?: number;
  /** Objects drawn blue. */
  highlight?: ((obj: PyObject) => boolean) | null;
  /** A third label line, `str(extra_info(obj))`. */
  extraInfo?: ((obj: PyObject) => string) | null;
  /** Adds `[refcount]` to type names. */
  refcounts?: boolean;
  /** Type names without their module (default true). */
  shortnames?: boolean;
  /** Extra Graphviz attributes per node; null values are left out. */
  extraNodeAttrs?: ((obj: PyObject) => Readonly<Record<string, string | null | undefined>>) | null;
}

/** Where a graph goes: a file named by its format (`.dot`, `.svg`, `.png`, …) or a text sink. */
export interface GraphOutputOptions {
  filename?: string | null;
  /** objgraph's `output` file object: receives the DOT text; nothing else is written or printed. */
  output?: { write(text: string): void } | null;
}

/** What a graph call produced and what objgraph would have printed. */
export interface ShowGraphResult {
  readonly dot: string;
  /** Objects drawn (the "N nodes" objgraph prints). */
  readonly nodes: number;
  /** objgraph's stdout lines: "Graph written to … (N nodes)", "Image generated as …". */
  readonly messages: readonly string[];
  /** What `dot` would have written to stderr (an unknown output format). */
  readonly errors: readonly string[];
  readonly dotFilename: string | null;
  readonly imageFilename: string | null;
}

/** Where graph files go and what renders them. */
export interface GraphIo {
  /** null: only `output` works. */
  readonly files: GraphFiles | null;
  /** Called at render time; null plays objgraph without Graphviz installed. */
  readonly renderer: () => GraphRenderer | null;
  /** Graphs drawing more boxes than this are not rendered (the .dot file is kept). */
  readonly maxRenderNodes: number;
}

/** Default `GraphIo.maxRenderNodes`: 1,111 objects is what objgraph's defaults can reach. */
export const DEFAULT_MAX_RENDER_NODES = 5000;

/** The graph slice `show_refs` (refs) or `show_backrefs` (backrefs) would draw; collects first. */
export function buildGraph(
  host: ObjgraphHost,
  objs: PyObject | readonly PyObject[],
  direction: GraphDirection,
  options: GraphOptions = {},
): GraphSlice {
  const starts = Array.isArray(objs) ? (objs as readonly PyObject[]) : [objs as PyObject];
  const shortnames = options.shortnames ?? true;
  const refcount = (obj: PyObject) => host.heap.refcount(obj);
  const labelOptions = {
    shortnames,
    refcounts: options.refcounts ?? false,
    extraInfo: options.extraInfo,
    refcount,
  };
  host.collect();
  return traverse(
    host.heap,
    starts,
    {
      direction,
      maxDepth: options.maxDepth ?? 3,
      tooMany: options.tooMany ?? 10,
      extraIgnore: new Set(options.extraIgnore ?? []),
      filter: options.filter ?? null,
      // show_backrefs stops at modules in sys.modules, or the graph explodes into every module.
      cull: direction === 'backrefs' ? (obj) => isProperModule(obj, host) : null,
    },
    {
      label: (obj) => objLabel(obj, host, labelOptions),
      edgeLabel: (source, target) => edgeLabel(source, target, host, shortnames),
      isModule,
      hasDel,
      highlight: options.highlight ?? null,
      extraNodeAttrs: options.extraNodeAttrs ?? null,
    },
  );
}

/**
 * `_show_graph`: builds the graph, then writes the DOT text to `output`, or to `filename` when
 * it ends in `.dot`, or to a temporary `objgraph-*.dot` file that is then rendered to
 * `filename` in the format its extension names (a PNG beside the DOT file without a filename).
 * Returns objgraph's messages instead of printing them. A graph the renderer cannot take throws
 * a `RenderError` carrying the kept `.dot` file and the messages so far.
 */
export function showGraph(
  host: ObjgraphHost,
  io: GraphIo,
  objs: PyObject | readonly PyObject[],
  direction: GraphDirection,
  options: GraphOptions & GraphOutputOptions = {},
): ShowGraphResult {
  const { filename, output } = options;
  if (filename && output) throw new PythonError('ValueError', 'Cannot specify both output and filename.');
  const slice = buildGraph(host, objs, direction, options);
  const dot = formatDot(slice);
  const nodes = slice.nodes.length;
  const result = { dot, nodes, messages: [] as string[], errors: [] as string[] };
  if (output) {
    output.write(dot);
    return { ...result, dotFilename: null, imageFilename: null };
  }
  const files = io.files;
  if (files === null) {
    throw new MemkitError(
      'MEMKIT_NO_GRAPH_FILES',
      'this Objgraph has no file writer; pass output, or create it with files (nodeGraphFiles() in Node)',
    );
  }
  const dotFilename = filename?.endsWith('.dot') ? filename : files.makeTemp('objgraph-', '.dot');
  try {
    files.writeText(dotFilename, dot);
  } catch (error) {
    // objgraph's `open(filename, 'w')`: a missing or read-only folder raises OSError.
    throw toPythonOSError(error, dotFilename);
  }
  result.messages.push(`Graph written to ${dotFilename} (${nodes} nodes)`);
  const imageFilename = presentGraph(slice, dot, dotFilename, filename ?? null, files, io, result);
  return { ...result, dotFilename, imageFilename };
}

/** `_present_graph`, with the WebAssembly renderer standing in for the `dot` program (and no xdot). */
function presentGraph(
  slice: GraphSlice,
  dot: string,
  dotFilename: string,
  filename: string | null,
  files: GraphFiles,
  io: GraphIo,
  result: { messages: string[]; errors: string[] },
): string | null {
  if (filename === dotFilename) return null;
  const renderer = io.renderer();
  if (renderer === null) {
    result.messages.push(
      filename
        ? 'Image renderer (dot) not found, not doing anything else'
        : 'Graph viewer (xdot) and image renderer (dot) not found, not doing anything else',
    );
    return null;
  }
  let target = filename;
  if (!target) {
    result.messages.push('Graph viewer (xdot) not found, generating a png instead');
    target = `${dotFilename.slice(0, -4)}.png`;
  }
  const format = extension(target).slice(1);
  if (!renderer.formats.includes(format)) {
    // What objgraph prints when `dot -T<format>` exits with status 1.
    result.errors.push(`Format: "${format}" not recognized. Use one of: ${renderer.formats.join(' ')}`);
    result.messages.push(
      `dot failed (exit code 1) while executing "dot -T${format} -o${target} ${dotFilename}"`,
    );
    return null;
  }
  try {
    const drawn = drawnNodeCount(slice);
    if (drawn > io.maxRenderNodes) throw new GraphTooLargeError(drawn, io.maxRenderNodes);
    const image = renderer.render(dot, format);
    try {
      if (typeof image === 'string') files.writeText(target, image);
      else files.writeBytes(target, image);
    } catch (error) {
      const reason = toPythonOSError(error, target);
      if (!(reason instanceof PythonError)) throw error;
      // objgraph runs `dot -o target`, which fails with Graphviz's message and status 1; the
      // program goes on, as it does in CPython.
      const strerror = reason.message.replace(/^\[Errno \d+\] /, '').replace(/: '.*'$|: ".*"$/s, '');
      result.errors.push(`Error: Could not open "${target}" for writing : ${strerror}`);
      result.messages.push(
        `dot failed (exit code 1) while executing "dot -T${format} -o${target} ${dotFilename}"`,
      );
      return null;
    }
  } catch (error) {
    if (error instanceof RenderError) {
      error.dotFilename = dotFilename;
      error.messages = [...result.messages];
    }
    throw error;
  }
  result.messages.push(`Image generated as ${target}`);
  return target;
}

/** `os.path.splitext(path)[1]`: the last extension of the last component, leading dots ignored. */
export function extension(path: string): string {
  const base = path.slice(path.lastIndexOf('/') + 1);
  const dot = base.lastIndexOf('.');
  return dot < 0 || /^\.*$/.test(base.slice(0, dot)) ? '' : base.slice(dot);
}

/** `show_chain`'s graph: the non-empty chains, as deep as the longest, drawing only their objects. */
export function chainGraph(chains: readonly (readonly PyObject[])[]): {
  chains: (readonly PyObject[])[];
  maxDepth: number;
  filter: (obj: PyObject) => boolean;
} {
  const kept = chains.filter((chain) => chain.length > 0);
  if (kept.length === 0) throw emptyMaxError();
  const members = new Set<number>();
  for (const chain of kept) for (const obj of chain) members.add(obj.id);
  return {
    chains: kept,
    maxDepth: Math.max(...kept.map((chain) => chain.length)) - 1,
    filter: (obj) => members.has(obj.id),
  };
}
