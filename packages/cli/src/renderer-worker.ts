/**
 * The thread behind `RendererThread`: loads objgraph's Graphviz/resvg renderer on the first
 * request and answers each one on the port it was given, then wakes the waiting thread. Only
 * `node:` modules are imported up front, and every failure — the renderer failing to load, a
 * render throwing — is an answer. Should the thread end anyway (an error thrown outside a
 * request, `process.exit` in a dependency), it says so in the shared state before it goes, so
 * the waiting thread never waits for an answer that cannot come.
 */
import { type MessagePort, workerData } from 'node:worker_threads';
import {
  RENDERER_ENDED,
  REPLIES,
  type RendererThreadData,
  type RenderFailure,
  type RenderReply,
  type RenderRequest,
} from './renderer-thread';

const { port, state, rendererModule } = workerData as RendererThreadData & { port: MessagePort };

/** objgraph's renderer module once imported: its `RenderError` tells render errors apart. */
let objgraph: typeof import('@memkit/objgraph') | null = null;

/** What ended the thread, when it was an error nobody caught: told to the waiting thread. */
let uncaught: RenderFailure | null = null;

// A listener that threw here would keep Node from emitting 'exit' (and so from waking the caller).
process.on('uncaughtExceptionMonitor', (error) => {
  uncaught = describeError(error);
});
process.on('exit', (exitCode) => {
  Atomics.store(state, RENDERER_ENDED, exitCode === 0 ? -1 : exitCode);
  if (uncaught !== null) port.postMessage({ error: uncaught } satisfies RenderReply);
  Atomics.notify(state, REPLIES);
});

port.on('message', async ({ dot, format }: RenderRequest) => {
  let reply: RenderReply;
  try {
    objgraph ??= (await import(rendererModule)) as typeof import('@memkit/objgraph');
    reply = { image: (await objgraph.initRenderer()).render(dot, format) };
  } catch (error) {
    reply = { error: describeError(error) };
  }
  port.postMessage(reply);
  Atomics.add(state, REPLIES, 1);
  Atomics.notify(state, REPLIES);
});

/** An error as it crosses to the waiting thread; synchronous, so describing cannot fail too. */
function describeError(error: unknown): RenderFailure {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error), code: null };
  const renderErrorClass: unknown = objgraph?.RenderError;
  const isRenderError = typeof renderErrorClass === 'function' && error instanceof renderErrorClass;
  const code = isRenderError ? String((error as { code?: unknown }).code) : null;
  return { name: String(error.name), message: String(error.message), code };
}
