import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runScript } from '../src/run-script';

const dir = mkdtempSync(join(tmpdir(), 'memkit-profile-'));

function profile(source: string, precision: number) {
  const path = join(dir, 'loop.py');
  writeFileSync(path, source);
  let stdout = '';
  let stderr = '';
  const io = {
    stdout: (t: string) => {
      stdout += t;
    },
    stderr: (t: string) => {
      stderr += t;
    },
  };
  const exitCode = runScript(path, [], io, { graphFiles: null }, { profile: { precision } });
  return { path, stdout, stderr, exitCode };
}

describe('memkit profile', () => {
  it('injects profile as a builtin and prints the table after the script, like -m memory_profiler', () => {
    const { path, stdout, stderr, exitCode } = profile(
      '@profile\ndef f():\n    a = [1] * (10 ** 6)\n    return a\n\nprint(len(f()))\n',
      3,
    );
    expect({ stderr, exitCode }).toEqual({ stderr: '', exitCode: 0 });
    const lines = stdout.split('\n');
    expect(lines.slice(0, 5)).toEqual([
      '1000000',
      `Filename: ${path}`,
      '',
      'Line #    Mem usage    Increment  Occurrences   Line Contents',
      '='.repeat(61),
    ]);
    expect(lines[5]).toMatch(/^ {5}1 +(\d+\.\d{3}) MiB +\1 MiB {11}1 {3}@profile$/);
    expect(lines[7]).toMatch(/^ {5}3 +\d+\.\d{3} MiB +7\.633 MiB {11}1 {3} {4}a = \[1\] \* \(10 \*\* 6\)$/);
    expect(stdout.endsWith('return a\n\n\n')).toBe(true);
  });

  it('prints the table even when the script fails', () => {
    const { stdout, stderr, exitCode } = profile('@profile\ndef f():\n    return 1 / 0\n\nf()\n', 1);
    expect(exitCode).toBe(1);
    expect(stderr).toContain('ZeroDivisionError: division by zero');
    expect(stdout).toContain('    return 1 / 0\n\n\n');
  });
});

describe('memkit profile -o', () => {
  it('appends the tables to the file instead of printing them, as memory_profiler -o does', async () => {
    const path = join(dir, 'appended.py');
    writeFileSync(path, '@profile\ndef f():\n    return [0] * 10\n\nprint(len(f()))\n');
    const out = join(dir, 'tables.txt');
    writeFileSync(out, 'earlier\n');
    let stdout = '';
    const io = {
      stdout: (t: string) => {
        stdout += t;
      },
      stderr: () => {},
    };
    for (let i = 0; i < 2; i++) {
      expect(runScript(path, [], io, { graphFiles: null }, { profile: { precision: 3, output: out } })).toBe(
        0,
      );
    }
    expect(stdout).toBe('10\n10\n');
    const text = readFileSync(out, 'utf8');
    expect(text.startsWith(`earlier\nFilename: ${path}\n`)).toBe(true);
    expect(text.split(`Filename: ${path}\n`).length).toBe(3);
    expect(text.endsWith('    return [0] * 10\n\n\n')).toBe(true);
  });

  it('profiles a generator under the builtin profile and shows its table at the end', () => {
    const { stdout, stderr, exitCode } = profile(
      '@profile\ndef gen():\n    for i in range(2):\n        yield i\n\nprint(list(gen()))\n',
      1,
    );
    expect({ stderr, exitCode }).toEqual({ stderr: '', exitCode: 0 });
    expect(stdout).toMatch(/^\[0, 1\]\nFilename: .*\n[\s\S]* {4}4 .* {11}4 {3} {8}yield i\n\n\n$/);
  });
});
