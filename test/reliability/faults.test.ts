/**
 * Faults: exceptions raised where CPython only reports them (`__del__`, weakref callbacks,
 * `gc.callbacks`) print CPython's "Exception ignored in: …" block and the program goes on; an
 * exception in a profiled function propagates; output files written to a missing or unwritable
 * folder fail with the OSError CPython raises (or objgraph's `dot failed` report, or a one-line
 * CLI error) and leave no partial or temporary file behind.
 * Expected texts are python3 3.11.7's, run on the same sources (addresses differ, so `0x…` is
 * normalized on both sides).
 */
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Interpreter } from '@memkit/interpreter';
import { memoryProfilerModule } from '@memkit/line-profiler';
import { initRenderer, nodeGraphFiles, objgraphModule } from '@memkit/objgraph';
import { type ModuleDefinition, Runtime } from '@memkit/runtime';
import { type SnapshotIO, Tracer, tracemallocModule } from '@memkit/tracemalloc';
import { nodeSnapshotIO } from '@memkit/tracemalloc/node';
import { beforeAll, describe, expect, it } from 'vitest';
import { memkit } from '../../packages/cli/test/cli-helpers';

function run(source: string, filename: string, modules: ModuleDefinition[] = []) {
  let stdout = '';
  let stderr = '';
  const interpreter = new Interpreter({
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    modules,
  });
  const { exitCode } = interpreter.run(source, filename);
  return { stdout, stderr: stderr.replace(/0x[0-9a-f]+/g, '0x…'), exitCode };
}

/** A folder of its own per test, to check nothing is left in it. */
function folder(): string {
  return mkdtempSync(join(tmpdir(), 'memkit-faults-'));
}

describe('exceptions CPython reports and ignores', () => {
  it('__del__, weakref callbacks, gc.callbacks and a cyclic __del__: reported, the program goes on', () => {
    const source = `import gc, weakref


class A:
    def __del__(self):
        raise ValueError("boom in del")


a = A()
del a
print("after del")


class B:
    pass


b = B()
w = weakref.ref(b, lambda r: 1 / 0)
del b
print("after callback")


def cb(phase, info):
    if phase == "start":
        raise KeyError("in gc callback")


gc.callbacks.append(cb)
gc.collect()
gc.callbacks.remove(cb)
print("after gc callback")


class C:
    def __del__(self):
        raise RuntimeError("cycle del")


c = C()
c.self = c
del c
print("collected", gc.collect())
print("end")
`;
    expect(run(source, '/tmp/h3/f1.py')).toEqual({
      stdout: 'after del\nafter callback\nafter gc callback\ncollected 1\nend\n',
      stderr: `Exception ignored in: <function A.__del__ at 0x…>
Traceback (most recent call last):
  File "/tmp/h3/f1.py", line 6, in __del__
    raise ValueError("boom in del")
ValueError: boom in del
Exception ignored in: <function <lambda> at 0x…>
Traceback (most recent call last):
  File "/tmp/h3/f1.py", line 19, in <lambda>
    w = weakref.ref(b, lambda r: 1 / 0)
                                 ~~^~~
ZeroDivisionError: division by zero
Exception ignored in: <function cb at 0x…>
Traceback (most recent call last):
  File "/tmp/h3/f1.py", line 26, in cb
    raise KeyError("in gc callback")
KeyError: 'in gc callback'
Exception ignored in: <function C.__del__ at 0x…>
Traceback (most recent call last):
  File "/tmp/h3/f1.py", line 37, in __del__
    raise RuntimeError("cycle del")
RuntimeError: cycle del
`,
      exitCode: 0,
    });
  });

  it('an exception in a profiled function propagates to its caller, which can go on', () => {
    const source = `from memory_profiler import profile


@profile
def work():
    x = [0] * 1000
    raise ValueError("in profiled")


try:
    work()
except ValueError as e:
    print("caught", e)
print("end")
work()
`;
    const { stdout, stderr, exitCode } = run(source, 'profiled.py', [memoryProfilerModule()]);
    expect(stdout).toContain('caught in profiled\nend\n');
    expect(exitCode).toBe(1);
    expect(stderr.trimEnd().split('\n').at(-1)).toBe('ValueError: in profiled');
  });
});

