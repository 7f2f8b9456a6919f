import { CommanderError } from 'commander';
import { createProgram } from '../src/program';

/** What one `memkit …` invocation wrote and returned. */
export interface CliResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

/**
 * Runs `memkit args…` through the programmatic entry with captured streams, in-process, and
 * turns commander's exits (help, version, usage errors) into exit codes as `main.ts` does.
 */
export async function memkit(...args: string[]): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  let exitCode = 0;
  const program = createProgram(
    {
      stdout: (text) => {
        stdout += text;
      },
      stderr: (text) => {
        stderr += text;
      },
    },
    (code) => {
      exitCode = code;
    },
  );
  try {
    await program.parseAsync(['node', 'memkit', ...args]);
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    exitCode = error.exitCode;
  }
  return { stdout, stderr, exitCode };
}
