#!/usr/bin/env node
import { terminalProgress } from './progress';
import { ScriptThread } from './run-in-worker';

/**
 * Whether the command line runs a script (`run`, `profile`, `mprof run`): then the script's
 * thread is started before commander and the commands are loaded, so both load at once. A
 * wrong guess (`memkit run --help`) only costs a thread that is ended unused.
 */
function runsScript(args: readonly string[]): boolean {
  return args[0] === 'run' || args[0] === 'profile' || (args[0] === 'mprof' && args[1] === 'run');
}

let started = runsScript(process.argv.slice(2)) ? new ScriptThread() : null;

// A reader that stops early (`memkit run x.py | head -1`) closes stdout. End as python3 does —
// status 1 and a BrokenPipeError line — rather than with Node's unhandled 'error' stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.stderr.write('BrokenPipeError: [Errno 32] Broken pipe\n');
  process.exit(1);
});

const [{ CommanderError }, { createProgram }] = await Promise.all([import('commander'), import('./program')]);
const io = {
  stdout: (text: string) => process.stdout.write(text),
  stderr: (text: string) => process.stderr.write(text),
  progress: terminalProgress(process.stderr),
};
const program = createProgram(
  io,
  (code) => {
    process.exitCode = code;
  },
  (script, args, options) => {
    const thread = started ?? new ScriptThread();
    started = null;
    return thread.run(script, args, options);
  },
);
try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (!(error instanceof CommanderError)) throw error;
  process.exitCode = error.exitCode;
} finally {
  await started?.dispose();
}
