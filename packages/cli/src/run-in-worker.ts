import { Worker } from 'node:worker_threads';
import type { ScriptOptions } from './run-script';
import { threadEntry } from './thread-entry';

/** Stack of the thread that runs Python code: room for deep recursion (`sys.setrecursionlimit`). */
const STACK_MB = 256;

/** Exit status of a script stopped by `--timeout`, as GNU `timeout` uses. */
export const TIMEOUT_EXIT_CODE = 124;

/** Exit status when memkit itself failed while running a script (`EX_SOFTWARE`). */
export const INTERNAL_ERROR_EXIT_CODE = 70;

/** What the script thread is asked to run (its first and only message). */
export interface ScriptRequest {
  script: string;
  args: string[];
  options: ScriptOptions;
}

/**
 * The worker thread a script runs on, with a deep stack. It starts loading the interpreter and
 * the tools as soon as it is made and then waits for its script, so `main.ts` starts it before
 * it loads commander: the two threads load their modules at the same time. Until `run` it does
 * not keep the process alive; `dispose` ends a thread that was never given a script.
 */
export class ScriptThread {
  private readonly worker: Worker;
  private used = false;
  private exitCode: number | null = null;
  private failure: (Error & { code?: string }) | null = null;
  private exited: Promise<void>;

  constructor() {
    const { url, execArgv, argv } = threadEntry('script-worker');
    this.worker = new Worker(url, { execArgv, argv, resourceLimits: { stackSizeMb: STACK_MB } });
    this.worker.unref();
    // Listening from the start: a thread that fails while loading is reported by `run`.
    this.worker.on('message', (message: { exitCode: number }) => {
      this.exitCode = message.exitCode;
    });
    this.worker.on('error', (error: Error & { code?: string }) => {
      this.failure = error;
    });
    this.exited = new Promise((resolve) => this.worker.once('exit', () => resolve()));
  }

  /**
   * Runs `script` and resolves to its exit status. With `options.timeout`, the thread is
   * terminated after that many seconds (a Python loop cannot be interrupted otherwise):
   * `memkit: <script> timed out after N s` on stderr, status 124; output the script had not
   * flushed yet may be lost. A failure of the thread itself (a JavaScript error escaping the
   * interpreter, the heap limit) is reported on `stderr` in one line with status 70, never as
   * a stack trace of the CLI.
   */
  async run(
    script: string,
    args: readonly string[],
    options: ScriptOptions = {},
    stderr: (text: string) => void = (text) => process.stderr.write(text),
  ): Promise<number> {
    if (this.used) throw new Error('a ScriptThread runs one script; start another for the next');
    this.used = true;
    this.worker.ref();
    this.worker.postMessage({ script, args: [...args], options } satisfies ScriptRequest);
    let timedOut = false;
    const timer =
      options.timeout === undefined
        ? undefined
        : setTimeout(() => {
            timedOut = true;
            stderr(`memkit: ${script} timed out after ${options.timeout} s\n`);
            void this.worker.terminate();
          }, options.timeout * 1000);
    await this.exited;
    clearTimeout(timer);
    if (timedOut) return TIMEOUT_EXIT_CODE;
    if (this.failure !== null) {
      const what =
        this.failure.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? 'ran out of memory (the JavaScript heap limit was reached)'
          : `stopped on an internal error (a memkit bug): ${this.failure.name}: ${this.failure.message}`;
      stderr(`memkit: ${script} ${what}\n`);
      return INTERNAL_ERROR_EXIT_CODE;
    }
    return this.exitCode ?? 1;
  }

  /** Ends the thread if it was never given a script. */
  async dispose(): Promise<void> {
    if (!this.used) await this.worker.terminate();
  }
}
