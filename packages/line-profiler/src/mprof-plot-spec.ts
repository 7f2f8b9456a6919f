import { formatFixed } from './format-mib';
import type { MprofData } from './mprof-data';

/** mprof's bracket colours, cycled per call (`c`, `y`, `g`, `r`, `b`). */
const BRACKET_COLORS = ['#00bfbf', '#bfbf00', '#008000', '#ff0000', '#0000ff'];
/** matplotlib's default margins around the data: 5% of each range. */
const MARGIN = 0.05;

export interface MprofPlotOptions {
  /** The title (mprof's `-t`; default the file's CMDLINE, else its name). */
  title?: string;
  /** The file's name, the title when it has no CMDLINE. */
  filename?: string;
  /** Leave out the function brackets (`-n/--no-function-ts`). */
  noFunctions?: boolean;
  /** The time zone of the legend's start time (default the host's). */
  timeZone?: string;
}

/** A Vega-Lite specification: plain JSON, so this package needs no plotting library. */
export type VegaLiteSpec = Record<string, unknown>;

/**
 * `mprof plot` of one file as a Vega-Lite spec: memory against time since the first sample
 * (black line with `+` markers, labelled with the start date and time), a `[`-shaped bracket at
 * the start and a `]` at the end of each `@profile` call coloured in mprof's cycle (legend: the
 * function's name and duration), red dashed lines through the highest sample, the CMDLINE as
 * title and mprof's axis labels, drawn 14×6 inches at 90 dpi like mprof's figure.
 */
export function mprofPlotSpec(data: MprofData, options: MprofPlotOptions = {}): VegaLiteSpec {
  const t0 = data.samples[0].time;
  const memLabel = startLabel(t0, options.timeZone);
  const points = data.samples.map((s) => ({ t: s.time - t0, mem: s.mib, series: memLabel }));
  const [tMin, tMax] = extent(points.map((p) => p.t));
  const [mMin, mMax] = extent(points.map((p) => p.mem));
  const calls = options.noFunctions ? [] : data.functions;
  const names = functionLabels(calls.map((f) => f.name));
  const callLabels = calls.map((f) => `${names.get(f.name)} ${formatFixed(f.end.time - f.start.time, 3)}s`);
  // Brackets are sized against the plotted ranges, as mprof's add_brackets sizes them.
  const xDomain = padded(tMin, Math.max(tMax, ...calls.map((f) => f.end.time - t0)));
  const yDomain = padded(
    Math.min(mMin, ...calls.flatMap((f) => [f.start.mib, f.end.mib])),
    Math.max(mMax, ...calls.flatMap((f) => [f.start.mib, f.end.mib])),
  );
  const vsize = (yDomain[1] - yDomain[0]) / 20;
  const hsize = (xDomain[1] - xDomain[0]) / 60;
  const brackets = calls.flatMap((f, i) => {
    const series = callLabels[i];
    const shape = (t: number, mem: number, arm: number, side: string) =>
      [
        [arm, vsize],
        [0, vsize],
        [0, -vsize],
        [arm, -vsize],
      ].map(([dx, dy], order) => ({ t: t + dx, mem: mem + dy, series, bracket: `${i}${side}`, order }));
    return [
      ...shape(f.start.time - t0, f.start.mib, hsize, '['),
      ...shape(f.end.time - t0, f.end.mib, -hsize, ']'),
    ];
  });
  const peak = points.reduce((best, p) => (p.mem > best.mem ? p : best), points[0]);
  const colors = {
    domain: [memLabel, ...callLabels],
    range: ['#000000', ...callLabels.map((_, i) => BRACKET_COLORS[i % BRACKET_COLORS.length])],
  };
  const x = {
    field: 't',
    type: 'quantitative',
    title: 'time (in seconds)',
    scale: { domain: xDomain, nice: false, zero: false },
  };
  const y = {
    field: 'mem',
    type: 'quantitative',
    title: 'memory used (in MiB)',
    scale: { domain: yDomain, nice: false, zero: false },
  };
  const color = {
    field: 'series',
    type: 'nominal',
    title: null,
    scale: colors,
    legend: { orient: 'right', symbolType: 'stroke', labelLimit: 400 },
  };
  const dashed = { color: '#ff0000', strokeDash: [6, 4], strokeWidth: 1 };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: options.title ?? data.cmdline ?? options.filename ?? '',
    width: 1000,
    height: 460,
    background: 'white',
    config: { font: 'Helvetica', view: { stroke: '#000000' }, axis: { grid: false } },
    layer: [
      { data: { values: points }, mark: { type: 'line', strokeWidth: 1 }, encoding: { x, y, color } },
      {
        data: { values: points },
        mark: { type: 'point', shape: 'cross', size: 40, filled: true, strokeWidth: 0, color: '#000000' },
        encoding: { x, y },
      },
      ...(brackets.length === 0
        ? []
        : [
            {
              data: { values: brackets },
              mark: { type: 'line', strokeWidth: 2 },
              encoding: { x, y, color, detail: { field: 'bracket' }, order: { field: 'order' } },
            },
          ]),
      { data: { values: [{ mem: peak.mem }] }, mark: { type: 'rule', ...dashed }, encoding: { y } },
      { data: { values: [{ t: peak.t }] }, mark: { type: 'rule', ...dashed }, encoding: { x } },
    ],
  };
}

/** mprof's legend label: `"%d / %m / %Y - start at %H:%M:%S.mmm"`. */
function startLabel(time: number, timeZone?: string): string {
  const date = new Date(time * 1000);
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(date)
      .map((p) => [p.type, p.value]),
  );
  const millis = String(date.getUTCMilliseconds()).padStart(3, '0');
  return `${parts.day} / ${parts.month} / ${parts.year} - start at ${parts.hour}:${parts.minute}:${parts.second}.${millis}`;
}

/**
 * mprof's `function_labels`: the shortest tail of each dotted name that no other name shares
 * (`__main__.f` shows as `f` unless another module has an `f`).
 */
export function functionLabels(names: readonly string[]): Map<string, string> {
  const unique = [...new Set(names)];
  const labels = new Map<string, string>();
  for (const name of unique) {
    const parts = name.split('.');
    let label = name;
    for (let k = 1; k <= parts.length; k++) {
      const tail = parts.slice(-k).join('.');
      if (unique.every((other) => other === name || !(other === tail || other.endsWith(`.${tail}`)))) {
        label = tail;
        break;
      }
    }
    labels.set(name, label);
  }
  return labels;
}

function extent(values: readonly number[]): [number, number] {
  return [Math.min(...values), Math.max(...values)];
}

/** A range with matplotlib's 5% margins (a flat range gets ±0.5, its `nonsingular` widening). */
function padded(lo: number, hi: number): [number, number] {
  if (hi - lo === 0) return [lo - 0.5, hi + 0.5];
  const pad = (hi - lo) * MARGIN;
  return [lo - pad, hi + pad];
}
