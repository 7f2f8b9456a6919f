#!/usr/bin/env node
import { CommanderError } from 'commander';
import { createProgram } from './program';
import { terminalProgress } from './progress';
import { runScriptInWorker } from './run-in-worker';

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
