import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadScriptTools, runScript } from '@memkit/cli';
import { describe, expect, it } from 'vitest';

// The seed articles' snippets live in test/fixtures/seed-examples; test/oracle.test.ts compares
// the five with deterministic CPython output byte for byte. These are the other two, whose tools
// (memory_profiler, objgraph) CPython does not ship: checked here against computed figures.
const seeds = join(import.meta.dirname, '..', '..', 'test', 'fixtures', 'seed-examples');
const dir = mkdtempSync(join(tmpdir(), 'memkit-seed-'));

async function run(path: string) {
  let stdout = '';
  let stderr = '';
  const io = {
    stdout: (text: string) => {
      stdout += text;
    },
    stderr: (text: string) => {
      stderr += text;
    },
  };
  const exitCode = runScript(path, [], io, await loadScriptTools());
  return { stdout, stderr, exitCode };
}

describe('the seed articles snippets with third-party tools', () => {
  it("s02: memory_profiler's table for [1] * 10**6 and [2] * (2 * 10**7), then del b", async () => {
    const path = join(seeds, 's02_memory_profiler.py');
    const { stdout, stderr, exitCode } = await run(path);
    expect({ stderr, exitCode }).toEqual({ stderr: '', exitCode: 0 });
    const lines = stdout.split('\n');
    expect(lines.slice(0, 4)).toEqual([
      `Filename: ${path}`,
      '',
      'Line #    Mem usage    Increment  Occurrences   Line Contents',
      '='.repeat(61),
    ]);
    // 10**6 pointers: 8,000,000 B = 7.6 MiB; 2 * 10**7 pointers: 160,000,000 B = 152.6 MiB, all
    // of it returned by `del b` (a block that large is its own mapping, unmapped when freed).
    expect(lines[6]).toMatch(/^ {5}7 +\d+\.\d MiB {6}7\.6 MiB {11}1 {7}a = \[1\] \* \(10\*\*6\)$/);
    expect(lines[7]).toMatch(/^ {5}8 +\d+\.\d MiB {4}152\.6 MiB {11}1 {7}b = \[2\] \* \(2 \* 10\*\*7\)$/);
    expect(lines[8]).toMatch(/^ {5}9 +\d+\.\d MiB {3}-152\.6 MiB {11}1 {7}del b$/);
  }, 60_000);

  it('s03: objgraph counts the two Nodes and draws the back-references of the cached one', async () => {
    const png = join(dir, 'memory_leak.png');
    const path = join(dir, 's03_objgraph.py');
    const source = readFileSync(join(seeds, 's03_objgraph.py'), 'utf8');
    // The snippet writes memory_leak.png to the current directory; here, to the test's folder.
    writeFileSync(path, source.replace("filename='memory_leak.png'", `filename=${JSON.stringify(png)}`));
    const { stdout, stderr, exitCode } = await run(path);
    expect({ stderr, exitCode }).toEqual({ stderr: '', exitCode: 0 });
    expect(stdout).toMatch(/^Node {23}2$/m);
    expect(stdout).toContain(`Image generated as ${png}\n`);
    expect([...readFileSync(png).subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
  }, 60_000);
});
