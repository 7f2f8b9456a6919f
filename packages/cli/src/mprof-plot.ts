import { readdirSync, readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { MprofDataError, mprofPlotSpec, parseMprofData } from '@memkit/line-profiler';
import { initRenderer } from '@memkit/objgraph';
import { parse as parseVega, View } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { BAD_INPUT_EXIT, fileProblem } from './bad-input';
import { type CliIO, startProgress } from './cli-io';
import { writeFileAtomic } from './write-file-atomic';

/** Options of `memkit mprof plot`. */
export interface MprofPlotCommandOptions {
  /** The image to write; `.svg` or `.png`. */
  output: string;
  title?: string;
  /** `-n/--no-function-ts`: leave out the function brackets. */
  noFunctionTs?: boolean;
}

const FORMATS = ['svg', 'png'];

/**
 * `memkit mprof plot [file.dat] -o out.svg|png`: memory over time with the `@profile` call
 * brackets and the peak, as `mprof plot` draws it — a Vega-Lite spec rendered to SVG by Vega
 * without a browser (`view.toSVG()`), and to PNG by the resvg renderer objgraph uses, with its
 * bundled font. Without a file, the newest `mprofile_*.dat` in the current folder is plotted.
 * Returns the exit status.
 */
export async function mprofPlot(
  input: string | undefined,
  options: MprofPlotCommandOptions,
  io: CliIO,
): Promise<number> {
  const format = extname(options.output).slice(1).toLowerCase();
  if (!FORMATS.includes(format)) {
    io.stderr(
      `memkit mprof plot: unknown output format '${format}' (from '${options.output}'); use one of: svg, png\n`,
    );
    return BAD_INPUT_EXIT;
  }
  const file = input ?? lastProfile();
  if (file === null) {
    io.stderr('memkit mprof plot: no mprofile_*.dat file here; give a file or run memkit mprof run first\n');
    return BAD_INPUT_EXIT;
  }
  if (input === undefined) io.stdout('Using last profile data.\n');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    io.stderr(`memkit mprof plot: cannot read '${file}': ${fileProblem(error)}\n`);
    return BAD_INPUT_EXIT;
  }
  let spec: ReturnType<typeof mprofPlotSpec>;
  try {
    const data = parseMprofData(text, file);
    spec = mprofPlotSpec(data, { title: options.title, filename: file, noFunctions: options.noFunctionTs });
  } catch (error) {
    if (!(error instanceof MprofDataError)) throw error;
    io.stderr(`memkit mprof plot: ${error.message}\n`);
    return BAD_INPUT_EXIT;
  }
  const progress = startProgress(io);
  let image: string | Uint8Array;
  try {
    progress.update(`Drawing ${file}`);
    const view = new View(parseVega(compile(spec as unknown as TopLevelSpec).spec), { renderer: 'none' });
    const svg = await view.toSVG();
    view.finalize();
    if (format === 'svg') image = svg;
    else {
      progress.update('Loading resvg');
      image = (await initRenderer()).svgToPng(svg);
    }
  } finally {
    progress.done();
  }
  try {
    writeFileAtomic(options.output, image);
  } catch (error) {
    io.stderr(`memkit mprof plot: cannot write '${options.output}': ${fileProblem(error)}\n`);
    return BAD_INPUT_EXIT;
  }
  io.stdout(`Image generated as ${options.output}\n`);
  return 0;
}

/** The newest `mprofile_*.dat` in the current folder (their names sort by time), or null. */
function lastProfile(): string | null {
  const files = readdirSync('.')
    .filter((name) => /^mprofile_\d{14}\.dat$/.test(name))
    .sort();
  return files.length === 0 ? null : files[files.length - 1];
}
