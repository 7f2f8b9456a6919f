import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createProgram } from '../src/program';
import { renderGraph } from '../src/render-graph';
import { ScriptThread } from '../src/run-in-worker';
import { runScript } from '../src/run-script';

const dir = mkdtempSync(join(tmpdir(), 'memkit-cli-'));

function script(name: string, source: string): string {
  const path = join(dir, name);
  writeFileSync(path, source);
  return path;
}

function capture(path: string, args: string[] = []) {
  let stdout = '';
  let stderr = '';
  const exitCode = runScript(path, args, {
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
  });
  return { stdout, stderr, exitCode };
}

describe('memkit run', () => {
  it('runs a script with its arguments in sys.argv, exit status 0', () => {
    const path = script('hello.py', 'import sys\nprint("hi", sys.argv[1:])\n');
    expect(capture(path, ['a', 'b'])).toEqual({ stdout: "hi ['a', 'b']\n", stderr: '', exitCode: 0 });
  });

  it('prints an uncaught exception as CPython does and exits 1', () => {
    const path = script('boom.py', 'def outer():\n    x = [1, 2]\n    return x[5]\nouter()\n');
    const { stdout, stderr, exitCode } = capture(path);
    expect(stdout).toBe('');
    expect(exitCode).toBe(1);
    // python3 boom.py
    expect(stderr).toBe(
      `Traceback (most recent call last):\n  File "${path}", line 4, in <module>\n    outer()\n` +
        `  File "${path}", line 3, in outer\n    return x[5]\n           ~^^^\n` +
        'IndexError: list index out of range\n',
    );
  });

  it('names the script by its absolute path in __file__ and tracebacks, sys.argv[0] as given', () => {
    const path = script('where.py', 'import sys\nprint(__file__ == sys.argv[0], sys.argv[0])\n1/0\n');
    const given = relative(process.cwd(), path);
    const { stdout, stderr } = capture(given);
    // cd to the script's parent's parent and run python3 <relative path>: __file__ is absolute since 3.9.
    expect(stdout).toBe(`False ${given}\n`);
    expect(stderr).toContain(`  File "${path}", line 3, in <module>\n`);
  });

  it('traces no slice: the script reuses the slice its startup left in the one-slot cache', () => {
    const path = script(
      'slices.py',
      [
        'import tracemalloc',
        'keys = list(range(20))',
        'x = [1, 2, 3, 4, 5]',
        'tracemalloc.start()',
        'for k in keys[:12]:',
        '    pass',
        'for i in range(3):',
        '    y = x[1:3]',
        '    z = x[::2]',
        'snapshot = tracemalloc.take_snapshot()',
        'tracemalloc.stop()',
        "for stat in snapshot.statistics('lineno'):",
        "    if stat.traceback[0].filename.endswith('slices.py'):",
        '        print(stat.traceback[0].lineno, stat.size, stat.count)',
        '',
      ].join('\n'),
    );
    // python3 slices.py (3.11.7): only the two lists kept in y and z, no 56-byte slice on line 5.
    expect(capture(path)).toEqual({ stdout: '9 24 1\n8 16 1\n', stderr: '', exitCode: 0 });
  });

  it("leaves the free lists as CPython's import of tracemalloc does: the next tuples are untraced", () => {
    const path = script(
      'tuples.py',
      [
        'import tracemalloc',
        'tracemalloc.start()',
        'pairs = [(i, i) for i in range(10)]',
        'triples = [(i, i, i) for i in range(5)]',
        'print(tracemalloc.get_traced_memory()[0])',
        '',
      ].join('\n'),
    );
    // python3 tuples.py (3.11.7): importing tracemalloc (and pickle, tokenize…) leaves 16
    // 2-tuples and 4 3-tuples parked, so only the two lists and the rest of the tuples are
    // traced. memkit once traced every tuple here (1408): its own import drained the lists.
    expect(capture(path)).toEqual({ stdout: '656\n', stderr: '', exitCode: 0 });
  });

  it('builds a range from the small-int cache: no trace beyond the range and its iterator', () => {
    const path = script(
      'ranges.py',
      [
        'import tracemalloc',
        'tracemalloc.start()',
        'for i in range(3): pass',
        'print(tracemalloc.get_traced_memory())',
        'r = range(3)',
        'tracemalloc.reset_peak()',
        'for i in r: pass',
        'print(tracemalloc.get_traced_memory())',
        '',
      ].join('\n'),
    );
    // python3 ranges.py (3.11.7). The 400 bytes are the globals dict grown by `i`; then r
    // adds 48, and each loop peaks 48 higher (its range_iterator). Before the fix memkit
    // allocated a 32-byte int for every range's length.
    expect(capture(path)).toEqual({ stdout: '(400, 448)\n(448, 496)\n', stderr: '', exitCode: 0 });
  });

  it('reports a syntax error with file, line, source and caret, and runs nothing', () => {
    const path = script('bad.py', 'print("before")\ndef f(:\n  pass\n');
    // python3 bad.py
    expect(capture(path)).toEqual({
      stdout: '',
      stderr: `  File "${path}", line 2\n    def f(:\n          ^\nSyntaxError: invalid syntax\n`,
      exitCode: 1,
    });
  });

  it('refuses a construct outside the supported subset, naming it', () => {
    const path = script('async.py', 'async def f():\n    pass\n');
    const { stderr, exitCode } = capture(path);
    expect(exitCode).toBe(1);
    expect(stderr).toContain("SyntaxError: memkit does not support 'async def' functions");
  });

  it('exits 2 for a missing file, like python3', () => {
    const { stderr, exitCode } = capture(join(dir, 'missing.py'));
    expect(exitCode).toBe(2);
    expect(stderr).toMatch(/can't open file '.*missing\.py': \[Errno 2\] No such file or directory/);
  });

  it('turns deep recursion into RecursionError, never a JavaScript stack overflow', async () => {
    const path = script(
      'deep.py',
      'def g(n):\n    return 0 if n == 0 else 1 + g(n - 1)\nprint(g(950))\n' +
        'def f(n):\n    return f(n + 1)\ntry:\n    f(0)\nexcept RecursionError as e:\n    print("caught:", e)\n',
    );
    // Exit status 0: g(950) returned (no overflow below the limit) and f's RecursionError was caught.
    expect(await new ScriptThread().run(path, [])).toBe(0);
  }, 60_000);

  it('lists its commands in --help', () => {
    let text = '';
    const program = createProgram(
      {
        stdout: (t) => {
          text += t;
        },
        stderr: () => {},
      },
      () => {},
    );
    expect(() => program.parse(['node', 'memkit', '--help'])).toThrow();
    expect(text).toContain('run a Python script as python3 would');
  });
});

describe('memkit render', () => {
  const quiet = { stdout: () => {}, stderr: () => {} };

  it('renders a DOT file to SVG and PNG with the bundled Graphviz and font', async () => {
    const dot = script('g.dot', 'digraph G { a -> b [label="x<&>"]; }\n');
    const svg = join(dir, 'g.svg');
    expect(await renderGraph(dot, svg, quiet)).toBe(0);
    expect(readFileSync(svg, 'utf8')).toContain('x&lt;&amp;&gt;');
    const png = join(dir, 'g.png');
    expect(await renderGraph(dot, png, quiet)).toBe(0);
    expect([...readFileSync(png).subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
  }, 60_000);

  it('refuses an unknown format and a missing file without writing anything', async () => {
    const dot = script('h.dot', 'digraph G { a -> b }\n');
    let err = '';
    const io = {
      stdout: () => {},
      stderr: (t: string) => {
        err += t;
      },
    };
    expect(await renderGraph(dot, join(dir, 'h.pdf'), io)).toBe(2);
    expect(existsSync(join(dir, 'h.pdf'))).toBe(false);
    expect(err).toContain("unknown output format 'pdf'");
    expect(await renderGraph(join(dir, 'missing.dot'), join(dir, 'm.svg'), io)).toBe(2);
  }, 60_000);
});
