import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { extname } from 'node:path';
import { initRenderer, withHelvetica } from '@memkit/objgraph';
import type { ScriptIO } from './run-script';

/**
 * `memkit render graph.dot -o out.svg|out.png`: renders a DOT file with the bundled Graphviz
 * (WebAssembly) and, for PNG, resvg with the bundled font — no system Graphviz. The output is
 * written to a temporary file and renamed, so a failed render never leaves a half-written file.
 * Returns the exit status.
 */
export async function renderGraph(input: string, output: string, io: ScriptIO): Promise<number> {
  const format = extname(output).slice(1).toLowerCase();
  let dot: string;
  try {
    dot = readFileSync(input, 'utf8');
  } catch {
    io.stderr(`memkit render: cannot read '${input}': no such file\n`);
    return 2;
  }
  const renderer = await initRenderer();
  if (!renderer.formats.includes(format)) {
    io.stderr(
      `memkit render: unknown output format '${format}' (from '${output}'); use one of: ${renderer.formats.join(', ')}\n`,
    );
    return 2;
  }
  let rendered: string | Uint8Array;
  try {
    rendered = renderer.render(withHelvetica(dot), format);
  } catch (error) {
    io.stderr(`memkit render: '${input}' could not be rendered: ${(error as Error).message}\n`);
    return 1;
  }
  const temporary = `${output}.tmp-${process.pid}`;
  writeFileSync(temporary, rendered);
  renameSync(temporary, output);
  io.stdout(`Image generated as ${output}\n`);
  return 0;
}
