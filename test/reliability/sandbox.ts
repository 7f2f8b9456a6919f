import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** One source for the sandbox to run. */
export interface SandboxRequest {
  source: string;
  filename: string;
}

/** How a sandboxed run ended. */
export type SandboxOutcome =
  /** The interpreter returned: the program's exit status and what it wrote to stderr. */
  | { kind: 'exit'; exitCode: number; stderr: string }
  /** A JavaScript error escaped the interpreter (a memkit bug). */
  | { kind: 'js-error'; message: string }
  /** The host process died (a V8 abort, an out-of-memory kill). */
  | { kind: 'crash'; signal: string | null; code: number | null }
  /** Still running when the wall-clock guard ran out; the process was killed. */
  | { kind: 'timeout' };

const CHILD = fileURLToPath(new URL('./sandbox-child.ts', import.meta.url));

/**
 * Runs Python sources one at a time in a child process (the interpreter from its TypeScript
 * sources, through tsx), so a source that crashes the host or never ends costs only that child:
 * it is killed and replaced, and the next source runs in a fresh one.
 */
export class Sandbox {
  private child: ChildProcess | null = null;

  constructor(private readonly guardMs: number) {}

  run(request: SandboxRequest): Promise<SandboxOutcome> {
    const child = this.spawn();
    return new Promise((resolve) => {
      const finish = (outcome: SandboxOutcome) => {
        clearTimeout(timer);
        child.off('message', onMessage);
        child.off('exit', onExit);
        if (outcome.kind !== 'exit' && outcome.kind !== 'js-error') this.discard();
        resolve(outcome);
      };
      const onMessage = (outcome: SandboxOutcome) => finish(outcome);
      const onExit = (code: number | null, signal: string | null) => {
        this.child = null;
        finish({ kind: 'crash', code, signal });
      };
      const timer = setTimeout(() => finish({ kind: 'timeout' }), this.guardMs);
      child.on('message', onMessage);
      child.on('exit', onExit);
      child.send(request);
    });
  }

  /** Ends the child process (call when done). */
  close(): void {
    this.discard();
  }

  private spawn(): ChildProcess {
    if (this.child === null) {
      this.child = fork(CHILD, [], {
        execArgv: ['--import', 'tsx', '--conditions=source', '--stack-size=4000'],
        stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      });
      this.child.stderr?.resume();
    }
    return this.child;
  }

  private discard(): void {
    this.child?.kill('SIGKILL');
    this.child = null;
  }
}
