import { Profile } from 'pprof-format';
import { describe, expect, it } from 'vitest';
import { Snapshot, TracebackTable, toPprof } from '../src/index';
import { createSnapshots } from './raw-snapshots';

const text = (profile: Profile, index: number | bigint): string => profile.stringTable.strings[Number(index)];

describe('toPprof', () => {
  it('encodes one sample per traceback with inuse_objects and inuse_space that decode back', () => {
    const [s1] = createSnapshots();
    const profile = Profile.decode(toPprof(s1, { timeNanos: 1_700_000_000_000_000_000 }));
    expect(profile.sampleType.map((t) => `${text(profile, t.type)}/${text(profile, t.unit)}`)).toEqual([
      'inuse_objects/count',
      'inuse_space/bytes',
    ]);
    expect(text(profile, profile.defaultSampleType)).toBe('inuse_space');
    expect(profile.sample).toHaveLength(s1.statistics('traceback').length);
    const totals = [0, 0];
    for (const sample of profile.sample) {
      totals[0] += Number(sample.value[0]);
      totals[1] += Number(sample.value[1]);
    }
    expect(totals).toEqual([6, 30 + 2 + 66 + 7]);
  });

  it('puts the leaf first and names locations by file and line', () => {
    const [s1] = createSnapshots();
    const profile = Profile.decode(toPprof(s1));
    const locations = new Map(profile.location.map((l) => [Number(l.id), l]));
    const functions = new Map(profile.function.map((f) => [Number(f.id), f]));
    const stacks = profile.sample.map((sample) => ({
      value: sample.value.map(Number),
      frames: sample.locationId.map((id) => {
        const line = locations.get(Number(id))?.line[0];
        const fn = functions.get(Number(line?.functionId));
        return `${text(profile, fn?.filename ?? 0)}:${Number(line?.line)} ${text(profile, fn?.name ?? 0)}`;
      }),
    }));
    expect(stacks).toContainEqual({ value: [3, 30], frames: ['a.py:2 a.py:2', 'b.py:4 b.py:4'] });
    expect(stacks).toContainEqual({ value: [1, 7], frames: ['<unknown>:0 <unknown>:0'] });
  });

  it('uses function names when the frames carry them, also after a dump and load', () => {
    const table = new TracebackTable();
    const tb = table.internFrames([
      { filename: 'm.py', lineno: 3, name: 'leaf' },
      { filename: 'm.py', lineno: 8, name: '<module>' },
    ]);
    const records = {
      table,
      domains: Uint32Array.of(0),
      sizes: Float64Array.of(100),
      tracebackIds: Int32Array.of(tb),
      totalNframes: Int32Array.of(2),
    };
    const named = Snapshot.fromBytes(new Snapshot(records, 5).toBytes());
    expect(named.traces.at(0)?.traceback.at(-1)?.name).toBe('leaf');
    const profile = Profile.decode(toPprof(named));
    expect(profile.function.map((f) => text(profile, f.name))).toEqual(['leaf', '<module>']);
  });
});
