import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { SnapshotIO } from '../src/index';
import { SNAPSHOT_FORMAT_VERSION, Snapshot, SnapshotFileError } from '../src/index';
import { nodeSnapshotIO } from '../src/node';
import { createSnapshots, lines, RAW_REPEATED, RAW_TIES } from './raw-snapshots';

/** An in-memory file system, as a browser host would inject. */
function memoryIO(): SnapshotIO & { files: Map<string, Uint8Array> } {
  const files = new Map<string, Uint8Array>();
  return {
    files,
    read: (path) => {
      const bytes = files.get(path);
      if (bytes === undefined) throw new Error(`ENOENT: ${path}`);
      return bytes;
    },
    write: (path, bytes) => {
      files.set(path, bytes.slice());
    },
  };
}

function loadError(bytes: Uint8Array): SnapshotFileError {
  try {
    Snapshot.fromBytes(bytes, 'bad.snapshot');
  } catch (error) {
    if (error instanceof SnapshotFileError) return error;
    throw error;
  }
  throw new Error('the snapshot loaded');
}

describe('Snapshot.dump and Snapshot.load', () => {
  it('round-trip to an equal snapshot with equal statistics', () => {
    const io = memoryIO();
    for (const raw of [
      createSnapshots()[0],
      Snapshot.fromRawTraces(RAW_REPEATED, 3),
      Snapshot.fromRawTraces(RAW_TIES, 7),
    ]) {
      raw.dump('s.snapshot', io);
      const loaded = Snapshot.load('s.snapshot', io);
      expect(loaded.equals(raw)).toBe(true);
      expect(loaded.rawTraces()).toEqual(raw.rawTraces());
      expect(loaded.tracebackLimit).toBe(raw.tracebackLimit);
      expect(lines(loaded.statistics('traceback'))).toEqual(lines(raw.statistics('traceback')));
    }
  });

  it('keeps None totals, big sizes, domains and function names', () => {
    const raw = Snapshot.fromRawTraces(
      [
        [7, 2 ** 40 + 3, [['big.py', 1]], null],
        [0xffffffff, 0, [['z.py', 2 ** 31]]],
      ],
      1,
    );
    const loaded = Snapshot.fromBytes(raw.toBytes());
    expect(loaded.rawTraces()).toEqual([
      [7, 2 ** 40 + 3, [['big.py', 1]], null],
      [0xffffffff, 0, [['z.py', 2 ** 31]], null],
    ]);
  });

  it('writes only the tracebacks a filtered snapshot uses', () => {
    const [s1] = createSnapshots();
    const small = s1.filterTraces([{ inclusive: true, compile: () => (domain) => domain === 2 }]);
    expect(small.toBytes().length).toBeLessThan(s1.toBytes().length);
    expect(Snapshot.fromBytes(small.toBytes()).rawTraces()).toEqual([[2, 66, [['b.py', 1]], 1]]);
  });

  it('writes files atomically on Node, leaving no temporary file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'memkit-tm-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    const [s1, s2] = createSnapshots();
    const path = join(dir, 'heap.snapshot');
    s1.dump(path, nodeSnapshotIO);
    s2.dump(path, nodeSnapshotIO);
    expect(readdirSync(dir)).toEqual(['heap.snapshot']);
    expect(Snapshot.load(path, nodeSnapshotIO).equals(s2)).toBe(true);
    expect(() => s1.dump(join(dir, 'missing', 'x.snapshot'), nodeSnapshotIO)).toThrow(/ENOENT/);
    expect(readdirSync(dir)).toEqual(['heap.snapshot']);
  });
});

