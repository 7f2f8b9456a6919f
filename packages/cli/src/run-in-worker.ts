import { Worker } from 'node:worker_threads';
import type { ScriptOptions } from './run-script';
import { threadEntry } from './thread-entry';

/** Stack of the thread that runs Python code: room for deep recursion (`sys.setrecursionlimit`). */
const STACK_MB = 256;

/** Exit status of a script stopped by `--timeout`, as GNU `timeout` uses. */
export const TIMEOUT_EXIT_CODE = 124;

/** Exit status when memkit itself failed while running a script (`EX_SOFTWARE`). */
export const INTERNAL_ERROR_EXIT_CODE = 70;

/**
 * `memkit run` on a worker thread with a deep stack; resolves to the script's exit status. With
 * `options.timeout`, the worker is terminated after that many seconds (a Python loop cannot be
 * interrupted otherwise): `memkit: <script> timed out after N s` on stderr, status 124; output
 * the script had not flushed yet may be lost. A
 * failure of the worker itself (a JavaScript error escaping the interpreter, the heap limit)
 * is reported on `stderr` in one line with status 70, never as a stack trace of the CLI.
 */
export function runScriptInWorker(
  script: string,
  args: readonly string[],
  options: ScriptOptions = {},
  stderr: (text: string) => void = (text) => process.stderr.write(text),
): Promise<number> {
  const { url, execArgv } = threadEntry('script-worker');
  const worker = new Worker(url, {
    workerData: { script, args: [...args], options },
    execArgv,
    resourceLimits: { stackSizeMb: STACK_MB },
  });
  return new Promise((resolve) => {
    let exitCode = 1;
    let timedOut = false;
    const timer =
      options.timeout === undefined
        ? undefined
        : setTimeout(() => {
            timedOut = true;
            stderr(`memkit: ${script} timed out after ${options.timeout} s\n`);
            void worker.terminate();
          }, options.timeout * 1000);
    worker.on('message', (message: { exitCode: number }) => {
      exitCode = message.exitCode;
    });
    worker.on('error', (error: Error & { code?: string }) => {
      exitCode = INTERNAL_ERROR_EXIT_CODE;
      const what =
        error.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? 'ran out of memory (the JavaScript heap limit was reached)'
          : `stopped on an internal error (a memkit bug): ${error.name}: ${error.message}`;
      stderr(`memkit: ${script} ${what}\n`);
    });
    worker.on('exit', () => {
      clearTimeout(timer);
      resolve(timedOut ? TIMEOUT_EXIT_CODE : exitCode);
    });
  });
}
