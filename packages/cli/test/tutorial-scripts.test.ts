import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runScript } from '../src/run-script';

/**
 * Tutorial scripts that use the profilers, run as `memkit run` runs them. Each
 * `tutorial-scripts/NAME.py` with a `NAME.stdout` prints what `python3 NAME.py` printed
 * (CPython 3.11.7; the objgraph script with objgraph 3.6.2's counting functions on the path).
 * The scripts strip their own directory from tracemalloc's file names.
 */
const DIR = join(import.meta.dirname, 'tutorial-scripts');

function run(name: string) {
  let stdout = '';
  let stderr = '';
  const exitCode = runScript(join(DIR, `${name}.py`), [], {
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
  });
  return { stdout, stderr, exitCode };
}

describe('tutorial scripts with the profilers print what python3 prints', () => {
  for (const name of ['tracemalloc_tutorial', 'objgraph_leak_hunt']) {
    it(name, () => {
      const expected = readFileSync(join(DIR, `${name}.stdout`), 'utf8');
      expect(run(name)).toEqual({ stdout: expected, stderr: '', exitCode: 0 });
    });
  }

  it('profile_build_and_free: memory_profiler’s @profile table for a list built and deleted', () => {
    const { stdout, stderr, exitCode } = run('profile_build_and_free');
    expect({ stderr, exitCode }).toEqual({ stderr: '', exitCode: 0 });
    const lines = stdout.split('\n');
    // The layout is show_results' (reference §2.2); Occurrences are the counts a sys.settrace
    // tracer sees in python3 (a `for` line once per item plus the exit). Mem usage depends on
    // the process, so only its format is checked; the increments of the 16 000 056-byte list
    // are its size in MiB at the decorator's precision 1.
    expect(lines.slice(0, 4)).toEqual([
      `Filename: ${join(DIR, 'profile_build_and_free.py')}`,
      '',
      'Line #    Mem usage    Increment  Occurrences   Line Contents',
      '='.repeat(61),
    ]);
    const mem = ' +\\d+\\.\\d MiB';
    const rows: [number, string, number, string][] = [
      [4, mem, 1, '@profile'],
      [6, ' +15\\.3 MiB', 1, '    big = \\[0\\] \\* \\(2 \\* 10\\*\\*6\\)'],
      [7, mem, 1, '    small = list\\(range\\(1000\\)\\)'],
      [8, ' +-15\\.3 MiB', 1, '    del big'],
      [9, mem, 1, '    total = 0'],
      [10, mem, 4, '    for i in range\\(3\\):'],
      [11, mem, 3, '        total \\+= len\\(small\\)'],
      [12, mem, 1, '    return total'],
    ];
    const body = lines.slice(4, 13);
    // '{0:>6} {1:>12} {2:>12}  {3:>10}   {4:<}' with empty cells: 41 spaces after the line number.
    expect(body[1]).toBe(`${' '.repeat(5)}5${' '.repeat(41)}def build_and_free():`);
    for (const [line, increment, occurrences, text] of rows) {
      const row = body.find((l) => l.startsWith(String(line).padStart(6)));
      expect(row).toMatch(new RegExp(`^ +${line} +\\d+\\.\\d MiB${increment} +${occurrences}   ${text}$`));
    }
    expect(lines.slice(13)).toEqual(['', '', '3000', '']);
  });
});
