import { describe, expect, it } from 'vitest';
import { formatMprofData, functionLabels, MprofDataError, mprofPlotSpec, parseMprofData } from '../src/index';

// The FUNC line memory_profiler --timestamp wrote on CPython 3.11 (reference §2.3).
const REAL_FUNC = 'FUNC __main__.my_func 49.6914 1795264880.1375 64.9492 1795264880.2312 0';

describe('mprof .dat files', () => {
  it("writes memory_profiler's MEM and FUNC formats and reads them back", () => {
    const data = {
      cmdline: 'memkit run example.py',
      samples: [
        { mib: 49.765625, time: 1795264880.1 },
        { mib: 64.94921875, time: 1795264880.2 },
      ],
      functions: [
        {
          name: '__main__.my_func',
          start: { mib: 49.69140625, time: 1795264880.1375 },
          end: { mib: 64.94921875, time: 1795264880.2312 },
          level: 0,
        },
      ],
    };
    const lines = formatMprofData(data);
    expect(lines).toEqual([
      'CMDLINE memkit run example.py',
      // "MEM {0:.6f} {1:.4f}".format(49.765625, 1795264880.1) in CPython:
      'MEM 49.765625 1795264880.1000',
      'MEM 64.949219 1795264880.2000',
      REAL_FUNC,
    ]);
    const back = parseMprofData(`${lines.join('\n')}\n`, 'x.dat');
    expect(back.cmdline).toBe('memkit run example.py');
    expect(back.samples).toEqual([
      { mib: 49.765625, time: 1795264880.1 },
      { mib: 64.949219, time: 1795264880.2 },
    ]);
    expect(back.functions[0]).toEqual({
      name: '__main__.my_func',
      start: { mib: 49.6914, time: 1795264880.1375 },
      end: { mib: 64.9492, time: 1795264880.2312 },
      level: 0,
    });
  });

  it('skips CHLD lines and refuses anything else, naming the file and line', () => {
    expect(parseMprofData('MEM 1 2\nCHLD 0 3.5 2\n', 'a.dat').samples).toHaveLength(1);
    expect(() => parseMprofData('MEM 1 2\nFUNC f 1 2 3\n', 'a.dat')).toThrow(
      'a.dat, line 2: expected "FUNC <name> <MiB> <start> <MiB> <end> [<level>]": "FUNC f 1 2 3"',
    );
    expect(() => parseMprofData('MEM 1 2\n<html>\n', 'b.dat')).toThrow(MprofDataError);
    expect(() => parseMprofData('', 'c.dat')).toThrow('c.dat: no MEM lines: not an mprof .dat file');
  });
});

describe('mprof plot spec', () => {
  it('names functions by their shortest unambiguous dotted tail', () => {
    expect([...functionLabels(['__main__.f', 'pkg.mod.f', '__main__.g']).values()]).toEqual([
      '__main__.f',
      'mod.f',
      'g',
    ]);
  });

  it('titles the plot with the CMDLINE and brackets each call with its duration', () => {
    const spec = mprofPlotSpec(
      parseMprofData(`CMDLINE python x.py\nMEM 1 100\nMEM 3 101\n${REAL_FUNC}\n`, 'x.dat'),
      {
        timeZone: 'UTC',
      },
    );
    const json = JSON.stringify(spec);
    expect(spec.title).toBe('python x.py');
    // 1795264880.2312 - 1795264880.1375 = 0.0937 s, as mprof's "%.3fs".
    expect(json).toContain('"my_func 0.094s"');
    expect(json).toContain('"01 / 01 / 1970 - start at 00:01:40.000"');
  });
});
