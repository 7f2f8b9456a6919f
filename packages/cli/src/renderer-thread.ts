import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from 'node:worker_threads';
import { type GraphRenderer, RENDER_FORMATS, RenderError } from '@memkit/objgraph';
import { threadEntry } from './thread-entry';

/** A request to the renderer thread; `signal[0]` becomes 1 once the reply is on the port. */
export interface RenderRequest {
  dot: string;
  format: string;
  signal: Int32Array;
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

/**
 * objgraph's Graphviz/resvg renderer, loaded on a helper thread the first time a graph is
 * rendered. Python's `objgraph.show_refs(..., filename='x.png')` renders synchronously, and
 * loading the WebAssembly is asynchronous (and costs more than running most scripts), so rather
 * than load it before every script this waits (`Atomics.wait`) while the helper thread loads it
 * and renders. A failed render throws a `RenderError` with the renderer's code and message, as
 * the renderer itself would; the thread never keeps the process alive.
 */
export class RendererThread implements GraphRenderer {
  readonly formats = RENDER_FORMATS;
  private port: MessagePort | null = null;

  /** Whether the helper thread was started, which happens at the first `render`. */
  get started(): boolean {
    return this.port !== null;
  }

  render(dot: string, format: string): string | Uint8Array {
    const port = this.start();
    const signal = new Int32Array(new SharedArrayBuffer(4));
    port.postMessage({ dot, format, signal } satisfies RenderRequest);
    Atomics.wait(signal, 0, 0);
    const reply = receiveMessageOnPort(port)?.message as RenderReply | undefined;
    if (reply === undefined) throw new Error('the renderer thread woke this one without a reply');
    if (reply.image !== undefined) return reply.image;
    const { name, message, code } = reply.error;
    const error = code === null ? new Error(message) : new RenderError(code, message);
    error.name = name;
    throw error;
  }

  private start(): MessagePort {
    if (this.port !== null) return this.port;
    const { port1, port2 } = new MessageChannel();
    const { url, execArgv } = threadEntry('renderer-worker');
    const worker = new Worker(url, { workerData: { port: port2 }, transferList: [port2], execArgv });
    worker.unref();
    port1.unref();
    this.port = port1;
    return port1;
  }
}
