import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { initRenderer, loadedRenderer, RenderError } from '@memkit/objgraph';
import { describe, expect, it } from 'vitest';
import { RendererThread } from '../src/renderer-thread';
import { runScriptInWorker, type ScriptRequest, ScriptThread } from '../src/run-in-worker';
import { lazyScriptTools, runScript } from '../src/run-script';

const MAIN = join(import.meta.dirname, '../src/main.ts');
const SCRIPT_WORKER = new URL('../src/script-worker-source.mjs', import.meta.url);

/** The modules that make a start slow: Graphviz and resvg (WebAssembly), their font, Vega. */
const HEAVY = /@hpcc-js|wasm-graphviz|resvg|arimo|\/vega/;

/**
 * A preload (`--import`) that appends the URL of every module the thread loads to a log: a
 * module-loader hook, so it sees `import()`s made at run time as well as static imports.
 */
function loadLog(): { preload: string; loaded: () => string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'memkit-loads-'));
  const log = join(dir, 'loaded.txt');
  writeFileSync(log, '');
  writeFileSync(
    join(dir, 'hooks.mjs'),
    `import { appendFileSync } from 'node:fs';
export async function load(url, context, nextLoad) {
  appendFileSync(${JSON.stringify(log)}, url + '\\n');
  return nextLoad(url, context);
}
`,
  );
  const preload = join(dir, 'preload.mjs');
  writeFileSync(
    preload,
    `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(join(dir, 'hooks.mjs')).href)});\n`,
  );
  return { preload, loaded: () => readFileSync(log, 'utf8').split('\n').filter(Boolean) };
}

function scriptFile(name: string, source: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'memkit-lazy-')), name);
  writeFileSync(path, source);
  return path;
}

/** `memkit args…` from the sources, on a Node that logs what its main thread loads. */
function memkitLoading(...args: string[]): { status: number | null; stdout: string; loaded: string[] } {
  const { preload, loaded } = loadLog();
  const child = spawnSync(
    process.execPath,
    ['--import', 'tsx', '--import', preload, '--conditions=source', MAIN, ...args],
    { encoding: 'utf8' },
  );
  return { status: child.status, stdout: child.stdout, loaded: loaded() };
}

describe('what memkit loads before a script runs', () => {
  it("loads neither the interpreter nor Graphviz, resvg or Vega on the main thread of 'memkit run'", () => {
    const run = memkitLoading('run', scriptFile('one.py', 'print(1)\n'));
    expect([run.status, run.stdout]).toEqual([0, '1\n']);
    expect(run.loaded.some((url) => url.includes('/commander/'))).toBe(true);
    expect(run.loaded.filter((url) => HEAVY.test(url) || url.includes('/packages/interpreter/'))).toEqual([]);
  }, 60_000);

  it("sees Graphviz load when a command needs it ('memkit render')", () => {
    const dir = mkdtempSync(join(tmpdir(), 'memkit-lazy-'));
    writeFileSync(join(dir, 'g.dot'), 'digraph { a -> b }\n');
    const render = memkitLoading('render', join(dir, 'g.dot'), '-o', join(dir, 'g.svg'));
    expect(render.status).toBe(0);
    expect(render.loaded.some((url) => url.includes('wasm-graphviz'))).toBe(true);
    expect(render.loaded.some((url) => url.includes('/vega'))).toBe(false);
  }, 60_000);

  it('loads the interpreter on the script thread, but not Graphviz, resvg or Vega', async () => {
    const { preload, loaded } = loadLog();
    const script = scriptFile('uses-objgraph.py', 'import objgraph\nprint(objgraph.count("NoSuchType"))\n');
    const worker = new Worker(SCRIPT_WORKER, {
      execArgv: ['--import', preload, '--conditions=source'],
      stdout: true,
    });
    worker.postMessage({ script, args: [], options: {} } satisfies ScriptRequest);
    let stdout = '';
    worker.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    let exitCode: number | Error | null = null;
    worker.on('message', (message: { exitCode: number }) => {
      exitCode = message.exitCode;
    });
    worker.on('error', (error) => {
      exitCode = error;
    });
    await new Promise((resolve) => worker.on('exit', resolve));
    expect([exitCode, stdout]).toEqual([0, '0\n']);
    expect(loaded().some((url) => url.includes('/packages/interpreter/src/'))).toBe(true);
    expect(loaded().filter((url) => HEAVY.test(url))).toEqual([]);
  }, 60_000);

  it('leaves the renderer unloaded while a script draws no graph', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'memkit-lazy-'));
    const script = join(dir, 'counts.py');
    writeFileSync(script, 'import objgraph\nprint(objgraph.count("NoSuchType"))\n');
    const tools = await lazyScriptTools();
    let stdout = '';
    const io = { stdout: (text: string) => (stdout += text), stderr: (text: string) => (stdout += text) };
    expect(runScript(script, [], io, tools)).toBe(0);
    expect(stdout).toBe('0\n');
    expect(tools.renderer).toBeInstanceOf(RendererThread);
    expect((tools.renderer as RendererThread).started).toBe(false);
    expect(loadedRenderer()).toBeNull();
  });
});

