import { Command } from 'commander';
import { renderGraph } from './render-graph';
import { loadScriptTools, runScript, type ScriptIO } from './run-script';

/** The `memkit` command line: each command calls one library function and returns its status. */
export function createProgram(
  io: ScriptIO,
  setExitCode: (code: number) => void,
  run: (script: string, args: readonly string[]) => Promise<number> = async (script, args) =>
    runScript(script, args, io, await loadScriptTools()),
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
    .command('render')
    .description('render a Graphviz DOT file to SVG or PNG (bundled Graphviz and font, nothing to install)')
    .argument('<graph>', 'the .dot file')
    .requiredOption('-o, --output <file>', 'the image to write; its extension picks the format (.svg, .png)')
    .action(async (graph: string, options: { output: string }) => {
      setExitCode(await renderGraph(graph, options.output, io));
    });
  return program;
}