describe('loading a bad snapshot file', () => {
  const good = createSnapshots()[0].toBytes();

  it('rejects a foreign file, naming it and saying what it looks like', () => {
    const text = loadError(new TextEncoder().encode('hello, world\n'));
    expect(text.code).toBe('MEMKIT_SNAPSHOT_FOREIGN');
    expect(text.message).toBe(
      'cannot load tracemalloc snapshot bad.snapshot: not a memkit tracemalloc snapshot: it does not start with "MKTMSNAP"',
    );
    // CPython's Snapshot.dump writes a pickle (protocol 5 starts with 0x80 0x05).
    const pickle = loadError(Uint8Array.of(0x80, 0x05, 0x95, 0, 0, 0, 0, 0, 0, 0));
    expect(pickle.code).toBe('MEMKIT_SNAPSHOT_FOREIGN');
    expect(pickle.message).toMatch(/Python pickle, such as CPython's Snapshot\.dump\(\) writes/);
    expect(pickle.path).toBe('bad.snapshot');
  });

  it('rejects another format version', () => {
    const bytes = good.slice();
    new DataView(bytes.buffer).setUint32(8, SNAPSHOT_FORMAT_VERSION + 1, true);
    const error = loadError(bytes);
    expect(error.code).toBe('MEMKIT_SNAPSHOT_VERSION');
    expect(error.message).toBe(
      'cannot load tracemalloc snapshot bad.snapshot: it is in snapshot format version 2, and this memkit ' +
        'reads only version 1; load it with the memkit that wrote it, or dump the snapshot again',
    );
  });

  it('rejects a truncated file, wherever it was cut', () => {
    for (const length of [0, 4, 10, 30, 48, good.length - 1]) {
      const error = loadError(good.slice(0, length));
      expect(error.code).toBe('MEMKIT_SNAPSHOT_TRUNCATED');
      expect(error.message).toMatch(/^cannot load tracemalloc snapshot bad\.snapshot: the file /);
    }
    expect(loadError(good.slice(0, good.length - 1)).message).toBe(
      `cannot load tracemalloc snapshot bad.snapshot: the file is truncated: its header announces ${good.length} ` +
        `bytes but it has ${good.length - 1}; it was cut short while being written or copied`,
    );
  });

  it('rejects trailing bytes, a flipped bit, and headers whose counts lie', () => {
    const longer = new Uint8Array(good.length + 3);
    longer.set(good);
    expect(loadError(longer).message).toBe(
      `cannot load tracemalloc snapshot bad.snapshot: 3 unexpected bytes follow the ${good.length}-byte snapshot`,
    );
    for (const offset of [12, 20, 48, 60, good.length - 1]) {
      const flipped = good.slice();
      flipped[offset] ^= 0x10;
      const error = loadError(flipped);
      expect(error.code).toBe('MEMKIT_SNAPSHOT_CORRUPT');
      expect(error.message).toMatch(
        /its checksum does not match \(stored 0x[0-9a-f]{8}, computed 0x[0-9a-f]{8}\)/,
      );
    }
  });

  it('rejects structural damage even when the checksum was recomputed', async () => {
    // A writer bug rather than disk damage: the checksum is right, the contents are not.
    const { crc32 } = await import('../src/crc32');
    const resealed = (edit: (view: DataView) => void): Uint8Array => {
      const bytes = good.slice();
      const view = new DataView(bytes.buffer);
      edit(view);
      view.setUint32(44, crc32(bytes, 48, bytes.length, crc32(bytes, 0, 44)), true);
      return bytes;
    };
    const traceCount = new DataView(good.buffer).getUint32(36, true);
    const tooMany = loadError(resealed((v) => v.setUint32(36, traceCount + 1, true)));
    expect(tooMany.code).toBe('MEMKIT_SNAPSHOT_CORRUPT');
    expect(tooMany.message).toMatch(/the body ends inside the trace sizes: the header's counts are wrong/);
    // The traceback index of the first trace points past the tracebacks.
    const tracebacksAt = good.length - traceCount * 20 + traceCount * 4;
    const badIndex = loadError(resealed((v) => v.setUint32(tracebacksAt, 99, true)));
    expect(badIndex.message).toBe(
      'cannot load tracemalloc snapshot bad.snapshot: trace 0 names traceback 99 of 4',
    );
  });

  it('lets file-system errors through from the injected I/O', () => {
    expect(() => Snapshot.load('nowhere.snapshot', memoryIO())).toThrow('ENOENT: nowhere.snapshot');
  });
});

describe('the Node file I/O', () => {
  it('reads what another writer put there', () => {
    const dir = mkdtempSync(join(tmpdir(), 'memkit-tm-'));
    try {
      const path = join(dir, 'copy.snapshot');
      writeFileSync(path, createSnapshots()[1].toBytes());
      expect(Snapshot.load(path, nodeSnapshotIO).equals(createSnapshots()[1])).toBe(true);
      expect(readFileSync(path).subarray(0, 8).toString('latin1')).toBe('MKTMSNAP');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