describe('RendererThread', () => {
  it('renders on its thread what the renderer renders here, and fails as it fails', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'memkit-lazy-'));
    const script = join(dir, 'graph.py');
    writeFileSync(
      script,
      [
        'import objgraph',
        'class Node:',
        '    pass',
        'a = Node()',
        'a.child = Node()',
        `objgraph.show_refs([a], filename=${JSON.stringify(join(dir, 'refs.dot'))})`,
        `objgraph.show_refs([a], filename=${JSON.stringify(join(dir, 'refs.svg'))})`,
        `objgraph.show_refs([a], filename=${JSON.stringify(join(dir, 'refs.png'))})`,
        '',
      ].join('\n'),
    );
    const tools = await lazyScriptTools();
    const io = { stdout: () => undefined, stderr: (text: string) => expect.fail(text) };
    expect(runScript(script, [], io, tools)).toBe(0);
    const thread = tools.renderer as RendererThread;
    expect(thread.started).toBe(true);
    // Loaded on the helper thread only.
    expect(loadedRenderer()).toBeNull();

    const dot = readFileSync(join(dir, 'refs.dot'), 'utf8');
    const here = await initRenderer();
    expect(readFileSync(join(dir, 'refs.svg'), 'utf8')).toBe(here.render(dot, 'svg'));
    expect(new Uint8Array(readFileSync(join(dir, 'refs.png')))).toEqual(here.render(dot, 'png'));

    const failure = (render: () => unknown): RenderError => {
      try {
        render();
      } catch (error) {
        return error as RenderError;
      }
      return expect.fail('rendering bad DOT did not throw');
    };
    const there = failure(() => thread.render('digraph { a -> }', 'svg'));
    const local = failure(() => here.render('digraph { a -> }', 'svg'));
    expect(there).toBeInstanceOf(RenderError);
    expect(there.code).toBe('MEMKIT_RENDER_FAILED');
    expect([there.name, there.message]).toEqual([local.name, local.message]);
    // After a Graphviz failure the thread loads a fresh renderer, as this thread's does.
    expect(thread.render(dot, 'svg')).toBe((await initRenderer()).render(dot, 'svg'));
  }, 60_000);

  it("draws a script's graph from the worker thread of 'memkit run'", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'memkit-lazy-'));
    const script = join(dir, 'graph.py');
    const svg = join(dir, 'x.svg');
    writeFileSync(
      script,
      `import objgraph\nx = [1]\nobjgraph.show_refs([x], filename=${JSON.stringify(svg)})\n`,
    );
    expect(await runScriptInWorker(script, [])).toBe(0);
    const image = readFileSync(svg, 'utf8');
    expect(image.startsWith('<?xml')).toBe(true);
    expect(image).toContain('<title>o');
  }, 60_000);
});

describe('ScriptThread', () => {
  it('runs the one script it is given once it has loaded, and refuses a second', async () => {
    const thread = new ScriptThread();
    const script = scriptFile('status.py', 'import sys\nsys.exit(3)\n');
    expect(await thread.run(script, [])).toBe(3);
    await expect(thread.run(script, [])).rejects.toThrow('a ScriptThread runs one script');
  }, 60_000);

  it('ends unused when the command line ran no script', async () => {
    const thread = new ScriptThread();
    await thread.dispose();
    // The thread main.ts starts for `run` must not keep the process alive: a hang fails here.
    const help = spawnSync(
      process.execPath,
      ['--import', 'tsx', '--conditions=source', MAIN, 'run', '--help'],
      { encoding: 'utf8', timeout: 30_000 },
    );
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('Usage: memkit run [options] <script> [args...]');
  }, 60_000);
});
