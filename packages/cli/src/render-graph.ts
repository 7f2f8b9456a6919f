import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { initRenderer, withHelvetica } from '@memkit/objgraph';
import { fileProblem } from './bad-input';
import { type CliIO, startProgress } from './cli-io';
import { writeFileAtomic } from './write-file-atomic';

/**
 * `memkit render graph.dot -o out.svg|out.png`: renders a DOT file with the bundled Graphviz
 * (WebAssembly) and, for PNG, resvg with the bundled font — no system Graphviz. The output is
 * written to a temporary file and renamed, so a failed render never leaves a half-written file.
 * Returns the exit status.
 */
export async function renderGraph(input: string, output: string, io: CliIO): Promise<number> {
  const format = extname(output).slice(1).toLowerCase();
  let dot: string;
  try {
    dot = readFileSync(input, 'utf8');
  } catch (error) {
    // Named by what went wrong: a directory or an unreadable file is not "no such file".
    io.stderr(`memkit render: cannot read '${input}': ${fileProblem(error)}\n`);
    return 2;
  }
  const progress = startProgress(io);
  progress.update('Loading Graphviz');
  const renderer = await initRenderer();
  if (!renderer.formats.includes(format)) {
    progress.done();
    io.stderr(
      `memkit render: unknown output format '${format}' (from '${output}'); use one of: ${renderer.formats.join(', ')}\n`,
    );
    return 2;
  }
  let rendered: string | Uint8Array;
  try {
    // Rendering runs synchronously in WebAssembly: the line stays up until it returns.
    progress.update(`Rendering ${input} (${countNodes(dot)} nodes) to ${format.toUpperCase()}`);
    rendered = renderer.render(withHelvetica(dot), format);
  } catch (error) {
    io.stderr(`memkit render: '${input}' could not be rendered: ${(error as Error).message}\n`);
    return 1;
  } finally {
    progress.done();
  }
  try {
    writeFileAtomic(output, rendered);
  } catch (error) {
    io.stderr(`memkit render: cannot write '${output}': ${fileProblem(error)}\n`);
    return 2;
  }
  io.stdout(`Image generated as ${output}\n`);
  return 0;
}

/** Distinct node names declared with attributes (`name[...]`): a size hint for the progress line. */
function countNodes(dot: string): number {
  const names = new Set<string>();
  for (const match of dot.matchAll(/^\s*("(?:[^"\\]|\\.)*"|\w+)\s*\[/gm)) {
    if (match[1] !== 'node' && match[1] !== 'edge' && match[1] !== 'graph') names.add(match[1]);
  }
  return names.size;
}
