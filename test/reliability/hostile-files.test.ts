/**
 * Hostile files given to the loaders and commands: truncated, bit-flipped, overwritten (with the
 * checksum recomputed, so the structure checks are reached), wrong-version and foreign files to
 * `Snapshot.fromBytes` and `memkit tracemalloc diff`; garbage, unterminated and huge DOT files to
 * `memkit render`; damaged `.dat` files to `memkit mprof plot`. Each must load, or fail with the
 * library's coded error / a one-line message naming the file and a non-zero exit — never another
 * exception, a stack trace or a hang.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Runtime } from '@memkit/runtime';
import { SNAPSHOT_FORMAT_VERSION, Snapshot, SnapshotFileError, Tracer } from '@memkit/tracemalloc';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { memkit } from '../../packages/cli/test/cli-helpers';

/** Corrupted snapshots per CI run through the library, and through the CLI. */
const SNAPSHOT_RUNS = 400;
const CLI_SNAPSHOT_RUNS = 25;
/** Damaged .dat files per CI run through `memkit mprof plot`. */
const DAT_RUNS = 25;
const SEED = 0x5eed_0005;

const dir = mkdtempSync(join(tmpdir(), 'memkit-hostile-'));

/** A real snapshot file: a few hundred traces from a runtime doing ordinary work. */
function realSnapshot(): Uint8Array {
  const rt = new Runtime();
  const tracer = new Tracer(rt.events);
  tracer.start(3);
  const keep = [];
  for (let i = 0; i < 60; i++) keep.push(rt.newList([rt.newStr(`item ${i}`), rt.newInt(10 ** 6 + i)]));
  keep.push(rt.newDict(keep.slice(0, 20).map((v, i) => [rt.newStr(`k${i}`), rt.share(v)] as const)));
  return tracer.takeSnapshot().toBytes();
}

