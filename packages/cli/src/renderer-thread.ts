import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from 'node:worker_threads';
import {
  type GraphRenderer,
  GraphTooLargeError,
  ImageTooLargeError,
  RENDER_FORMATS,
  RenderError,
  RendererNotReadyError,
  RenderFailedError,
  UnsupportedFormatError,
} from '@memkit/objgraph';
import { threadEntry } from './thread-entry';

/** Index in `RendererThreadData.state` of the count of replies the thread has posted. */
export const REPLIES = 0;
/** Index in `RendererThreadData.state` set once the thread ends: its exit code, -1 for 0. */
export const RENDERER_ENDED = 1;

/** What the renderer thread is started with, besides the port its requests come on. */
export interface RendererThreadData {
  /** Shared between the threads: `[REPLIES]`, `[RENDERER_ENDED]`. */
  state: Int32Array;
  /** The module whose `initRenderer` and `RenderError` the thread uses (objgraph's). */
  rendererModule: string;
}

/** A request to the renderer thread. */
export interface RenderRequest {
  dot: string;
  format: string;
}

/** What went wrong on the renderer thread: an error's name and message, `code` set for a `RenderError`. */
export interface RenderFailure {
  name: string;
  message: string;
  code: string | null;
}

/** The renderer thread's answer: the image, or what went wrong. */
export type RenderReply =
  | { image: string | Uint8Array; error?: undefined }
  | { image?: undefined; error: RenderFailure };

/** The renderer thread failed to load the renderer, or ended before it answered. */
export class RendererThreadError extends RenderError {
  constructor(what: string) {
    super('MEMKIT_RENDERER_THREAD', `the Graphviz/resvg renderer thread ${what}`);
  }
}

/** objgraph's render errors by name, so each crosses the thread boundary as its own class. */
const RENDER_ERROR_CLASSES: ReadonlyMap<string, { prototype: RenderError }> = new Map(
  [
    RendererNotReadyError,
    GraphTooLargeError,
    ImageTooLargeError,
    UnsupportedFormatError,
    RenderFailedError,
  ].map((errorClass) => [errorClass.name, errorClass]),
);

/**
 * How long one wait for a reply lasts before the thread checks that the renderer thread still
 * runs: a render may take seconds, so this bounds only how late a death is noticed.
 */
const WAIT_SLICE_MS = 250;

/**
 * objgraph's Graphviz/resvg renderer, loaded on a helper thread the first time a graph is
 * rendered. Python's `objgraph.show_refs(..., filename='x.png')` renders synchronously, and
 * loading the WebAssembly is asynchronous (and costs more than running most scripts), so rather
 * than load it before every script this waits (`Atomics.wait`) while the helper thread loads it
 * and renders. A failed render throws the renderer's own `RenderError` (same class, code and
 * message); a renderer that cannot load, or a thread that ends before answering, throws a
 * `RendererThreadError` saying so. The thread never keeps the process alive.
 */
export class RendererThread implements GraphRenderer {
  readonly formats = RENDER_FORMATS;
  private port: MessagePort | null = null;
  private readonly state = new Int32Array(new SharedArrayBuffer(8));

  /** `rendererModule`: what provides `initRenderer` (tests substitute a failing one). */
  constructor(private readonly rendererModule = '@memkit/objgraph') {}

  /** Whether the helper thread was started, which happens at the first `render`. */
  get started(): boolean {
    return this.port !== null;
  }

  render(dot: string, format: string): string | Uint8Array {
    const port = this.start();
    const replies = Atomics.load(this.state, REPLIES);
    if (Atomics.load(this.state, RENDERER_ENDED) === 0)
      port.postMessage({ dot, format } satisfies RenderRequest);
    // Each reply bumps REPLIES; an ending thread sets RENDERER_ENDED. Both notify.
    while (Atomics.load(this.state, REPLIES) === replies && Atomics.load(this.state, RENDERER_ENDED) === 0) {
      Atomics.wait(this.state, REPLIES, replies, WAIT_SLICE_MS);
    }
    const reply = receiveMessageOnPort(port)?.message as RenderReply | undefined;
    if (reply?.image !== undefined) return reply.image;
    const ended = Atomics.load(this.state, RENDERER_ENDED);
    if (ended === 0 && reply !== undefined) throw renderError(reply.error);
    // An ending thread posts the uncaught error that ended it, if one did.
    const cause = reply === undefined ? '' : ` on an uncaught ${reply.error.name}: ${reply.error.message}`;
    throw new RendererThreadError(`ended (exit code ${ended === -1 ? 0 : ended})${cause} before rendering`);
  }

  private start(): MessagePort {
    if (this.port !== null) return this.port;
    const { port1, port2 } = new MessageChannel();
    const { url, execArgv, argv } = threadEntry('renderer-worker');
    const workerData: RendererThreadData & { port: MessagePort } = {
      port: port2,
      state: this.state,
      rendererModule: this.rendererModule,
    };
    const worker = new Worker(url, { workerData, transferList: [port2], execArgv, argv });
    // Its errors reach the waiting thread through `state` and the port; without a listener an
    // error on the thread would be rethrown here as an uncaught exception.
    worker.on('error', () => undefined);
    worker.unref();
    port1.unref();
    this.port = port1;
    return port1;
  }
}

/** The error a failure on the renderer thread is thrown as here. */
function renderError({ name, message, code }: RenderFailure): RenderError {
  if (code === null) return new RendererThreadError(`failed: ${name}: ${message}`);
  const error = new RenderError(code, message);
  const errorClass = RENDER_ERROR_CLASSES.get(name);
  if (errorClass !== undefined) Object.setPrototypeOf(error, errorClass.prototype);
  error.name = name;
  return error;
}
