import { describe, expect, it } from 'vitest';
import { medians, parseBenchLines } from '../bench/bench-lines';
import { ROW_LABELS } from '../bench/report';
import { runBench } from '../bench/run';

// Keeps `pnpm bench` working: every workload at a tiny size, once. Timings are not checked.
describe('pnpm bench --smoke', () => {
  it('runs every workload on memkit and prints every row of the report', () => {
    const { report, failed } = runBench({ smoke: true });
    expect(report).not.toContain('failed:');
    expect(failed).toBe(0);
    for (const label of ROW_LABELS) expect(report).toContain(label);
    // Every time row has a memkit figure (a number, not "-").
    const rows = report.split('\n').filter((line) => /^[1-6] /.test(line) && line.includes('  '));
    for (const row of rows.filter((line) => !line.includes('×'))) {
      expect(row.split(/\s{2,}/)[2]).toMatch(/^\d+(\.\d)?$/);
    }
  }, 30_000);

  it('rejects an unknown workload by name', () => {
    expect(() => runBench({ smoke: true, only: ['chrun'] })).toThrow(
      /unknown workload chrun; the workloads are churn/,
    );
  });
});

describe('BENCH lines', () => {
  it('reads labels with spaces and quotes, and nan', () => {
    const values = parseBenchLines("noise\nBENCH statistics('lineno') 12.5\nBENCH profiled nan\n", 'x.py');
    expect(values.get("statistics('lineno')")).toBe(12.5);
    expect(values.get('profiled')).toBeNaN();
  });

  it('names the script when it printed no measurement', () => {
    expect(() => parseBenchLines('hello\n', 'python3 x.py')).toThrow('python3 x.py printed no BENCH lines');
    expect(() => parseBenchLines('BENCH a b\n', 'x.py')).toThrow(
      'x.py: "BENCH a b" is not a BENCH line with a number',
    );
  });

  it('takes the median of each label', () => {
    const runs = [3, 1, 2].map((v) => new Map([['t', v]]));
    expect(medians(runs).get('t')).toBe(2);
  });
});
