import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadScriptTools, runScript } from '@memkit/cli';
import { describe, expect, it } from 'vitest';

const script = join(import.meta.dirname, 'leak_hunt.py');

describe('examples/leak-hunt', () => {
  it('shows the leak with all three tools and draws who holds a leaked response', async () => {
    const out = mkdtempSync(join(tmpdir(), 'memkit-leak-hunt-'));
    let stdout = '';
    let stderr = '';
    const exitCode = runScript(
      script,
      [out],
      {
        stdout: (text) => {
          stdout += text;
        },
        stderr: (text) => {
          stderr += text;
        },
      },
      await loadScriptTools(),
    );
    expect({ stderr, exitCode }).toEqual({ stderr: '', exitCode: 0 });

    // python3 leak_hunt.py (CPython 3.11.7, without objgraph or memory_profiler installed):
    const diffs = stdout.split('== tracemalloc: top 5 lines by growth ==\n')[1].split('\n').slice(0, 5);
    expect(diffs[0]).toBe(`${script}:40: size=1675 KiB (+1522 KiB), count=1100 (+1000), average=1559 B`);
    // CPython: "size=244 KiB (+230 KiB), count=3221 (+3000), average=78 B". The growth is the
    // same; the 79 fewer blocks before are warm-up dicts CPython takes from the dict free list
    // its startup left (reuse tracemalloc does not see). memkit's free lists start empty.
    expect(diffs[1]).toMatch(
      new RegExp(`^${script}:33: size=\\d+ KiB \\(\\+230 KiB\\), count=3300 \\(\\+3000\\)`),
    );
    expect(diffs.slice(2)).toEqual([
      `${script}:44: size=106 KiB (+93.8 KiB), count=2200 (+2000), average=49 B`,
      `${script}:45: size=36.0 KiB (+31.5 KiB), count=1 (+0), average=36.0 KiB`,
      `${script}:52: size=23.2 KiB (+23.2 KiB), count=743 (+743), average=32 B`,
    ]);

    // memory_profiler: the line calling handle() carries the growth of the resident memory.
    expect(stdout).toContain('Line #    Mem usage    Increment  Occurrences   Line Contents\n');
    expect(stdout).toMatch(
      /^ {4}53 +\d+\.\d MiB +[1-9]\d*\.\d MiB +1000 {11}served \+= handle\(request_id\)$/m,
    );

    // objgraph: 1,000 new Response objects, held by the module's _responses dict.
    expect(stdout).toMatch(/^Response +1100 +\+1000$/m);
    expect(stdout).toContain('kept alive by: module -> dict -> dict -> Response\n');
    expect(stdout).toContain('held in: __main__._responses with 1100 entries\n');
    for (const name of ['leak-backrefs.png', 'leak-backrefs.svg', 'before.snapshot', 'after.snapshot']) {
      expect(existsSync(join(out, name))).toBe(true);
    }
  }, 120_000);
});
