#!/usr/bin/env node
import { CommanderError } from 'commander';
import { createProgram } from './program';
import { terminalProgress } from './progress';
import { runScriptInWorker } from './run-in-worker';

// A reader that stops early (`memkit run x.py | head -1`) closes stdout. End as python3 does —
// status 1 and a BrokenPipeError line — rather than with Node's unhandled 'error' stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.stderr.write('BrokenPipeError: [Errno 32] Broken pipe\n');
  process.exit(1);
});

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
  runScriptInWorker,
);
try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (!(error instanceof CommanderError)) throw error;
  process.exitCode = error.exitCode;
}
