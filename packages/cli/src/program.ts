import { Command, InvalidArgumentError } from 'commander';
import { renderGraph } from './render-graph';
import { loadScriptTools, runScript, type ScriptIO, type ScriptOptions } from './run-script';

/** The `memkit` command line: each command calls one library function and returns its status. */
export function createProgram(
  io: ScriptIO,
  setExitCode: (code: number) => void,
  run: (script: string, args: readonly string[], options?: ScriptOptions) => Promise<number> = async (
    script,
    args,
    options,
  ) => runScript(script, args, io, await loadScriptTools(), options),
): Command {
  const program = new Command();
  program
    .name('memkit')
    .description("Run Python scripts on a model of CPython 3.11's memory manager, with its memory tools.")
    .version('0.1.0')
    .configureOutput({ writeOut: (text) => io.stdout(text), writeErr: (text) => io.stderr(text) })
    .exitOverride();
  program
    .command('run')
    .description('run a Python script as python3 would (stdout, stderr and exit status)')
    .argument('<script>', 'the Python file to run')
    .argument('[args...]', 'arguments passed to the script as sys.argv[1:]')
    .allowUnknownOption()
    .action(async (script: string, args: string[]) => {
      setExitCode(await run(script, args));
    });
  program
    .command('profile')
    .description(
      'run a script as python -m memory_profiler does: profile is a builtin, its tables print at the end',
    )
    .argument('<script>', 'the Python file to run')
    .argument('[args...]', 'arguments passed to the script as sys.argv[1:]')
    .option('--precision <digits>', 'digits after the point in MiB cells', parsePrecision, 3)
    .allowUnknownOption()
    .action(async (script: string, args: string[], options: { precision: number }) => {
      setExitCode(await run(script, args, { profile: { precision: options.precision } }));
    });
  program
    .command('render')
    .description('render a Graphviz DOT file to SVG or PNG (bundled Graphviz and font, nothing to install)')
    .argument('<graph>', 'the .dot file')
    .requiredOption('-o, --output <file>', 'the image to write; its extension picks the format (.svg, .png)')
    .action(async (graph: string, options: { output: string }) => {
      setExitCode(await renderGraph(graph, options.output, io));
    });
  return program;
}

function parsePrecision(value: string): number {
  const digits = Number(value);
  if (!Number.isInteger(digits) || digits < 0 || digits > 100) {
    throw new InvalidArgumentError(`precision must be a whole number from 0 to 100, not '${value}'`);
  }
  return digits;
}
