/**
 * The one impure stage: DOT → SVG with Graphviz compiled to WebAssembly (`@hpcc-js/wasm-graphviz`)
 * and SVG → PNG with resvg (`@resvg/resvg-wasm`) drawing every label in the bundled Arimo TTF
 * (metric-compatible with Helvetica/Arial), so an image looks the same on every machine and no
 * system Graphviz or font is needed. Loading is asynchronous (WebAssembly compiles off the main
 * thread); once `initRenderer()` has resolved, rendering is synchronous, which synchronous
 * Python calls such as `objgraph.show_refs(..., filename='x.png')` need.
 */
import type { Format, Graphviz } from '@hpcc-js/wasm-graphviz';
import type { initWasm as InitWasm, Resvg as ResvgClass } from '@resvg/resvg-wasm';
import {
  ImageTooLargeError,
  RendererNotReadyError,
  RenderFailedError,
  UnsupportedFormatError,
} from './errors';

/** Produces an image file's contents from DOT text. */
export interface GraphRenderer {
  /** Output formats, as `dot -T` names them (a filename's extension without the dot). */
  readonly formats: readonly string[];
  /** Text for text formats (svg, dot, json, plain, …), bytes for png. */
  render(dot: string, format: string): string | Uint8Array;
}

/** Where the renderer's WebAssembly and font come from (defaults: read from node_modules in Node). */
export interface RendererOptions {
  /** resvg's `index_bg.wasm` (its bytes); required outside Node. */
  resvgWasm?: ArrayBuffer | ArrayBufferView;
  /** A TTF/OTF font for every label (resvg ignores WOFF/WOFF2); required outside Node. */
  font?: Uint8Array;
}

/** How an SVG is rasterized. */
export interface PngOptions {
  /** Zoom (default 1: Graphviz sizes SVGs in points, which resvg draws at 96 dpi, as `dot -Tpng` does). */
  scale?: number;
  background?: string;
  /** Larger images fail with `MEMKIT_IMAGE_TOO_LARGE` (default 50 megapixels). */
  maxPixels?: number;
}

/** Formats Graphviz-WASM writes itself, as `@hpcc-js/wasm-graphviz` types them (no bitmaps: PNG goes through resvg). */
const GRAPHVIZ_FORMATS: readonly Format[] = [
  'canon',
  'dot',
  'dot_json',
  'json',
  'plain',
  'plain-ext',
  'svg',
  'svg_inline',
  'xdot_json',
];

/**
 * Every format `Renderer.render` takes, sorted: known without loading the WebAssembly, so a
 * renderer that loads on first use (or in another thread) can answer `formats` at once.
 */
export const RENDER_FORMATS: readonly string[] = [...GRAPHVIZ_FORMATS, 'png'].sort();

const DEFAULT_MAX_PIXELS = 50_000_000;
/** The bundled font: Arimo Regular from `@expo-google-fonts/arimo` (OFL-1.1), a real TTF. */
const FONT_MODULE = '@expo-google-fonts/arimo/400Regular/Arimo_400Regular.ttf';
const FONT_FAMILY = 'Arimo';

type ResvgConstructor = typeof ResvgClass;

/** A loaded Graphviz + resvg pair; get it from `initRenderer()`. */
export class Renderer implements GraphRenderer {
  readonly formats: readonly string[] = RENDER_FORMATS;
  private readonly graphviz: Graphviz;
  private readonly Resvg: ResvgConstructor;
  private readonly font: Uint8Array;

  /** @internal Made by `initRenderer()`. */
  constructor(graphviz: Graphviz, resvg: ResvgConstructor, font: Uint8Array) {
    this.graphviz = graphviz;
    this.Resvg = resvg;
    this.font = font;
  }

  /** The Graphviz version inside the WebAssembly build. */
  get graphvizVersion(): string {
    return this.graphviz.version();
  }

  render(dot: string, format: string): string | Uint8Array {
    if (format === 'png') return this.svgToPng(this.dotToSvg(dot));
    if (format === 'svg') return this.dotToSvg(dot);
    return this.layout(withHelvetica(dot), format);
  }

  /** SVG of a DOT graph, labels set in Helvetica (drawn as Arimo), safe to parse as XML. */
  dotToSvg(dot: string): string {
    return xmlSafe(this.layout(withHelvetica(dot), 'svg'));
  }

  /** A PNG of an SVG, text drawn with the bundled font and no system fonts. */
  svgToPng(svg: string, options: PngOptions = {}): Uint8Array {
    const scale = options.scale ?? 1;
    const maxPixels = options.maxPixels ?? DEFAULT_MAX_PIXELS;
    let resvg: InstanceType<ResvgConstructor> | null = null;
    try {
      resvg = new this.Resvg(svg, {
        background: options.background ?? 'white',
        fitTo: { mode: 'zoom', value: scale },
        font: {
          fontBuffers: [this.font],
          defaultFontFamily: FONT_FAMILY,
          sansSerifFamily: FONT_FAMILY,
          serifFamily: FONT_FAMILY,
          monospaceFamily: FONT_FAMILY,
        },
      });
      const width = Math.ceil(resvg.width * scale);
      const height = Math.ceil(resvg.height * scale);
      if (width * height > maxPixels) throw new ImageTooLargeError(width, height, maxPixels);
      const image = resvg.render();
      try {
        return image.asPng();
      } finally {
        image.free();
      }
    } catch (error) {
      if (error instanceof ImageTooLargeError) throw error;
      throw new RenderFailedError('resvg (SVG to PNG)', error, false);
    } finally {
      resvg?.free();
    }
  }

