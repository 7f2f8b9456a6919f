/**
 * memkit in a browser: `test/browser/entry.ts` (the interpreter, tracemalloc, objgraph and
 * memory_profiler modules, graph files in memory) bundled by esbuild for `platform: 'browser'`,
 * then run in a V8 context that has what a page has (WebAssembly, TextEncoder, timers, …) and
 * nothing of Node (`process`, `require`, `Buffer`). Any static import of a Node built-in anywhere
 * in those packages would fail the bundle's evaluation; the oracle corpus run inside it must
 * print CPython's stdout, and objgraph must draw SVG and PNG from bytes handed over by the page.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { createContext, runInContext } from 'node:vm';
import { build } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import type { loadRenderer, runPython } from './browser/entry';

const FIXTURES = join(import.meta.dirname, 'fixtures');

/** The bundle's exports, as seen from the test (objects come from the page's realm). */
interface Page {
  runPython: typeof runPython;
  loadRenderer: typeof loadRenderer;
}

/** A context with a page's globals and none of Node's. */
function pageContext(): object {
  const context = createContext({
    // @types/node declares WebAssembly as a namespace only; the value is the global one.
    WebAssembly: Reflect.get(globalThis, 'WebAssembly'),
    TextEncoder,
    TextDecoder,
    URL,
    atob,
    btoa,
    setTimeout,
    clearTimeout,
    queueMicrotask,
    performance,
    crypto,
  });
  runInContext('globalThis.self = globalThis; globalThis.window = globalThis;', context);
  return context;
}

let bundle = '';
let context: object;
let page: Page;

beforeAll(async () => {
  const result = await build({
    entryPoints: [join(import.meta.dirname, 'browser', 'entry.ts')],
    bundle: true,
    platform: 'browser',
    format: 'iife',
    globalName: 'memkit',
    conditions: ['source'],
    // The renderer's Node-only fallback (reading its WebAssembly from node_modules) is a dynamic
    // import behind a check for Node; left external, it stays an `import()` a page never reaches.
    external: ['node:*'],
    write: false,
    logLevel: 'silent',
  });
  bundle = result.outputFiles[0].text;
  context = pageContext();
  runInContext(bundle, context, { filename: 'memkit.browser.js' });
  page = runInContext('memkit', context) as Page;
}, 120_000);

/** Bytes as the page's own Uint8Array (a Node Buffer is of another realm). */
function pageBytes(data: Uint8Array): Uint8Array {
  const bytes = runInContext('(n) => new Uint8Array(n)', context)(data.length) as Uint8Array;
  bytes.set(data);
  return bytes;
}

describe('memkit bundled for a browser', () => {
  it('needs nothing of Node', () => {
    expect(bundle.length).toBeGreaterThan(0);
    expect(bundle).not.toMatch(/require\(["']node:/);
    expect(runInContext('typeof process + typeof require + typeof Buffer', context)).toBe(
      'undefinedundefinedundefined',
    );
  });

  const cases = ['oracle', 'seed-examples'].flatMap((group) =>
    readdirSync(join(FIXTURES, group))
      .filter((name) => name.endsWith('.py'))
      .sort()
      .map((name) => ({ group, name }))
      // s02/s03 need memory_profiler and objgraph, which python3 here lacks: no CPython output.
      .filter(({ name }) => existsSync(join(FIXTURES, group, name.replace(/\.py$/, '.expected')))),
  );
  it.each(cases)(
    'prints what CPython prints: $group/$name',
    ({ group, name }) => {
      const source = readFileSync(join(FIXTURES, group, name), 'utf8');
      const expected = readFileSync(join(FIXTURES, group, name.replace(/\.py$/, '.expected')), 'utf8');
      // NAME.stderr: what python3 prints there, if anything (compile-time SyntaxWarnings such as
      // '"is" with a literal'), with the script's directory stripped as the page names it.
      const stderrFile = join(FIXTURES, group, name.replace(/\.py$/, '.stderr'));
      const expectedStderr = existsSync(stderrFile) ? readFileSync(stderrFile, 'utf8') : '';
      const run = page.runPython(source, name);
      expect(run.stderr).toBe(expectedStderr);
      expect(run.stdout).toBe(expected);
    },
    120_000,
  );

  it('draws objgraph graphs as SVG and PNG from bytes the page supplies', async () => {
    const require = createRequire(join(import.meta.dirname, '..', 'packages', 'objgraph', 'package.json'));
    const wasm = readFileSync(require.resolve('@resvg/resvg-wasm/index_bg.wasm'));
    const font = readFileSync(require.resolve('@expo-google-fonts/arimo/400Regular/Arimo_400Regular.ttf'));
    await page.loadRenderer(pageBytes(wasm), pageBytes(font));
    const source = [
      'import objgraph',
      'class Node:',
      '    pass',
      'a = Node()',
      'a.partner = Node()',
      'a.partner.partner = a',
      "objgraph.show_refs([a], filename='refs.svg')",
      "objgraph.show_backrefs([a.partner], filename='backrefs.png')",
    ].join('\n');
    const run = page.runPython(source, 'graphs.py');
    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(0);
    // objgraph's messages: the DOT goes to a temporary file, then the image is generated from it.
    expect(run.stdout).toMatch(
      /^Graph written to \/tmp\/objgraph-\w+\.dot \(\d+ nodes\)\nImage generated as refs\.svg\nGraph written to \/tmp\/objgraph-\w+\.dot \(\d+ nodes\)\nImage generated as backrefs\.png\n$/,
    );
    const svg = run.files.get('refs.svg') as string;
    expect(svg).toMatch(/^<\?xml/);
    // Two Node boxes, drawn by Graphviz (3.11 keeps instance attributes inline, so objgraph
    // sees Node → Node with no __dict__ between them, as CPython's gc.get_referents does).
    expect(svg.match(/<g id="node\d+" class="node">/g)?.length).toBeGreaterThanOrEqual(2);
    expect(svg).toContain('>Node</text>');
    const png = run.files.get('backrefs.png') as Uint8Array;
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  }, 120_000);

  it('prints memory_profiler tables for @profile', () => {
    const source = [
      'from memory_profiler import profile',
      '@profile',
      'def build():',
      '    data = [0] * 1000000',
      '    del data',
      'build()',
    ].join('\n');
    const run = page.runPython(source, 'prof.py');
    expect(run.stderr).toBe('');
    const lines = run.stdout.split('\n');
    expect(lines[0]).toBe('Filename: prof.py');
    expect(lines[2]).toBe('Line #    Mem usage    Increment  Occurrences   Line Contents');
    // [0] * 1000000 is one 8 000 056-byte list (CPython's getsizeof), 7.63 MiB, then freed.
    expect(lines.find((line) => line.startsWith('     4 '))).toMatch(
      / MiB +7\.6 MiB +1 +data = \[0\] \* 1000000$/,
    );
    expect(lines.find((line) => line.startsWith('     5 '))).toMatch(/ MiB +-7\.6 MiB +1 +del data$/);
  });
});