describe('output files in missing or unwritable folders', () => {
  let graphModule: ModuleDefinition;
  beforeAll(async () => {
    await initRenderer();
    graphModule = objgraphModule({ files: await nodeGraphFiles() });
  });

  it('tracemalloc dump and load raise the OSError python3 raises and leave nothing behind', () => {
    const dir = folder();
    const file = join(dir, 'a-file');
    writeFileSync(file, '');
    const source = `import tracemalloc
tracemalloc.start()
s = tracemalloc.take_snapshot()
for path in ('${dir}/missing/x.snap', '${file}/x.snap', '${dir}'):
    try:
        s.dump(path)
    except OSError as e:
        print(type(e).__name__, e)
try:
    tracemalloc.Snapshot.load('${dir}/missing/x.snap')
except OSError as e:
    print(type(e).__name__, e)
`;
    // python3: the same lines with these paths.
    expect(run(source, 'dump.py', [tracemallocModule({ io: nodeSnapshotIO })]).stdout).toBe(
      `FileNotFoundError [Errno 2] No such file or directory: '${dir}/missing/x.snap'\n` +
        `NotADirectoryError [Errno 20] Not a directory: '${file}/x.snap'\n` +
        `IsADirectoryError [Errno 21] Is a directory: '${dir}'\n` +
        `FileNotFoundError [Errno 2] No such file or directory: '${dir}/missing/x.snap'\n`,
    );
    expect(readdirSync(dir)).toEqual(['a-file']);
  });

  it('a write the host refuses (a read-only folder) is PermissionError, as in CPython', () => {
    const refusing: SnapshotIO = {
      read: () => new Uint8Array(0),
      write: () => {
        throw Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' });
      },
    };
    const source = `import tracemalloc
tracemalloc.start()
try:
    tracemalloc.take_snapshot().dump('/read-only/x.snap')
except OSError as e:
    print(type(e).__name__, e)
`;
    expect(run(source, 'ro.py', [tracemallocModule({ io: refusing })]).stdout).toBe(
      "PermissionError [Errno 13] Permission denied: '/read-only/x.snap'\n",
    );
  });

  it('objgraph: a .dot file raises OSError, an image reports dot failing, and the program goes on', () => {
    const dir = folder();
    const source = `import objgraph
x = [1]
try:
    objgraph.show_refs([x], filename='${dir}/missing/g.dot')
except OSError as e:
    print(type(e).__name__, e)
objgraph.show_refs([x], filename='${dir}/missing/g.svg')
print("end")
`;
    const { stdout, stderr, exitCode } = run(source, 'graph.py', [graphModule]);
    expect(exitCode).toBe(0);
    const lines = stdout.split('\n');
    expect(lines[0]).toBe(`FileNotFoundError [Errno 2] No such file or directory: '${dir}/missing/g.dot'`);
    expect(lines[2]).toMatch(
      new RegExp(
        `^dot failed \\(exit code 1\\) while executing "dot -Tsvg -o${dir}/missing/g.svg /.*\\.dot"$`,
      ),
    );
    expect(lines.at(-2)).toBe('end');
    expect(stderr).toBe(
      `Error: Could not open "${dir}/missing/g.svg" for writing : No such file or directory\n`,
    );
    expect(readdirSync(dir)).toEqual([]);
  });

  it('memkit render and tracemalloc export fail in one line with status 2 and leave nothing', async () => {
    const dir = folder();
    mkdirSync(join(dir, 'in'));
    const dot = join(dir, 'in', 'g.dot');
    writeFileSync(dot, 'digraph G { a -> b }\n');
    const render = await memkit('render', dot, '-o', join(dir, 'missing', 'g.svg'));
    expect(render.exitCode).toBe(2);
    expect(render.stderr).toBe(
      `memkit render: cannot write '${join(dir, 'missing', 'g.svg')}': no such file\n`,
    );
    const intoFolder = await memkit('render', dot, '-o', join(dir, 'in'));
    expect(intoFolder.exitCode).not.toBe(0);
    expect(intoFolder.stderr).not.toMatch(/\n\s+at /);
    const snap = join(dir, 'in', 'a.snap');
    const rt = new Runtime();
    const tracer = new Tracer(rt.events);
    tracer.start();
    rt.newList([rt.newStr('kept')]);
    writeFileSync(snap, tracer.takeSnapshot().toBytes());
    const exported = await memkit('tracemalloc', 'export', snap, '-o', join(dir, 'missing', 'heap.pb.gz'));
    expect(exported.exitCode).toBe(2);
    expect(exported.stderr).toContain(`cannot write '${join(dir, 'missing', 'heap.pb.gz')}': no such file`);
    expect(exported.stderr).not.toMatch(/\n\s+at /);
    expect(readdirSync(dir).sort()).toEqual(['in']);
    expect(readdirSync(join(dir, 'in')).sort()).toEqual(['a.snap', 'g.dot']);
  });
});