/** CRC-32 (IEEE), computed here independently of tracemalloc's own. */
function crc32(bytes: Uint8Array, start: number, end: number, seed = 0): number {
  let crc = ~seed >>> 0;
  for (let i = start; i < end; i++) {
    crc ^= bytes[i];
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return ~crc >>> 0;
}

/** Stores the checksum the format expects (bytes 0..44 and 48..end; see snapshot-format.ts). */
function resealed(bytes: Uint8Array): Uint8Array {
  if (bytes.length < 48) return bytes;
  const out = bytes.slice();
  new DataView(out.buffer).setUint32(44, crc32(out, 48, out.length, crc32(out, 0, 44)), true);
  return out;
}

type Damage =
  | { kind: 'truncate'; at: number }
  | { kind: 'flip'; bits: number[]; reseal: boolean }
  | { kind: 'overwrite'; at: number; bytes: Uint8Array; reseal: boolean }
  | { kind: 'version'; version: number }
  | { kind: 'foreign'; bytes: Uint8Array };

const damages: fc.Arbitrary<Damage> = fc.oneof(
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({
    kind: fc.constant('flip' as const),
    bits: fc.array(fc.nat(), { minLength: 1, maxLength: 4 }),
    reseal: fc.boolean(),
  }),
  fc.record({
    kind: fc.constant('overwrite' as const),
    at: fc.nat(),
    bytes: fc.uint8Array({ minLength: 1, maxLength: 8 }),
    reseal: fc.boolean(),
  }),
  fc.record({
    kind: fc.constant('version' as const),
    version: fc.nat().filter((v) => v !== SNAPSHOT_FORMAT_VERSION),
  }),
  fc.record({ kind: fc.constant('foreign' as const), bytes: fc.uint8Array({ maxLength: 200 }) }),
);

function damaged(good: Uint8Array, damage: Damage): Uint8Array {
  switch (damage.kind) {
    case 'truncate':
      return good.slice(0, damage.at % good.length);
    case 'flip': {
      const out = good.slice();
      for (const bit of damage.bits) out[(bit >>> 3) % out.length] ^= 1 << (bit & 7);
      return damage.reseal ? resealed(out) : out;
    }
    case 'overwrite': {
      const out = good.slice();
      out.set(damage.bytes.subarray(0, out.length - (damage.at % out.length)), damage.at % out.length);
      return damage.reseal ? resealed(out) : out;
    }
    case 'version': {
      const out = good.slice();
      new DataView(out.buffer).setUint32(8, damage.version, true);
      return out;
    }
    case 'foreign':
      return damage.bytes;
  }
}

const SNAPSHOT_CODES = [
  'MEMKIT_SNAPSHOT_FOREIGN',
  'MEMKIT_SNAPSHOT_VERSION',
  'MEMKIT_SNAPSHOT_TRUNCATED',
  'MEMKIT_SNAPSHOT_CORRUPT',
];

/** A failure as a user should see it: non-zero status, a message naming the file, no stack trace. */
function expectCleanFailure(result: { stderr: string; exitCode: number }, file: string): void {
  expect(result.exitCode).not.toBe(0);
  expect(result.stderr).toContain(file);
  expect(result.stderr).not.toMatch(/\n\s+at /);
}

const good = realSnapshot();

describe('hostile snapshot files', () => {
  it(`Snapshot.fromBytes loads or refuses with a coded error (${SNAPSHOT_RUNS} damaged files)`, () => {
    const tally: Record<string, number> = {};
    fc.assert(
      fc.property(damages, (damage) => {
        const bytes = damaged(good, damage);
        let outcome: string;
        try {
          const snapshot = Snapshot.fromBytes(bytes, 'damaged.snapshot');
          // A damage that left a consistent file (a flipped size bit, a renamed file) must load
          // into a snapshot every method can use.
          for (const stat of snapshot.statistics('traceback')) stat.traceback.format();
          snapshot.compareTo(Snapshot.fromBytes(good), 'lineno').map(String);
          outcome = 'loaded';
        } catch (error) {
          if (!(error instanceof SnapshotFileError)) throw error;
          expect(SNAPSHOT_CODES).toContain(error.code);
          expect(error.message).toMatch(/^cannot load tracemalloc snapshot damaged\.snapshot: \S/);
          outcome = error.code;
        }
        tally[`${damage.kind} → ${outcome}`] = (tally[`${damage.kind} → ${outcome}`] ?? 0) + 1;
      }),
      { numRuns: SNAPSHOT_RUNS, seed: SEED },
    );
    console.log(`damaged snapshots: ${JSON.stringify(tally)}`);
  });

  it(`memkit tracemalloc diff refuses them in one line with a non-zero status (${CLI_SNAPSHOT_RUNS} files)`, async () => {
    const goodPath = join(dir, 'good.snapshot');
    writeFileSync(goodPath, good);
    const samples = fc.sample(damages, { numRuns: CLI_SNAPSHOT_RUNS, seed: SEED });
    for (const [i, damage] of samples.entries()) {
      const bytes = damaged(good, damage);
      const path = join(dir, `damaged-${i}.snapshot`);
      writeFileSync(path, bytes);
      let loads = true;
      try {
        Snapshot.fromBytes(bytes);
      } catch {
        loads = false;
      }
      const result = await memkit('tracemalloc', 'diff', goodPath, path);
      if (loads) expect(result.exitCode).toBe(0);
      else expectCleanFailure(result, path);
    }
    for (const path of [join(dir, 'missing.snapshot'), dir]) {
      expectCleanFailure(await memkit('tracemalloc', 'diff', goodPath, path), path);
    }
  });
});

describe('hostile DOT files', () => {
  const cases: Record<string, string | Uint8Array> = {
    'binary garbage': Uint8Array.from({ length: 2000 }, (_, i) => (i * 7919 + 13) % 256),
    'unterminated string': 'digraph G {\n  a [label="never closed];\n  a -> b;\n}\n',
    'unterminated graph': 'digraph G {\n  a -> b;\n',
    'NUL bytes': 'digraph G {\n  a [label="x\0y"];\n}\n',
    'not DOT at all': 'print("hello")\n',
    empty: '',
    'undirected edge in a digraph': 'digraph G { a -- b }\n',
  };
  for (const [name, content] of Object.entries(cases)) {
    it(`memkit render refuses ${name} in one line, or renders it`, async () => {
      const input = join(dir, `${name.replaceAll(' ', '-')}.dot`);
      writeFileSync(input, content);
      const output = join(dir, `${name.replaceAll(' ', '-')}.svg`);
      const result = await memkit('render', input, '-o', output);
      if (result.exitCode === 0) expect(readFileSync(output, 'utf8')).toMatch(/^<\?xml|^<svg/);
      else expectCleanFailure(result, input);
    });
  }

  it('memkit render draws a 2,000-node graph', { timeout: 120_000 }, async () => {
    const lines = ['digraph G {'];
    for (let i = 1; i < 2000; i++) lines.push(`  n${i} -> n${(i * 31) % i};`);
    lines.push('}');
    const input = join(dir, 'huge.dot');
    writeFileSync(input, lines.join('\n'));
    const output = join(dir, 'huge.svg');
    const result = await memkit('render', input, '-o', output);
    expect(result.exitCode).toBe(0);
    expect(readFileSync(output, 'utf8').match(/class="node"/g)?.length).toBe(2000);
  });

  it('memkit render names a missing file and a directory as what they are', async () => {
    const missing = await memkit('render', join(dir, 'missing.dot'), '-o', join(dir, 'x.svg'));
    expectCleanFailure(missing, 'missing.dot');
    expect(missing.stderr).toContain('no such file');
    const folder = await memkit('render', dir, '-o', join(dir, 'x.svg'));
    expectCleanFailure(folder, dir);
    expect(folder.stderr).toContain('it is a directory');
  });
});

describe('hostile mprof .dat files', () => {
  const dat = [
    'CMDLINE python3 script.py',
    'MEM 18.125000 1700000000.1000',
    'FUNC script.work 18.2000 1700000000.1100 25.5000 1700000000.3000',
    'MEM 22.500000 1700000000.2000',
    'MEM 25.500000 1700000000.3000',
    'MEM 19.000000 1700000000.4000',
    '',
  ].join('\n');

  it(`memkit mprof plot draws a damaged file or refuses it in one line (${DAT_RUNS} files)`, {
    timeout: 120_000,
  }, async () => {
    const edits = fc.sample(
      fc.record({ at: fc.nat(), cut: fc.boolean(), bytes: fc.uint8Array({ minLength: 1, maxLength: 6 }) }),
      { numRuns: DAT_RUNS, seed: SEED },
    );
    const tally: Record<string, number> = {};
    for (const [i, { at, cut, bytes }] of edits.entries()) {
      const text = new TextEncoder().encode(dat);
      const where = at % text.length;
      const damagedDat = cut
        ? text.slice(0, where)
        : Uint8Array.from([...text.slice(0, where), ...bytes, ...text.slice(where)]);
      const input = join(dir, `damaged-${i}.dat`);
      writeFileSync(input, damagedDat);
      const result = await memkit('mprof', 'plot', input, '-o', join(dir, `damaged-${i}.svg`));
      if (result.exitCode !== 0) expectCleanFailure(result, input);
      tally[`exit ${result.exitCode}`] = (tally[`exit ${result.exitCode}`] ?? 0) + 1;
    }
    console.log(`damaged .dat files: ${JSON.stringify(tally)}`);
  });
});
