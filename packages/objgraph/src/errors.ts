import { MemkitError, PythonError } from '@memkit/runtime';

/** `max()` of nothing, which objgraph's table printers hit when there is no row. */
export function emptyMaxError(): PythonError {
  return new PythonError('ValueError', 'max() arg is an empty sequence');
}

/** A graph could not be rendered; the `.dot` file written before rendering is kept. */
export class RenderError extends MemkitError {
  /** The DOT file already written, when there is one. */
  dotFilename: string | null = null;
  /** Lines objgraph had printed before the failure ("Graph written to …"). */
  messages: readonly string[] = [];
}

/** Rendering was asked for before `initRenderer()` finished (or after a failed render reset it). */
export class RendererNotReadyError extends RenderError {
  constructor() {
    super(
      'MEMKIT_RENDERER_NOT_READY',
      'the Graphviz/resvg renderer is not loaded; await initRenderer() once before rendering',
    );
  }
}

/** The graph has more nodes than the WebAssembly Graphviz lays out reliably. */
export class GraphTooLargeError extends RenderError {
  constructor(nodes: number, limit: number) {
    super(
      'MEMKIT_GRAPH_TOO_LARGE',
      `the graph has ${nodes} nodes, more than the ${limit} the WebAssembly renderer lays out; ` +
        'lower max_depth or too_many, or write a .dot file and render it with a native Graphviz',
    );
  }
}

/** The image would be too large to rasterize. */
export class ImageTooLargeError extends RenderError {
  constructor(width: number, height: number, limit: number) {
    super(
      'MEMKIT_IMAGE_TOO_LARGE',
      `the PNG would be ${width}x${height} pixels, more than ${limit} pixels; write an .svg instead`,
    );
  }
}

/** An output format the renderer cannot produce. */
export class UnsupportedFormatError extends RenderError {
  constructor(format: string, formats: readonly string[]) {
    super('MEMKIT_RENDER_FORMAT', `Format: "${format}" not recognized. Use one of: ${formats.join(' ')}`);
  }
}

/** Graphviz or resvg failed inside WebAssembly. */
export class RenderFailedError extends RenderError {
  constructor(stage: string, cause: unknown, reset: boolean) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    const next = reset
      ? '; the renderer was unloaded, await initRenderer() again before the next render'
      : '';
    super('MEMKIT_RENDER_FAILED', `${stage} failed: ${reason}${next}`);
    this.cause = cause;
  }
}
