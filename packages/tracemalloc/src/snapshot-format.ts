import { crc32 } from './crc32';
import { SnapshotFileError, type SnapshotFileErrorCode } from './errors';
import type { TraceRecords } from './trace-records';
import { TracebackTable } from './traceback-table';

// The layout is documented in this package's README ("Snapshot file format"); keep them in step.

/** The first 8 bytes of every memkit snapshot file. */
export const SNAPSHOT_MAGIC = 'MKTMSNAP';
/** The format version this build writes and the only one it reads. */
export const SNAPSHOT_FORMAT_VERSION = 1;

const HEADER_SIZE = 48;
const CRC_OFFSET = 44;
const NONE = 0xffffffff;
const MAGIC = Uint8Array.from(SNAPSHOT_MAGIC, (c) => c.charCodeAt(0));
const TWO_32 = 2 ** 32;

/** A decoded snapshot file: the records and the traceback limit. */
export interface DecodedSnapshot {
  readonly records: TraceRecords;
  readonly tracebackLimit: number;
}

/**
 * Encodes a snapshot in three phases: compact (keep only the tracebacks, frames and strings the
 * traces use, renumbered in order of first use), write the body's sections, then the header
 * with its CRC-32.
 */
export function encodeSnapshot(records: TraceRecords, tracebackLimit: number): Uint8Array {
  const { table } = records;
  const n = records.sizes.length;

  // Phase 1: compact.
  const tracebackIds = new Int32Array(n);
  const tracebackMap = new Int32Array(table.tracebackCount).fill(-1);
  const tracebacks: number[] = [];
  for (let i = 0; i < n; i++) {
    const tb = records.tracebackIds[i];
    if (tracebackMap[tb] === -1) {
      tracebackMap[tb] = tracebacks.length;
      tracebacks.push(tb);
    }
    tracebackIds[i] = tracebackMap[tb];
  }
  const frameMap = new Int32Array(table.frameCount).fill(-1);
  const frames: number[] = [];
  let frameRefs = 0;
  for (const tb of tracebacks) {
    const length = table.tracebackLength(tb);
    frameRefs += length;
    for (let f = 0; f < length; f++) {
      const frame = table.tracebackFrame(tb, f);
      if (frameMap[frame] === -1) {
        frameMap[frame] = frames.length;
        frames.push(frame);
      }
    }
  }
  const filenames = new StringIndex();
  const names = new StringIndex();
  const frameFilenames = frames.map((f) => filenames.id(table.filename(table.frameFilenameId(f))));
  const frameNames = frames.map((f) => {
    const name = table.frameName(f);
    return name === null ? NONE : names.id(name);
  });

  // Phase 2: body.
  const strings = [...filenames.encoded, ...names.encoded];
  let bodySize = 0;
  for (const s of strings) bodySize += 4 + s.length;
  bodySize += frames.length * 12 + tracebacks.length * 4 + frameRefs * 4 + n * 20;
  const bytes = new Uint8Array(HEADER_SIZE + bodySize);
  const view = new DataView(bytes.buffer);
  let at = HEADER_SIZE;
  for (const s of strings) {
    view.setUint32(at, s.length, true);
    bytes.set(s, at + 4);
    at += 4 + s.length;
  }
  for (const id of frameFilenames) at = u32(view, at, id);
  for (const f of frames) at = u32(view, at, table.frameLineno(f));
  for (const id of frameNames) at = u32(view, at, id);
  for (const tb of tracebacks) at = u32(view, at, table.tracebackLength(tb));
  for (const tb of tracebacks) {
    const length = table.tracebackLength(tb);
    for (let f = 0; f < length; f++) at = u32(view, at, frameMap[table.tracebackFrame(tb, f)]);
  }
  for (let i = 0; i < n; i++) at = u32(view, at, records.domains[i]);
  for (let i = 0; i < n; i++) at = u32(view, at, tracebackIds[i]);
  for (let i = 0; i < n; i++)
    at = u32(view, at, records.totalNframes[i] === -1 ? NONE : records.totalNframes[i]);
  for (let i = 0; i < n; i++) {
    const size = records.sizes[i];
    view.setUint32(at, size % TWO_32, true);
    view.setUint32(at + 4, Math.floor(size / TWO_32), true);
    at += 8;
  }

  // Phase 3: header.
  bytes.set(MAGIC, 0);
  const header = [
    SNAPSHOT_FORMAT_VERSION,
    tracebackLimit,
    filenames.encoded.length,
    names.encoded.length,
    frames.length,
    tracebacks.length,
    frameRefs,
    n,
    bodySize,
  ];
  for (let i = 0; i < header.length; i++) view.setUint32(8 + 4 * i, header[i], true);
  view.setUint32(CRC_OFFSET, checksum(bytes), true);
  return bytes;
}

