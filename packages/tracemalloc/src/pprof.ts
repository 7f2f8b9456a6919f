import { Profile, StringTable } from 'pprof-format';
import type { Snapshot } from './snapshot';

/** Options of `toPprof`. */
export interface PprofOptions {
  /** When the snapshot was taken (nanoseconds since the epoch); snapshots do not record it. */
  timeNanos?: number;
}

/**
 * A snapshot as a pprof heap profile (the protobuf bytes pprof, speedscope and Pyroscope
 * read), in three phases: sum the traces per traceback; one location per frame and one function
 * per (function name, file); one sample per traceback, leaf first, with the values
 * `inuse_objects/count` and `inuse_space/bytes`. A frame without a function name is named
 * `filename:lineno`, so flame graphs still tell lines apart.
 */
export function toPprof(snapshot: Snapshot, options: PprofOptions = {}): Uint8Array {
  const { table, tracebackIds, sizes } = snapshot.records;

  // Phase 1: per traceback.
  const counts = new Float64Array(table.tracebackCount);
  const bytes = new Float64Array(table.tracebackCount);
  for (let i = 0; i < tracebackIds.length; i++) {
    counts[tracebackIds[i]] += 1;
    bytes[tracebackIds[i]] += sizes[i];
  }

  // Phase 2: locations and functions, for the frames the samples use.
  const strings = new StringTable();
  const functions: { id: number; name: number; systemName: number; filename: number }[] = [];
  const functionIds = new Map<string, number>();
  const locations: { id: number; line: { functionId: number; line: number }[] }[] = [];
  const locationIds = new Int32Array(table.frameCount);
  const locationOf = (frame: number): number => {
    if (locationIds[frame] !== 0) return locationIds[frame];
    const filename = table.filename(table.frameFilenameId(frame));
    const lineno = table.frameLineno(frame);
    const name = table.frameName(frame) ?? `${filename}:${lineno}`;
    const key = `${name.length}:${name}${filename}`;
    let functionId = functionIds.get(key);
    if (functionId === undefined) {
      functionId = functions.length + 1;
      const nameIndex = strings.dedup(name);
      functions.push({
        id: functionId,
        name: nameIndex,
        systemName: nameIndex,
        filename: strings.dedup(filename),
      });
      functionIds.set(key, functionId);
    }
    const id = locations.length + 1;
    locations.push({ id, line: [{ functionId, line: lineno }] });
    locationIds[frame] = id;
    return id;
  };

  // Phase 3: samples.
  const sample: { locationId: number[]; value: number[] }[] = [];
  for (let tb = 0; tb < counts.length; tb++) {
    if (counts[tb] === 0) continue;
    const locationId: number[] = [];
    for (let f = 0; f < table.tracebackLength(tb); f++)
      locationId.push(locationOf(table.tracebackFrame(tb, f)));
    sample.push({ locationId, value: [counts[tb], bytes[tb]] });
  }

  const profile = new Profile({
    sampleType: [
      { type: strings.dedup('inuse_objects'), unit: strings.dedup('count') },
      { type: strings.dedup('inuse_space'), unit: strings.dedup('bytes') },
    ],
    periodType: { type: strings.dedup('space'), unit: strings.dedup('bytes') },
    period: 1,
    defaultSampleType: strings.dedup('inuse_space'),
    comment: [strings.dedup(`memkit tracemalloc snapshot, traceback limit ${snapshot.tracebackLimit}`)],
    timeNanos: options.timeNanos ?? 0,
    sample,
    location: locations,
    function: functions,
    stringTable: strings,
  });
  return profile.encode();
}
