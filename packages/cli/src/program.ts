import type { KeyType } from '@memkit/tracemalloc';
import { Command, InvalidArgumentError, Option } from 'commander';
import type { CliIO } from './cli-io';
import { examples } from './help-examples';
import { addMprofCommands } from './mprof';
import type { ScriptOptions } from './run-script';
import { cliVersion } from './version';

/** The folder `memkit demo` writes into when not told otherwise, in the current directory. */
export const DEFAULT_DEMO_DIR = 'memkit-demo';

/**
 * The `memkit` command line: each command calls one library function and returns its status.
 * Building it loads only commander: each action imports its command's module when it runs, so
 * `memkit run` does not pay for the interpreter on this thread, nor for Graphviz, resvg or Vega
 * (tested in `lazy-loading.test.ts`).
 */
export function createProgram(
  io: CliIO,
  setExitCode: (code: number) => void,
  run: (script: string, args: readonly string[], options?: ScriptOptions) => Promise<number> = async (
    script,
    args,
    options,
  ) => {
    const { loadScriptTools, runScript } = await import('./run-script');
    return runScript(script, args, io, await loadScriptTools(), options);
  },
): Command {
  const program = new Command();
  program
    .name('memkit')
    .description("Run Python scripts on a model of CPython 3.11's memory manager, with its memory tools.")
    .version(cliVersion())
    .configureOutput({ writeOut: (text) => io.stdout(text), writeErr: (text) => io.stderr(text) })
    .exitOverride()
    .addHelpText(
      'after',
      examples(
        'memkit demo                                 # the leak hunt: report, snapshots, graph in memkit-demo/',
        'memkit run script.py arg1                   # python3 script.py arg1, on the modelled heap',
        'memkit tracemalloc diff old.snap new.snap   # what grew between two Snapshot.dump files',
      ),
    );
  program
    .command('run')
    .description('run a Python script as python3 would (stdout, stderr and exit status)')
    .argument('<script>', 'the Python file to run')
    .argument('[args...]', 'arguments passed to the script as sys.argv[1:]')
    .allowUnknownOption()
    .addHelpText(
      'after',
      examples(
        'memkit run examples/leak-hunt/leak_hunt.py out/',
        'memkit run script.py --verbose   # options after the script go to it',
        'memkit run --timeout 10 script.py   # stop it after 10 s (exit status 124)',
      ),
    )
    .option(
      '--timeout <seconds>',
      'stop the script after this many seconds of wall-clock time (exit 124)',
      parseTimeout,
    )
    .action(async (script: string, args: string[], options: { timeout?: number }) => {
      setExitCode(await run(script, args, options.timeout === undefined ? {} : { timeout: options.timeout }));
    });
  program
    .command('profile')
    .description(
      'run a script as python -m memory_profiler does: profile is a builtin, its tables print at the end',
    )
    .argument('<script>', 'the Python file to run')
    .argument('[args...]', 'arguments passed to the script as sys.argv[1:]')
    .option('--precision <digits>', 'digits after the point in MiB cells', parsePrecision, 3)
    .option('-o, --output <file>', 'append the tables to this file instead of printing them')
    .allowUnknownOption()
    .addHelpText(
      'after',
      examples(
        'memkit profile examples/leak-hunt/leak_hunt.py out/   # every @profile table',
        'memkit profile --precision 1 script.py',
      ),
    )
    .action(async (script: string, args: string[], options: { precision: number; output?: string }) => {
      setExitCode(
        await run(script, args, { profile: { precision: options.precision, output: options.output } }),
      );
    });
  addMprofCommands(program, io, setExitCode, run);
  program
    .command('render')
    .description('render a Graphviz DOT file to SVG or PNG (bundled Graphviz and font, nothing to install)')
    .argument('<graph>', 'the .dot file')
    .requiredOption('-o, --output <file>', 'the image to write; its extension picks the format (.svg, .png)')
    .action(async (graph: string, options: { output: string }) => {
      const { renderGraph } = await import('./render-graph');
      setExitCode(await renderGraph(graph, options.output, io));
    })
    .addHelpText(
      'after',
      examples('memkit render backrefs.dot -o backrefs.svg', 'memkit render chain.dot -o chain.png'),
    );
  const tracemalloc = program
    .command('tracemalloc')
    .description('read snapshot files written by tracemalloc Snapshot.dump() in memkit run')
    .addHelpText(
      'after',
      examples(
        'memkit tracemalloc top after.snapshot --limit 5',
        'memkit tracemalloc diff before.snapshot after.snapshot',
        'memkit tracemalloc export after.snapshot -o heap.pb.gz',
      ),
    );
  tracemalloc
    .command('top')
    .description('print the top statistics, as print(stat) for stat in snapshot.statistics(key_type)[:limit]')
    .argument('<snapshot>', 'a snapshot file (Snapshot.dump in memkit run)')
    .addOption(keyTypeOption())
    .addOption(limitOption())
    .option('--cumulative', 'count each trace in every frame of its traceback (lineno, filename)', false)
    .addHelpText(
      'after',
      examples(
        'memkit tracemalloc top after.snapshot',
        'memkit tracemalloc top after.snapshot --key-type filename --limit 3',
        'memkit tracemalloc top after.snapshot --key-type traceback   # each with its formatted traceback',
      ),
    )
    .action(async (snapshot: string, options: TracemallocOptions) => {
      const { tracemallocTop } = await import('./tracemalloc-commands');
      setExitCode(tracemallocTop(snapshot, options, io));
    });
  tracemalloc
    .command('diff')
    .description('print what grew, as print(stat) for stat in new.compare_to(old, key_type)[:limit]')
    .argument('<old>', 'the earlier snapshot file')
    .argument('<new>', 'the later snapshot file')
    .addOption(keyTypeOption())
    .addOption(limitOption())
    .option('--cumulative', 'count each trace in every frame of its traceback (lineno, filename)', false)
    .addHelpText(
      'after',
      examples(
        'memkit tracemalloc diff before.snapshot after.snapshot',
        'memkit tracemalloc diff before.snapshot after.snapshot --key-type filename --limit 20',
      ),
    )
    .action(async (old: string, current: string, options: TracemallocOptions) => {
      const { tracemallocDiff } = await import('./tracemalloc-commands');
      setExitCode(tracemallocDiff(old, current, options, io));
    });
  tracemalloc
    .command('export')
    .description('write a snapshot as a pprof heap profile (go tool pprof, speedscope, Pyroscope)')
    .argument('<snapshot>', 'a snapshot file (Snapshot.dump in memkit run)')
    .requiredOption('-o, --output <file>', 'the profile to write; gzipped when it ends in .gz')
    .addHelpText(
      'after',
      examples('memkit tracemalloc export after.snapshot -o heap.pb.gz', 'go tool pprof -top heap.pb.gz'),
    )
    .action(async (snapshot: string, options: { output: string }) => {
      const { tracemallocExport } = await import('./tracemalloc-commands');
      setExitCode(tracemallocExport(snapshot, options.output, io));
    });
  program
    .command('demo')
    .description(
      'run the leak hunt (examples/leak-hunt) and write its report, snapshots and graph into a folder',
    )
    .option('--out <dir>', 'the folder to write into', DEFAULT_DEMO_DIR)
    .addHelpText('after', examples('memkit demo', 'memkit demo --out /tmp/leak'))
    .action(async (options: { out: string }) => {
      const { runDemo } = await import('./demo');
      setExitCode(await runDemo(options.out, io));
    });
  return program;
}

/** Options of `memkit tracemalloc top` and `diff`. */
interface TracemallocOptions {
  keyType: KeyType;
  limit: number;
  cumulative: boolean;
}

function keyTypeOption(): Option {
  return new Option('--key-type <type>', 'group traces by line, file or whole traceback')
    .choices(['lineno', 'filename', 'traceback'])
    .default('lineno');
}

function limitOption(): Option {
  return new Option('--limit <n>', 'how many lines to print').argParser(parseLimit).default(10);
}

function parseLimit(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new InvalidArgumentError(`limit must be a whole number above 0, not '${value}'`);
  return n;
}

function parseTimeout(value: string): number {
  const seconds = Number(value);
  if (value.trim() === '' || !Number.isFinite(seconds) || seconds <= 0 || seconds > 2_147_483) {
    throw new InvalidArgumentError(`timeout must be a number of seconds above 0, not '${value}'`);
  }
  return seconds;
}

function parsePrecision(value: string): number {
  const digits = Number(value);
  if (!Number.isInteger(digits) || digits < 0 || digits > 100) {
    throw new InvalidArgumentError(`precision must be a whole number from 0 to 100, not '${value}'`);
  }
  return digits;
}
