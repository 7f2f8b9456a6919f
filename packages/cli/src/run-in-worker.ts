import { Worker } from 'node:worker_threads';
import type { ScriptOptions } from './run-script';

/** Stack of the thread that runs Python code: room for deep recursion (`sys.setrecursionlimit`). */
const STACK_MB = 256;

/** `memkit run` on a worker thread with a deep stack; resolves to the script's exit status. */
export function runScriptInWorker(
  script: string,
  args: readonly string[],
  options: ScriptOptions = {},
): Promise<number> {
  const source = import.meta.url.endsWith('.ts');
  const url = new URL(source ? './script-worker-source.mjs' : './script-worker.js', import.meta.url);
  const worker = new Worker(url, {
    workerData: { script, args: [...args], options },
    // From sources (tsx), the worker resolves workspace packages to their TypeScript sources too.
    execArgv: source ? ['--conditions=source'] : process.execArgv,
    resourceLimits: { stackSizeMb: STACK_MB },
  });
  return new Promise((resolve, reject) => {
    let exitCode = 1;
    worker.on('message', (message: { exitCode: number }) => {
      exitCode = message.exitCode;
    });
    worker.on('error', reject);
    worker.on('exit', () => resolve(exitCode));
  });
}
