import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Interpreter } from '@memkit/interpreter';
import { MemoryGraphFiles, objgraphModule } from '@memkit/objgraph';
import { describe, expect, it } from 'vitest';

describe('examples/objgraph-leak', () => {
  it('finds the cache keeping sessions alive and draws the chain from the module', () => {
    const files = new MemoryGraphFiles();
    let stdout = '';
    let stderr = '';
    const interpreter = new Interpreter({
      stdout: (text) => {
        stdout += text;
      },
      stderr: (text) => {
        stderr += text;
      },
      modules: [objgraphModule({ files })],
    });
    const source = readFileSync(join(import.meta.dirname, 'cache_leak.py'), 'utf8');
    // Render to DOT here (no WebAssembly in this test): same chain, text output.
    const { exitCode } = interpreter.run(
      source.replace('session-leak.png', 'session-leak.dot'),
      'cache_leak.py',
    );
    expect(stderr).toBe('');
    expect(exitCode).toBe(0);
    const afterRequests = stdout.split('after 50 requests:\n')[1];
    expect(afterRequests).toMatch(/^Session +50 +\+50$/m);
    expect(stdout).toContain('kept alive by: module -> dict -> dict -> Session\n');
    const dot = String(files.files.get('session-leak.dot'));
    expect(dot).toContain('label="_cache"');
    expect(dot).toMatch(/Session\\n<__main__\.Session object at 0x[0-9a-f]+/);
  });
});
