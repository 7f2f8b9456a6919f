import { type Command, InvalidArgumentError } from 'commander';
import type { CliIO } from './cli-io';
import { examples } from './help-examples';
import { defaultMprofFile } from './mprof-file-name';
import type { ScriptOptions } from './run-script';

/** Runs a script with options (the program's runner: a worker thread in `main.ts`). */
export type ScriptRunner = (
  script: string,
  args: readonly string[],
  options?: ScriptOptions,
) => Promise<number>;

/** Adds `memkit mprof run` and `memkit mprof plot` to the program. */
export function addMprofCommands(
  program: Command,
  io: CliIO,
  setExitCode: (code: number) => void,
  run: ScriptRunner,
): void {
  const mprof = program
    .command('mprof')
    .description('memory over time, as mprof records and plots it')
    .addHelpText(
      'after',
      examples(
        'memkit mprof run script.py        # writes mprofile_<timestamp>.dat',
        'memkit mprof plot -o memory.png',
      ),
    );
  mprof
    .command('run')
    .description('run a script, sampling its memory and timestamping @profile calls into a .dat file')
    .argument('<script>', 'the Python file to run')
    .argument('[args...]', 'arguments passed to the script as sys.argv[1:]')
    .option('-T, --interval <seconds>', 'seconds between samples (wall clock)', parseInterval, 0.1)
    .option('-o, --output <file>', 'the .dat file to write (default mprofile_<YYYYMMDDhhmmss>.dat here)')
    .allowUnknownOption()
    .addHelpText(
      'after',
      examples('memkit mprof run script.py', 'memkit mprof run -T 0.01 -o run.dat script.py arg1'),
    )
    .action(async (script: string, args: string[], options: { interval: number; output?: string }) => {
      const output = options.output ?? defaultMprofFile();
      const cmdline = ['memkit', 'run', script, ...args].join(' ');
      setExitCode(await run(script, args, { mprof: { output, interval: options.interval, cmdline } }));
    });
  mprof
    .command('plot')
    .description('draw memory over time with the @profile brackets and the peak, to SVG or PNG')
    .argument('[file]', 'the .dat file (default: the newest mprofile_*.dat here)')
    .requiredOption('-o, --output <file>', 'the image to write; its extension picks the format (.svg, .png)')
    .option('-t, --title <title>', 'the title (default: the recorded command line)')
    .option('-n, --no-function-ts', 'leave out the function brackets')
    .addHelpText(
      'after',
      examples(
        'memkit mprof plot run.dat -o memory.svg',
        'memkit mprof plot -o memory.png   # the newest .dat here',
      ),
    )
    .action(
      async (file: string | undefined, options: { output: string; title?: string; functionTs: boolean }) => {
        const { mprofPlot } = await import('./mprof-plot');
        setExitCode(
          await mprofPlot(
            file,
            { output: options.output, title: options.title, noFunctionTs: !options.functionTs },
            io,
          ),
        );
      },
    );
}

function parseInterval(value: string): number {
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds <= 0) {
    throw new InvalidArgumentError(`interval must be a number of seconds above 0, not '${value}'`);
  }
  return seconds;
}