/**
 * Decodes a snapshot file, checking in order: magic (foreign file), version, length (truncated,
 * trailing bytes), checksum, then every count and index. `path` only names the file in errors.
 */
export function decodeSnapshot(bytes: Uint8Array, path: string): DecodedSnapshot {
  const fail = (code: SnapshotFileErrorCode, problem: string): never => {
    throw new SnapshotFileError(code, path, problem);
  };
  checkMagic(bytes, fail);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 12)
    fail('MEMKIT_SNAPSHOT_TRUNCATED', `the file ends inside its header (${bytes.length} bytes)`);
  const version = view.getUint32(8, true);
  if (version !== SNAPSHOT_FORMAT_VERSION) {
    fail(
      'MEMKIT_SNAPSHOT_VERSION',
      `it is in snapshot format version ${version}, and this memkit reads only version ` +
        `${SNAPSHOT_FORMAT_VERSION}; load it with the memkit that wrote it, or dump the snapshot again`,
    );
  }
  if (bytes.length < HEADER_SIZE) {
    fail(
      'MEMKIT_SNAPSHOT_TRUNCATED',
      `the file ends inside its ${HEADER_SIZE}-byte header (${bytes.length} bytes)`,
    );
  }
  const field = (i: number): number => view.getUint32(8 + 4 * i, true);
  const tracebackLimit = field(1);
  const filenameCount = field(2);
  const nameCount = field(3);
  const frameCount = field(4);
  const tracebackCount = field(5);
  const frameRefs = field(6);
  const traceCount = field(7);
  const bodySize = field(8);
  const expected = HEADER_SIZE + bodySize;
  if (bytes.length < expected) {
    fail(
      'MEMKIT_SNAPSHOT_TRUNCATED',
      `the file is truncated: its header announces ${expected} bytes but it has ${bytes.length}; ` +
        'it was cut short while being written or copied',
    );
  }
  if (bytes.length > expected) {
    fail(
      'MEMKIT_SNAPSHOT_CORRUPT',
      `${bytes.length - expected} unexpected bytes follow the ${expected}-byte snapshot`,
    );
  }
  const stored = view.getUint32(CRC_OFFSET, true);
  const actual = checksum(bytes);
  if (stored !== actual) {
    fail(
      'MEMKIT_SNAPSHOT_CORRUPT',
      `its checksum does not match (stored ${hex(stored)}, computed ${hex(actual)}): the file was altered or damaged`,
    );
  }

  const body = new BodyReader(bytes, view, HEADER_SIZE, fail);
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const decode = (utf8: Uint8Array): string => decoder.decode(utf8);
  const filenames = body.strings(filenameCount, decode, 'filename');
  const names = body.strings(nameCount, decode, 'function name');

  const frameFilenames = body.u32s(frameCount, 'frame filenames');
  const frameLinenos = body.u32s(frameCount, 'frame line numbers');
  const frameNames = new Int32Array(body.u32s(frameCount, 'frame function names').buffer);
  for (let f = 0; f < frameCount; f++) {
    const filename = frameFilenames[f];
    const name = frameNames[f]; // NONE reads as -1
    if (filename >= filenameCount)
      fail('MEMKIT_SNAPSHOT_CORRUPT', `frame ${f} names filename ${filename} of ${filenameCount}`);
    if (name < -1 || name >= nameCount)
      fail('MEMKIT_SNAPSHOT_CORRUPT', `frame ${f} names function ${name >>> 0} of ${nameCount}`);
  }

  const lengths = body.u32s(tracebackCount, 'traceback lengths');
  const refs = body.u32s(frameRefs, 'traceback frames');
  let ref = 0;
  for (let tb = 0; tb < tracebackCount; tb++) {
    const length = lengths[tb];
    if (length === 0) fail('MEMKIT_SNAPSHOT_CORRUPT', `traceback ${tb} has no frame`);
    if (ref + length > frameRefs)
      fail('MEMKIT_SNAPSHOT_CORRUPT', `traceback ${tb} runs past the ${frameRefs} frame references`);
    for (const end = ref + length; ref < end; ref++) {
      if (refs[ref] >= frameCount)
        fail('MEMKIT_SNAPSHOT_CORRUPT', `traceback ${tb} names frame ${refs[ref]} of ${frameCount}`);
    }
  }
  if (ref !== frameRefs)
    fail('MEMKIT_SNAPSHOT_CORRUPT', `${frameRefs - ref} frame references belong to no traceback`);
  const table = TracebackTable.fromColumns({
    filenames,
    names,
    frameFilenames,
    frameLinenos,
    frameNames,
    tracebackLengths: lengths,
    tracebackFrames: refs,
  });

  const domains = body.u32s(traceCount, 'trace domains');
  const traceTracebacks = body.u32s(traceCount, 'trace tracebacks');
  const totals = body.u32s(traceCount, 'trace frame totals');
  const sizeWords = body.u32s(traceCount * 2, 'trace sizes');
  body.end();
  const records = {
    table,
    domains,
    sizes: new Float64Array(traceCount),
    tracebackIds: new Int32Array(traceCount),
    totalNframes: new Int32Array(traceCount),
  };
  for (let i = 0; i < traceCount; i++) {
    const tb = traceTracebacks[i];
    if (tb >= tracebackCount)
      fail('MEMKIT_SNAPSHOT_CORRUPT', `trace ${i} names traceback ${tb} of ${tracebackCount}`);
    records.tracebackIds[i] = tb;
    const total = totals[i];
    if (total !== NONE && total > 0x7fffffff)
      fail('MEMKIT_SNAPSHOT_CORRUPT', `trace ${i} has a frame total of ${total}`);
    records.totalNframes[i] = total === NONE ? -1 : total;
    const high = sizeWords[2 * i + 1];
    if (high >= 2 ** 21) fail('MEMKIT_SNAPSHOT_CORRUPT', `trace ${i} has a size above 2**53 bytes`);
    records.sizes[i] = high * TWO_32 + sizeWords[2 * i];
  }
  return { records, tracebackLimit };
}

