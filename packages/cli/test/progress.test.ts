import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Snapshot } from '@memkit/tracemalloc';
import { nodeSnapshotIO } from '@memkit/tracemalloc/node';
import { describe, expect, it } from 'vitest';
import { terminalProgress } from '../src/progress';
import { loadSnapshotFile } from '../src/snapshot-file';

describe('progress lines', () => {
  it('are drawn only on a terminal: piped or captured stderr gets none', () => {
    expect(terminalProgress({ isTTY: false, write: () => true })).toBeUndefined();
    expect(terminalProgress({ write: () => true })).toBeUndefined();
  });

  it('redraw one line in place and erase it when done', () => {
    let written = '';
    const factory = terminalProgress({
      isTTY: true,
      columns: 30,
      write: (text) => {
        written += text;
      },
    });
    const progress = factory?.();
    progress?.update('Reading heap.snapshot', 0.5);
    progress?.update('Reading heap.snapshot', 1);
    progress?.done();
    expect(written).toBe('\r\x1b[KReading heap.snapshot 50%\r\x1b[KReading heap.snapshot 100%\r\x1b[K');
  });

  it('follow a snapshot load: reading with a percentage, then decoding, then erased', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'memkit-progress-')), 'p.snapshot');
    Snapshot.fromRawTraces([[0, 32, [['a.py', 1]], 1]], 1).dump(path, nodeSnapshotIO);
    const events: string[] = [];
    const io = {
      stdout: () => {},
      stderr: () => {},
      progress: () => ({
        update: (label: string, fraction?: number) =>
          events.push(fraction === undefined ? label : `${label} ${fraction}`),
        done: () => events.push('done'),
      }),
    };
    expect(loadSnapshotFile(path, io).traces.length).toBe(1);
    expect(events).toEqual([
      expect.stringMatching(/^Reading .*p\.snapshot \(0\.0\/0\.0 MB\) 1$/),
      `Decoding ${path}`,
      'done',
    ]);
  });
});
