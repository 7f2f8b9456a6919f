import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';

const MAIN = join(import.meta.dirname, '../src/main.ts');

it('ends with status 1 and a BrokenPipeError line when the reader closes stdout early', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'memkit-pipe-'));
  const script = join(dir, 'many.py');
  writeFileSync(script, 'for i in range(200000):\n    print(i)\n');
  const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=source', MAIN, 'run', script], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  // `| head -1`: read the first chunk, then close the pipe.
  child.stdout.once('data', () => child.stdout.destroy());
  const status = await new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  // python3 many.py | head -1 exits 1 after a BrokenPipeError traceback.
  expect(status).toBe(1);
  expect(stderr).toBe('BrokenPipeError: [Errno 32] Broken pipe\n');
}, 60_000);
