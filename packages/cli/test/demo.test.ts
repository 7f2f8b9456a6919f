import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO_FILES, runDemo } from '../src/demo';
import { memkit } from './cli-helpers';

const dir = mkdtempSync(join(tmpdir(), 'memkit-demo-'));

describe('memkit demo', () => {
  it('finds the leaking line, how much it grew and the cache holding it, and writes its files', async () => {
    const out = join(dir, 'out');
    let stdout = '';
    let stderr = '';
    const exitCode = await runDemo(out, {
      stdout: (text) => {
        stdout += text;
      },
      stderr: (text) => {
        stderr += text;
      },
    });
    expect({ stderr, exitCode }).toEqual({ stderr: '', exitCode: 0 });
    // python3 examples/leak-hunt/leak_hunt.py prints, for the top line of compare_to(before, 'lineno'):
    //   …/leak_hunt.py:40: size=1675 KiB (+1522 KiB), count=1100 (+1000), average=1559 B
    expect(stdout).toMatch(
      /^ {2}Leaking line: {2}\S*leak_hunt\.py:40 {2}return "<p>" \+ "hello, visitor " \* 100 \+ str\(request_id\) \+ "<\/p>"$/m,
    );
    expect(stdout).toMatch(/^ {2}How much: +\+1522 KiB in 1000 new blocks between the two snapshots/m);
    // 100 warm-up requests and 1,000 served ones, all kept.
    expect(stdout).toContain('  Held by:       __main__._responses with 1100 entries\n');
    expect(stdout).toContain('  Chain:         module -> dict -> dict -> Response\n');
    expect(stdout).toContain(
      `memkit tracemalloc diff ${join(out, 'before.snapshot')} ${join(out, 'after.snapshot')}`,
    );
    for (const name of DEMO_FILES) {
      expect(existsSync(join(out, name))).toBe(true);
      expect(stdout).toContain(join(out, name));
    }
    const png = readFileSync(join(out, 'leak-backrefs.png'));
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const svg = readFileSync(join(out, 'leak-backrefs.svg'), 'utf8');
    expect(svg).toContain('>_responses</text>');
    const report = readFileSync(join(out, 'report.txt'), 'utf8');
    expect(report).toContain('Line #    Mem usage    Increment  Occurrences   Line Contents\n');
    expect(report).toMatch(
      /leak_hunt\.py:40: size=1675 KiB \(\+1522 KiB\), count=1100 \(\+1000\), average=1559 B\n/,
    );
    expect(report).toMatch(/^Response +1100 +\+1000$/m);
  }, 120_000);

  it('exits 2 naming an output folder it cannot create', async () => {
    const blocker = join(dir, 'a-file');
    writeFileSync(blocker, '');
    const { stdout, stderr, exitCode } = await memkit('demo', '--out', join(blocker, 'demo'));
    expect({ stdout, exitCode }).toEqual({ stdout: '', exitCode: 2 });
    expect(stderr).toMatch(new RegExp(`^memkit demo: cannot create the folder '${join(blocker, 'demo')}': `));
  });
});
