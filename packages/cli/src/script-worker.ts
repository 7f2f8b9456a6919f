/**
 * Runs one script on a worker thread whose stack is large enough for CPython's recursion limit:
 * each Python call takes several JavaScript frames, more than the main thread's default stack
 * holds at 1000 Python frames. The thread loads its modules first and then waits for the script
 * (a `ScriptRequest` message), so it can be started before the command line is parsed.
 * objgraph's renderer is not loaded up front (most scripts draw no graph): `lazyScriptTools`
 * loads it when the script first writes an image.
 */
import { once } from 'node:events';
import { parentPort } from 'node:worker_threads';
import type { ScriptRequest } from './run-in-worker';
import { lazyScriptTools, runScript } from './run-script';

if (parentPort === null) throw new Error('script-worker runs on a worker thread (see ScriptThread)');
const tools = await lazyScriptTools();
const [{ script, args, options }] = (await once(parentPort, 'message')) as [ScriptRequest];
const io = {
  stdout: (text: string) => process.stdout.write(text),
  stderr: (text: string) => process.stderr.write(text),
};
parentPort.postMessage({ exitCode: runScript(script, args, io, tools, options) });
