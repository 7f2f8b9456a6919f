import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { type RawTrace, Snapshot } from '@memkit/tracemalloc';
import { nodeSnapshotIO } from '@memkit/tracemalloc/node';
import { describe, expect, it } from 'vitest';
import { memkit } from './cli-helpers';

const dir = mkdtempSync(join(tmpdir(), 'memkit-tracemalloc-cli-'));

// The same raw traces as CPython's `tracemalloc.Snapshot(traces, 2)` in the comments below;
// every expected line is what python3 3.11.7 printed for them (see each test).
const OLD: RawTrace[] = [
  [
    0,
    10,
    [
      ['app.py', 5],
      ['main.py', 20],
    ],
    2,
  ],
  [
    0,
    10,
    [
      ['app.py', 5],
      ['main.py', 20],
    ],
    2,
  ],
  [
    0,
    700,
    [
      ['cache.py', 12],
      ['app.py', 8],
    ],
    2,
  ],
  [0, 48, [['gone.py', 3]], 1],
];
const NEW: RawTrace[] = [
  [
    0,
    10,
    [
      ['app.py', 5],
      ['main.py', 20],
    ],
    2,
  ],
  [
    0,
    10,
    [
      ['app.py', 5],
      ['main.py', 20],
    ],
    2,
  ],
  [
    0,
    10,
    [
      ['app.py', 5],
      ['main.py', 21],
    ],
    2,
  ],
  [
    0,
    700,
    [
      ['cache.py', 12],
      ['app.py', 8],
    ],
    2,
  ],
  [
    0,
    15000,
    [
      ['cache.py', 12],
      ['app.py', 9],
    ],
    2,
  ],
  [
    0,
    3,
    [
      ['cache.py', 14],
      ['app.py', 9],
    ],
    2,
  ],
];

function dumped(name: string, traces: RawTrace[]): string {
  const path = join(dir, name);
  Snapshot.fromRawTraces(traces, 2).dump(path, nodeSnapshotIO);
  return path;
}

const oldPath = dumped('old.snapshot', OLD);
const newPath = dumped('new.snapshot', NEW);

describe('memkit tracemalloc top', () => {
  it("prints str(Statistic) lines, as `for s in new.statistics('lineno')[:10]: print(s)`", async () => {
    expect(await memkit('tracemalloc', 'top', newPath)).toEqual({
      stdout:
        'cache.py:12: size=15.3 KiB, count=2, average=7850 B\n' +
        'app.py:5: size=30 B, count=3, average=10 B\n' +
        'cache.py:14: size=3 B, count=1, average=3 B\n',
      stderr: '',
      exitCode: 0,
    });
  });

  it('groups by file and cuts to --limit', async () => {
    // python3: for s in new.statistics('filename')[:2]: print(s)
    const { stdout } = await memkit('tracemalloc', 'top', newPath, '--key-type', 'filename', '--limit', '2');
    expect(stdout).toBe(
      'cache.py:0: size=15.3 KiB, count=3, average=5234 B\napp.py:0: size=30 B, count=3, average=10 B\n',
    );
  });

  it('counts every frame with --cumulative', async () => {
    // python3: for s in new.statistics('lineno', cumulative=True)[:10]: print(s)
    const { stdout } = await memkit('tracemalloc', 'top', newPath, '--cumulative');
    expect(stdout.split('\n')).toEqual([
      'cache.py:12: size=15.3 KiB, count=2, average=7850 B',
      'app.py:9: size=14.7 KiB, count=2, average=7502 B',
      'app.py:8: size=700 B, count=1, average=700 B',
      'app.py:5: size=30 B, count=3, average=10 B',
      'main.py:20: size=20 B, count=2, average=10 B',
      'main.py:21: size=10 B, count=1, average=10 B',
      'cache.py:14: size=3 B, count=1, average=3 B',
      '',
    ]);
  });

  it('follows each traceback statistic with its format() lines', async () => {
    // python3: for s in new.statistics('traceback')[:2]: print(s); [print(l) for l in s.traceback.format()]
    const { stdout } = await memkit('tracemalloc', 'top', newPath, '--key-type', 'traceback', '--limit', '2');
    expect(stdout).toBe(
      'app.py:9: size=14.6 KiB, count=1, average=14.6 KiB\n  File "app.py", line 9\n  File "cache.py", line 12\n' +
        'app.py:8: size=700 B, count=1, average=700 B\n  File "app.py", line 8\n  File "cache.py", line 12\n',
    );
  });

  it("refuses --cumulative with traceback keys with CPython's message", async () => {
    const result = await memkit('tracemalloc', 'top', newPath, '--key-type', 'traceback', '--cumulative');
    expect(result).toEqual({
      stdout: '',
      stderr: "memkit tracemalloc top: cumulative mode cannot by used with key type 'traceback'\n",
      exitCode: 2,
    });
  });

  it('rejects an unknown key type and a bad limit as usage errors', async () => {
    const keyType = await memkit('tracemalloc', 'top', newPath, '--key-type', 'line');
    expect(keyType.exitCode).toBe(1);
    expect(keyType.stderr).toContain(
      "argument 'line' is invalid. Allowed choices are lineno, filename, traceback.",
    );
    const limit = await memkit('tracemalloc', 'top', newPath, '--limit', '-3');
    expect(limit.exitCode).toBe(1);
    expect(limit.stderr).toContain("limit must be a whole number above 0, not '-3'");
  });
});

