import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseMprofData } from '@memkit/line-profiler';
import { describe, expect, it } from 'vitest';
import { memkit } from './cli-helpers';

const dir = mkdtempSync(join(tmpdir(), 'memkit-mprof-'));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const SCRIPT = `@profile
def build():
    data = [0] * (10 ** 6)
    for i in range(200):
        data.append([i] * 100)
    return data

@profile
def twice():
    return [build(), build()]

kept = twice()
print(len(kept))
`;

describe('memkit mprof run', () => {
  it('writes CMDLINE, MEM samples and a FUNC bracket per @profile call', async () => {
    const script = file('grow.py', SCRIPT);
    const dat = join(dir, 'grow.dat');
    const { stdout, stderr, exitCode } = await memkit('mprof', 'run', '-T', '0.0001', '-o', dat, script);
    expect({ stderr, exitCode }).toEqual({ stderr: '', exitCode: 0 });
    expect(stdout).toBe('mprof: Sampling memory every 0.0001s\n2\n');
    const text = readFileSync(dat, 'utf8');
    expect(text.split('\n')[0]).toBe(`CMDLINE memkit run ${script}`);
    expect(text).toMatch(/^MEM \d+\.\d{6} \d+\.\d{4}$/m);
    const data = parseMprofData(text, dat);
    expect(data.samples.length).toBeGreaterThan(2);
    // TimeStamper.show_results order: function by function (as decorated), each call by start.
    expect(data.functions.map((f) => [f.name, f.level])).toEqual([
      ['__main__.build', 1],
      ['__main__.build', 1],
      ['__main__.twice', 0],
    ]);
    const [first, second, outer] = data.functions;
    expect(first.end.time).toBeLessThanOrEqual(second.start.time);
    expect(outer.start.time).toBeLessThanOrEqual(first.start.time);
    // The list of 10**6 items, kept: 8000056 bytes (CPython's sys.getsizeof) in whole 4 KiB
    // pages of the RSS model = 8003584 bytes = 7.6328 MiB, plus what the appends add.
    expect(first.end.mib - first.start.mib).toBeGreaterThan(7.6328 - 0.0002);
    expect(text.endsWith('\n')).toBe(true);
  });

  it('fails like memkit run for a missing script', async () => {
    const dat = join(dir, 'never.dat');
    const { stderr, exitCode } = await memkit('mprof', 'run', '-o', dat, join(dir, 'missing.py'));
    expect(exitCode).toBe(2);
    expect(stderr).toContain("can't open file");
    expect(existsSync(dat)).toBe(false);
  });
});

describe('memkit mprof plot', () => {
  const dat = file(
    'known.dat',
    [
      'CMDLINE memkit run known.py',
      'MEM 10.000000 1700000000.0000',
      'MEM 12.500000 1700000000.1000',
      'MEM 30.000000 1700000000.2000',
      'MEM 20.000000 1700000000.3000',
      'FUNC __main__.build 12.5000 1700000000.1000 30.0000 1700000000.2000 0',
      '',
    ].join('\n'),
  );

  it('draws memory over time with the FUNC bracket and the peak to SVG', async () => {
    const out = join(dir, 'known.svg');
    const { stdout, stderr, exitCode } = await memkit('mprof', 'plot', dat, '-o', out);
    expect({ stdout, stderr, exitCode }).toEqual({
      stdout: `Image generated as ${out}\n`,
      stderr: '',
      exitCode: 0,
    });
    const svg = readFileSync(out, 'utf8');
    expect(svg.startsWith('<svg')).toBe(true);
    for (const text of ['memkit run known.py', 'time (in seconds)', 'memory used (in MiB)', 'build 0.100s']) {
      expect(svg).toContain(text);
    }
    expect(svg).toMatch(/start at \d\d:\d\d:\d\d\.000/);
    expect(svg).toContain('stroke-dasharray="6,4"');
  });

  it('draws PNG through resvg, and leaves out the brackets with -n', async () => {
    const out = join(dir, 'known.png');
    const { exitCode } = await memkit('mprof', 'plot', dat, '-o', out);
    expect(exitCode).toBe(0);
    expect([...readFileSync(out).subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const bare = join(dir, 'bare.svg');
    expect((await memkit('mprof', 'plot', dat, '-n', '-o', bare)).exitCode).toBe(0);
    expect(readFileSync(bare, 'utf8')).not.toContain('build 0.100s');
  });

  it('names the missing file', async () => {
    const missing = join(dir, 'nope.dat');
    const { stderr, exitCode } = await memkit('mprof', 'plot', missing, '-o', join(dir, 'x.svg'));
    expect({ stderr, exitCode }).toEqual({
      stderr: `memkit mprof plot: cannot read '${missing}': no such file\n`,
      exitCode: 2,
    });
  });

  it('names the file and line of a corrupt .dat, and writes nothing', async () => {
    const bad = file('bad.dat', 'CMDLINE x\nMEM 10.0 1700000000.0\nMEM ten 1700000000.1\n');
    const out = join(dir, 'bad.svg');
    const { stderr, exitCode } = await memkit('mprof', 'plot', bad, '-o', out);
    expect(exitCode).toBe(2);
    expect(stderr).toBe(
      `memkit mprof plot: ${bad}, line 3: expected "MEM <MiB> <time>": "MEM ten 1700000000.1"\n`,
    );
    expect(existsSync(out)).toBe(false);
    const empty = file('empty.dat', 'CMDLINE x\n');
    expect((await memkit('mprof', 'plot', empty, '-o', out)).stderr).toBe(
      `memkit mprof plot: ${empty}: no MEM lines: not an mprof .dat file\n`,
    );
  });

  it('refuses an output format it cannot draw', async () => {
    const { stderr, exitCode } = await memkit('mprof', 'plot', dat, '-o', join(dir, 'out.jpg'));
    expect(exitCode).toBe(2);
    expect(stderr).toContain("unknown output format 'jpg'");
  });
});
