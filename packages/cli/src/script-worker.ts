/**
 * Runs one script on a worker thread whose stack is large enough for CPython's recursion limit:
 * each Python call takes several JavaScript frames, more than the main thread's default stack
 * holds at 1000 Python frames. objgraph's renderer is not loaded up front (most scripts draw no
 * graph): `lazyScriptTools` loads it when the script first writes an image.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { lazyScriptTools, runScript, type ScriptOptions } from './run-script';

const { script, args, options } = workerData as { script: string; args: string[]; options?: ScriptOptions };
const io = {
  stdout: (text: string) => process.stdout.write(text),
  stderr: (text: string) => process.stderr.write(text),
};
const exitCode = runScript(script, args, io, await lazyScriptTools(), options);
parentPort?.postMessage({ exitCode });