describe('memkit tracemalloc diff', () => {
  it("prints str(StatisticDiff) lines, as `for s in new.compare_to(old, 'lineno')[:10]: print(s)`", async () => {
    expect(await memkit('tracemalloc', 'diff', oldPath, newPath)).toEqual({
      stdout:
        'cache.py:12: size=15.3 KiB (+14.6 KiB), count=2 (+1), average=7850 B\n' +
        'gone.py:3: size=0 B (-48 B), count=0 (-1)\n' +
        'app.py:5: size=30 B (+10 B), count=3 (+1), average=10 B\n' +
        'cache.py:14: size=3 B (+3 B), count=1 (+1), average=3 B\n',
      stderr: '',
      exitCode: 0,
    });
  });

  it('groups by file', async () => {
    // python3: for s in new.compare_to(old, 'filename')[:2]: print(s)
    const { stdout } = await memkit(
      'tracemalloc',
      'diff',
      oldPath,
      newPath,
      '--key-type',
      'filename',
      '--limit',
      '2',
    );
    expect(stdout).toBe(
      'cache.py:0: size=15.3 KiB (+14.7 KiB), count=3 (+2), average=5234 B\ngone.py:0: size=0 B (-48 B), count=0 (-1)\n',
    );
  });

  it('names the missing snapshot and exits 2', async () => {
    const missing = join(dir, 'nope.snapshot');
    expect(await memkit('tracemalloc', 'diff', oldPath, missing)).toEqual({
      stdout: '',
      stderr: `memkit tracemalloc diff: cannot read snapshot '${missing}': no such file\n`,
      exitCode: 2,
    });
  });
});

describe('memkit tracemalloc: files that are not snapshots', () => {
  const bytes = readFileSync(newPath);

  it('names a corrupt file (one body byte flipped: checksum mismatch) without a stack trace', async () => {
    const corrupt = join(dir, 'corrupt.snapshot');
    const damaged = Uint8Array.from(bytes);
    damaged[60] ^= 0xff;
    writeFileSync(corrupt, damaged);
    const { stdout, stderr, exitCode } = await memkit('tracemalloc', 'top', corrupt);
    expect({ stdout, exitCode }).toEqual({ stdout: '', exitCode: 2 });
    expect(stderr).toMatch(
      new RegExp(`^memkit tracemalloc top: cannot load tracemalloc snapshot ${corrupt}: .*checksum`),
    );
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('names a truncated file', async () => {
    const truncated = join(dir, 'truncated.snapshot');
    writeFileSync(truncated, bytes.subarray(0, bytes.length - 10));
    const { stderr, exitCode } = await memkit('tracemalloc', 'top', truncated);
    expect(exitCode).toBe(2);
    expect(stderr).toContain(`cannot load tracemalloc snapshot ${truncated}:`);
  });

  it("names a pickle (CPython's own Snapshot.dump) as foreign", async () => {
    const pickle = join(dir, 'cpython.pickle');
    // The first bytes of python3's `tracemalloc.take_snapshot().dump(f)`: pickle protocol 5.
    writeFileSync(
      pickle,
      Uint8Array.from([0x80, 0x05, 0x95, 0x2c, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x8c]),
    );
    const { stderr, exitCode } = await memkit('tracemalloc', 'top', pickle);
    expect(exitCode).toBe(2);
    expect(stderr).toContain(`cannot load tracemalloc snapshot ${pickle}: not a memkit tracemalloc snapshot`);
    expect(stderr).toContain('pickle');
  });

  it('names a directory', async () => {
    const { stderr, exitCode } = await memkit('tracemalloc', 'top', dir);
    expect({ stderr, exitCode }).toEqual({
      stderr: `memkit tracemalloc top: cannot read snapshot '${dir}': it is a directory\n`,
      exitCode: 2,
    });
  });
});

describe('memkit tracemalloc export', () => {
  it('writes a gzipped pprof heap profile holding the traced bytes and objects', async () => {
    const output = join(dir, 'heap.pb.gz');
    const result = await memkit('tracemalloc', 'export', newPath, '-o', output);
    // 6 traces over 5 distinct tracebacks (two app.py:5 <- main.py:20 traces share one).
    expect(result).toEqual({
      stdout: `Wrote ${output}: pprof heap profile of 6 traces in 5 samples (inuse_space/bytes, inuse_objects/count)\n`,
      stderr: '',
      exitCode: 0,
    });
    const gz = readFileSync(output);
    expect([gz[0], gz[1]]).toEqual([0x1f, 0x8b]);
    const profile = Buffer.from(gunzipSync(gz)).toString('latin1');
    for (const text of ['inuse_space', 'inuse_objects', 'bytes', 'count', 'cache.py', 'main.py']) {
      expect(profile).toContain(text);
    }
  });

  it('writes plain protobuf when the name does not end in .gz', async () => {
    const output = join(dir, 'heap.pb');
    expect((await memkit('tracemalloc', 'export', newPath, '-o', output)).exitCode).toBe(0);
    expect(readFileSync(output).toString('latin1')).toContain('inuse_space');
  });

  it('requires -o, and names an output folder that does not exist', async () => {
    const noOutput = await memkit('tracemalloc', 'export', newPath);
    expect(noOutput.exitCode).toBe(1);
    expect(noOutput.stderr).toContain("required option '-o, --output <file>' not specified");
    const output = join(dir, 'no-such-folder', 'heap.pb.gz');
    const result = await memkit('tracemalloc', 'export', newPath, '-o', output);
    expect(result).toEqual({
      stdout: '',
      stderr: `memkit tracemalloc export: cannot write '${output}': no such file\n`,
      exitCode: 2,
    });
    expect(existsSync(output)).toBe(false);
  });
});