function checkMagic(bytes: Uint8Array, fail: (code: SnapshotFileErrorCode, problem: string) => never): void {
  const n = Math.min(bytes.length, MAGIC.length);
  for (let i = 0; i < n; i++) {
    if (bytes[i] !== MAGIC[i]) {
      const hint =
        bytes[0] === 0x80
          ? "it looks like a Python pickle, such as CPython's Snapshot.dump() writes; memkit reads only its own format"
          : `it does not start with "${SNAPSHOT_MAGIC}"`;
      fail('MEMKIT_SNAPSHOT_FOREIGN', `not a memkit tracemalloc snapshot: ${hint}`);
    }
  }
  if (bytes.length < MAGIC.length) {
    fail('MEMKIT_SNAPSHOT_TRUNCATED', `the file ends inside its header (${bytes.length} bytes)`);
  }
}

/** CRC-32 of the header before the checksum field, then of the body. */
function checksum(bytes: Uint8Array): number {
  return crc32(bytes, HEADER_SIZE, bytes.length, crc32(bytes, 0, CRC_OFFSET));
}

function u32(view: DataView, at: number, value: number): number {
  view.setUint32(at, value, true);
  return at + 4;
}

function hex(value: number): string {
  return `0x${value.toString(16).padStart(8, '0')}`;
}

/** Strings numbered in order of first use, with their UTF-8 bytes. */
class StringIndex {
  readonly encoded: Uint8Array[] = [];
  private readonly ids = new Map<string, number>();
  private readonly encoder = new TextEncoder();

  id(text: string): number {
    let id = this.ids.get(text);
    if (id === undefined) {
      id = this.encoded.length;
      this.encoded.push(this.encoder.encode(text));
      this.ids.set(text, id);
    }
    return id;
  }
}

/** Reads the body's sections in order, failing as corrupt when one runs past the end. */
class BodyReader {
  private at: number;

  constructor(
    private readonly bytes: Uint8Array,
    private readonly view: DataView,
    start: number,
    private readonly fail: (code: SnapshotFileErrorCode, problem: string) => never,
  ) {
    this.at = start;
  }

  strings(count: number, decode: (utf8: Uint8Array) => string, what: string): string[] {
    const out: string[] = [];
    for (let i = 0; i < count; i++) {
      this.need(4, `${what} ${i}`);
      const length = this.view.getUint32(this.at, true);
      this.need(4 + length, `${what} ${i}`);
      try {
        out.push(decode(this.bytes.subarray(this.at + 4, this.at + 4 + length)));
      } catch {
        this.fail('MEMKIT_SNAPSHOT_CORRUPT', `${what} ${i} is not valid UTF-8`);
      }
      this.at += 4 + length;
    }
    return out;
  }

  u32s(count: number, what: string): Uint32Array {
    this.need(count * 4, what);
    const out = new Uint32Array(count);
    for (let i = 0; i < count; i++) out[i] = this.view.getUint32(this.at + 4 * i, true);
    this.at += count * 4;
    return out;
  }

  end(): void {
    if (this.at !== this.bytes.length) {
      this.fail(
        'MEMKIT_SNAPSHOT_CORRUPT',
        `${this.bytes.length - this.at} bytes of the body belong to no section`,
      );
    }
  }

  private need(size: number, what: string): void {
    if (this.at + size > this.bytes.length) {
      this.fail('MEMKIT_SNAPSHOT_CORRUPT', `the body ends inside the ${what}: the header's counts are wrong`);
    }
  }
}
