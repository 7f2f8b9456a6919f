import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { memkit } from './cli-helpers';

const dir = mkdtempSync(join(tmpdir(), 'memkit-cli-e2e-'));

function file(name: string, contents: string): string {
  const path = join(dir, name);
  writeFileSync(path, contents);
  return path;
}

describe('memkit: version, help and usage errors', () => {
  it('prints the CLI package version', async () => {
    const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
    expect(await memkit('--version')).toEqual({ stdout: `${version}\n`, stderr: '', exitCode: 0 });
  });

  it.each([
    [[], 'memkit demo'],
    [['run'], 'memkit run examples/leak-hunt/leak_hunt.py'],
    [['profile'], 'memkit profile --precision 1 script.py'],
    [['render'], 'memkit render chain.dot -o chain.png'],
    [['tracemalloc'], 'memkit tracemalloc export after.snapshot -o heap.pb.gz'],
    [['tracemalloc', 'top'], 'memkit tracemalloc top after.snapshot --key-type filename --limit 3'],
    [['tracemalloc', 'diff'], 'memkit tracemalloc diff before.snapshot after.snapshot'],
    [['tracemalloc', 'export'], 'go tool pprof -top heap.pb.gz'],
    [['demo'], 'memkit demo --out /tmp/leak'],
  ])('memkit %j --help shows usage and examples, exit 0', async (command, example) => {
    const { stdout, exitCode } = await memkit(...command, '--help');
    expect(exitCode).toBe(0);
    expect(stdout).toMatch(/^Usage: memkit/);
    expect(stdout).toContain('\nExamples:\n');
    expect(stdout).toContain(`  $ ${example}`);
  });

  it('lists every command in the top-level help', async () => {
    const { stdout } = await memkit('--help');
    for (const command of ['run', 'profile', 'render', 'tracemalloc', 'demo']) {
      expect(stdout).toMatch(new RegExp(`^  ${command} `, 'm'));
    }
  });

  it('rejects an unknown command and an unknown option with exit status 1', async () => {
    expect(await memkit('snapshot')).toEqual({
      stdout: '',
      stderr: "error: unknown command 'snapshot'\n",
      exitCode: 1,
    });
    expect(await memkit('render', 'g.dot', '-o', 'g.svg', '--dpi', '300')).toEqual({
      stdout: '',
      stderr: "error: unknown option '--dpi'\n",
      exitCode: 1,
    });
    const missing = await memkit('tracemalloc', 'diff', 'only-one.snapshot');
    expect(missing.exitCode).toBe(1);
    expect(missing.stderr).toBe("error: missing required argument 'new'\n");
  });
});

describe('memkit run and profile', () => {
  it('runs a script with its arguments and returns its exit status', async () => {
    const script = file('args.py', 'import sys\nprint(sys.argv[1:])\nraise SystemExit(3)\n');
    // python3 args.py a --flag (memkit has no sys.exit yet; SystemExit is what it raises)
    expect(await memkit('run', script, 'a', '--flag')).toEqual({
      stdout: "['a', '--flag']\n",
      stderr: '',
      exitCode: 3,
    });
  });

  it('reports a missing script as python3 does, exit 2', async () => {
    const missing = join(dir, 'missing.py');
    expect(await memkit('run', missing)).toEqual({
      stdout: '',
      stderr: `memkit: can't open file '${missing}': [Errno 2] No such file or directory\n`,
      exitCode: 2,
    });
  });

  it("prints memory_profiler's table for an @profile function", async () => {
    const script = file(
      'prof.py',
      '@profile\ndef f():\n    a = [0] * 1000\n    return len(a)\n\nprint(f())\n',
    );
    const { stdout, stderr, exitCode } = await memkit('profile', script);
    expect({ stderr, exitCode }).toEqual({ stderr: '', exitCode: 0 });
    expect(
      stdout.startsWith(
        `1000\nFilename: ${script}\n\nLine #    Mem usage    Increment  Occurrences   Line Contents\n`,
      ),
    ).toBe(true);
    expect(stdout).toMatch(/^ {5}3 .* {11}1 {7}a = \[0\] \* 1000$/m);
  });

  it('rejects a bad --precision before running anything', async () => {
    const script = file('p.py', 'print("ran")\n');
    const { stdout, stderr, exitCode } = await memkit('profile', '--precision', 'x', script);
    expect({ stdout, exitCode }).toEqual({ stdout: '', exitCode: 1 });
    expect(stderr).toContain("precision must be a whole number from 0 to 100, not 'x'");
  });
});

describe('memkit render', () => {
  it('renders DOT to SVG', async () => {
    const dot = file('g.dot', 'digraph G { leak -> cache [label="holds"]; }\n');
    const svg = join(dir, 'g.svg');
    expect(await memkit('render', dot, '-o', svg)).toEqual({
      stdout: `Image generated as ${svg}\n`,
      stderr: '',
      exitCode: 0,
    });
    expect(readFileSync(svg, 'utf8')).toMatch(/<svg[\s\S]*>holds<\/text>/);
  }, 60_000);

  it('names a missing DOT file and a DOT file Graphviz cannot parse', async () => {
    const missing = join(dir, 'nope.dot');
    expect(await memkit('render', missing, '-o', join(dir, 'nope.svg'))).toEqual({
      stdout: '',
      stderr: `memkit render: cannot read '${missing}': no such file\n`,
      exitCode: 2,
    });
    const broken = file('broken.dot', 'digraph G { a -> ; }\n');
    const { stderr, exitCode } = await memkit('render', broken, '-o', join(dir, 'broken.svg'));
    expect(exitCode).toBe(1);
    expect(stderr).toContain(`memkit render: '${broken}' could not be rendered:`);
  }, 60_000);
});
