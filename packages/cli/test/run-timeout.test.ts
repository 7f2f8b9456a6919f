import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createProgram } from '../src/program';
import { ScriptThread, TIMEOUT_EXIT_CODE } from '../src/run-in-worker';
import type { ScriptOptions } from '../src/run-script';
import { memkit } from './cli-helpers';

const dir = mkdtempSync(join(tmpdir(), 'memkit-timeout-'));

function script(name: string, source: string): string {
  const path = join(dir, name);
  writeFileSync(path, source);
  return path;
}

describe('memkit run --timeout', () => {
  it('stops a script that never ends, with a one-line message and status 124', async () => {
    const path = script('forever.py', 'n = 0\nwhile True:\n    n += 1\n');
    let stderr = '';
    const status = await new ScriptThread().run(path, [], { timeout: 1 }, (text) => {
      stderr += text;
    });
    expect(status).toBe(TIMEOUT_EXIT_CODE);
    expect(stderr).toBe(`memkit: ${path} timed out after 1 s\n`);
  }, 60_000);

  it('leaves a script that ends in time alone', async () => {
    const path = script('quick.py', 'raise SystemExit(3)\n');
    let stderr = '';
    const status = await new ScriptThread().run(path, [], { timeout: 120 }, (text) => {
      stderr += text;
    });
    expect({ status, stderr }).toEqual({ status: 3, stderr: '' });
  }, 60_000);

  it('passes the limit from the command line to the runner', async () => {
    const calls: (ScriptOptions | undefined)[] = [];
    const program = createProgram(
      { stdout: () => {}, stderr: () => {} },
      () => {},
      async (_script, _args, options) => {
        calls.push(options);
        return 0;
      },
    );
    await program.parseAsync(['node', 'memkit', 'run', '--timeout', '2.5', 'x.py', 'arg']);
    await program.parseAsync(['node', 'memkit', 'run', 'y.py']);
    expect(calls).toEqual([{ timeout: 2.5 }, {}]);
  });

  it.each(['0', '-1', 'soon', ''])('refuses --timeout %j with a usage error', async (value) => {
    const { stderr, exitCode } = await memkit('run', '--timeout', value, 'x.py');
    expect(exitCode).toBe(1);
    expect(stderr).toContain(`timeout must be a number of seconds above 0, not '${value}'`);
  });
});
