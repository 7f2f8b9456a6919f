/**
 * The thread behind `RendererThread`: loads objgraph's Graphviz/resvg renderer on the first
 * request and answers each one on the port it was given, then wakes the waiting thread. Only
 * `node:` modules are imported up front, so a failure to load the renderer is an answer too,
 * never a thread that dies while the other one waits for it.
 */
import { type MessagePort, workerData } from 'node:worker_threads';
import type { RenderFailure, RenderReply, RenderRequest } from './renderer-thread';

const { port } = workerData as { port: MessagePort };

port.on('message', async ({ dot, format, signal }: RenderRequest) => {
  let reply: RenderReply;
  try {
    const { initRenderer } = await import('@memkit/objgraph');
    reply = { image: (await initRenderer()).render(dot, format) };
  } catch (error) {
    reply = { error: await describeError(error) };
  }
  port.postMessage(reply);
  Atomics.store(signal, 0, 1);
  Atomics.notify(signal, 0);
});

async function describeError(error: unknown): Promise<RenderFailure> {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error), code: null };
  const { RenderError } = await import('@memkit/objgraph');
  const code = error instanceof RenderError ? error.code : null;
  return { name: error.name, message: error.message, code };
}