  private layout(dot: string, format: string): string {
    if (!isGraphvizFormat(format)) throw new UnsupportedFormatError(format, this.formats);
    let out: string;
    try {
      out = this.graphviz.layout(dot, format, 'dot');
    } catch (error) {
      // hpcc-js drops its WebAssembly instance after any Graphviz error (a failed layout can leave
      // Graphviz's memory corrupt, hpcc-js-wasm#139), so this renderer is done: load a fresh one.
      resetRenderer();
      throw new RenderFailedError('Graphviz (DOT layout)', error, true);
    }
    if (out === '')
      throw new RenderFailedError('Graphviz (DOT layout)', 'no output (empty DOT text?)', false);
    return out;
  }
}

function isGraphvizFormat(format: string): format is Format {
  return (GRAPHVIZ_FORMATS as readonly string[]).includes(format);
}

// One renderer per process: resvg's `initWasm` may run only once per process, and Graphviz-WASM
// keeps a single module instance, so the loaded pair is module state rather than a caller's object.
let loading: Promise<Renderer> | null = null;
let ready: Renderer | null = null;
let resvgInitialized = false;

/**
 * Loads Graphviz and resvg (once; later calls return the same renderer). In Node the resvg
 * WebAssembly and the Arimo font are read from `node_modules`; elsewhere pass them in `options`.
 */
export function initRenderer(options: RendererOptions = {}): Promise<Renderer> {
  loading ??= load(options).then(
    (renderer) => {
      ready = renderer;
      return renderer;
    },
    (error: unknown) => {
      loading = null;
      throw error;
    },
  );
  return loading;
}

/** The loaded renderer, or null before `initRenderer()` has resolved. */
export function loadedRenderer(): Renderer | null {
  return ready;
}

/** SVG of a DOT graph; needs `initRenderer()` first. */
export function renderSvg(dot: string): string {
  return requireRenderer().dotToSvg(dot);
}

/** PNG of a DOT graph; needs `initRenderer()` first. */
export function renderPng(dot: string, options: PngOptions = {}): Uint8Array {
  const renderer = requireRenderer();
  return renderer.svgToPng(renderer.dotToSvg(dot), options);
}

function requireRenderer(): Renderer {
  if (ready === null) throw new RendererNotReadyError();
  return ready;
}

function resetRenderer(): void {
  ready = null;
  loading = null;
}

async function load(options: RendererOptions): Promise<Renderer> {
  const [{ Graphviz }, resvg] = await Promise.all([
    import('@hpcc-js/wasm-graphviz'),
    import('@resvg/resvg-wasm'),
  ]);
  const [graphviz, font] = await Promise.all([Graphviz.load(), options.font ?? readPackageFile(FONT_MODULE)]);
  if (!resvgInitialized) {
    await initResvg(
      resvg.initWasm,
      options.resvgWasm ?? (await readPackageFile('@resvg/resvg-wasm/index_bg.wasm')),
    );
    resvgInitialized = true;
  }
  return new Renderer(graphviz, resvg.Resvg, font);
}

async function initResvg(initWasm: typeof InitWasm, wasm: ArrayBuffer | ArrayBufferView): Promise<void> {
  try {
    await initWasm(wasm);
  } catch (error) {
    // Another library in the process initialized resvg first; its instance serves us too.
    if (!(error instanceof Error && error.message.startsWith('Already initialized'))) throw error;
  }
}

/** A file shipped in an installed package, found as Node resolves it. */
async function readPackageFile(specifier: string): Promise<Uint8Array> {
  if (typeof process === 'undefined' || process.versions?.node === undefined) {
    throw new Error(
      `cannot read ${specifier} outside Node: pass initRenderer({ resvgWasm, font }) the bytes instead`,
    );
  }
  const [{ createRequire }, { readFileSync }] = await Promise.all([import('node:module'), import('node:fs')]);
  const require = createRequire(import.meta.url);
  return new Uint8Array(readFileSync(require.resolve(specifier)));
}

/**
 * DOT with `fontname="Helvetica"` as the default of the graph, its nodes and its edges, set
 * just inside the graph's opening brace so the graph's own settings still win. The `.dot` file
 * written for the user stays objgraph's text; only what Graphviz lays out changes.
 */
export function withHelvetica(dot: string): string {
  const brace = bodyStart(dot);
  if (brace < 0) return dot;
  const defaults = ' graph[fontname="Helvetica"]; node[fontname="Helvetica"]; edge[fontname="Helvetica"];';
  return dot.slice(0, brace + 1) + defaults + dot.slice(brace + 1);
}

/** Index of the `{` opening the graph body, skipping comments and quoted IDs before it. */
function bodyStart(dot: string): number {
  for (let i = 0; i < dot.length; i++) {
    const ch = dot[i];
    if (ch === '{') return i;
    if (ch === '"') {
      for (i++; i < dot.length && dot[i] !== '"'; i++) if (dot[i] === '\\') i++;
    } else if (ch === '/' && dot[i + 1] === '*') {
      const end = dot.indexOf('*/', i + 2);
      i = end < 0 ? dot.length : end + 1;
    } else if ((ch === '/' && dot[i + 1] === '/') || (ch === '#' && (i === 0 || dot[i - 1] === '\n'))) {
      const end = dot.indexOf('\n', i);
      i = end < 0 ? dot.length : end;
    }
  }
  return -1;
}

/**
 * Graphviz copies control characters from labels into the SVG unchanged, which makes it
 * malformed XML (resvg then refuses it); they become U+FFFD, as Graphviz already does for
 * invalid character references.
 */
function xmlSafe(svg: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching them is the point
  return svg.replace(/[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]/g, '\uFFFD');
}
