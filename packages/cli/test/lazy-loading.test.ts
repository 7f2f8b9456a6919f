import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { initRenderer, RenderError, RendererNotReadyError } from '@memkit/objgraph';
import { afterAll, describe, expect, it } from 'vitest';
import { RendererThread, RendererThreadError } from '../src/renderer-thread';
import { type ScriptRequest, ScriptThread } from '../src/run-in-worker';
import { lazyScriptTools, runScript } from '../src/run-script';

const MAIN = join(import.meta.dirname, '../src/main.ts');
const THREAD_SOURCE = new URL('../src/thread-source.mjs', import.meta.url);

/** Temporary directories made by this file's tests, removed after them. */
const tempDirs: string[] = [];
afterAll(() => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
}

/** The modules that make a start slow: Graphviz and resvg (WebAssembly), their font, Vega. */
const HEAVY = /@hpcc-js|wasm-graphviz|resvg|arimo|\/vega/;

/**
 * A preload (`--import`) that appends the URL of every module the thread loads to a log: a
 * module-loader hook, so it sees `import()`s made at run time as well as static imports.
 */
function loadLog(): { preload: string; loaded: () => string[] } {
  const dir = tempDir('memkit-loads-');
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
  const path = join(tempDir('memkit-lazy-'), name);
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
    const dir = tempDir('memkit-lazy-');
    writeFileSync(join(dir, 'g.dot'), 'digraph { a -> b }\n');
    const render = memkitLoading('render', join(dir, 'g.dot'), '-o', join(dir, 'g.svg'));
    expect(render.status).toBe(0);
    expect(render.loaded.some((url) => url.includes('wasm-graphviz'))).toBe(true);
    expect(render.loaded.some((url) => url.includes('/vega'))).toBe(false);
  }, 60_000);

  it('loads the interpreter on the script thread, but not Graphviz, resvg or Vega, even to draw', async () => {
    const { preload, loaded } = loadLog();
    const svg = join(tempDir('memkit-lazy-'), 'x.svg');
    const script = scriptFile(
      'uses-objgraph.py',
      `import objgraph\nprint(objgraph.count("NoSuchType"))\nobjgraph.show_refs([[1]], filename=${JSON.stringify(svg)})\n`,
    );
    const worker = new Worker(THREAD_SOURCE, {
      execArgv: ['--import', preload, '--conditions=source'],
      argv: ['script-worker'],
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
    expect([exitCode, stdout.split('\n')[0], stdout.endsWith(`Image generated as ${svg}\n`)]).toEqual([
      0,
      '0',
      true,
    ]);
    expect(readFileSync(svg, 'utf8')).toContain('<svg');
    // objgraph keeps the .dot it rendered from, in the temporary directory, as CPython's does.
    const dot = /^Graph written to (.*\.dot) /m.exec(stdout)?.[1];
    if (dot !== undefined) rmSync(dot, { force: true });
    expect(loaded().some((url) => url.includes('/packages/interpreter/src/'))).toBe(true);
    // The renderer thread (started without this log) loaded them.
    expect(loaded().filter((url) => HEAVY.test(url))).toEqual([]);
  }, 60_000);

  it('leaves the renderer unloaded while a script draws no graph', async () => {
    const dir = tempDir('memkit-lazy-');
    const script = join(dir, 'counts.py');
    writeFileSync(script, 'import objgraph\nprint(objgraph.count("NoSuchType"))\n');
    const tools = await lazyScriptTools();
    let stdout = '';
    const io = { stdout: (text: string) => (stdout += text), stderr: (text: string) => (stdout += text) };
    expect(runScript(script, [], io, tools)).toBe(0);
    expect(stdout).toBe('0\n');
    expect(tools.renderer).toBeInstanceOf(RendererThread);
    expect((tools.renderer as RendererThread).started).toBe(false);
  });
});

describe('RendererThread', () => {
  it('renders on its thread what the renderer renders here, and fails as it fails', async () => {
    const dir = tempDir('memkit-lazy-');
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
    const dir = tempDir('memkit-lazy-');
    const script = join(dir, 'graph.py');
    const svg = join(dir, 'x.svg');
    writeFileSync(
      script,
      `import objgraph\nx = [1]\nobjgraph.show_refs([x], filename=${JSON.stringify(svg)})\n`,
    );
    expect(await new ScriptThread().run(script, [])).toBe(0);
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

  it('ends unused when the command line ran no script', () => {
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

describe('RendererThread when the renderer thread fails', () => {
  const fixture = (name: string) => new URL(`./fixtures/${name}`, import.meta.url).href;
  const renderFailure = (thread: RendererThread): Error => {
    try {
      thread.render('digraph { a -> b }', 'svg');
    } catch (error) {
      return error as Error;
    }
    return expect.fail('the render did not throw');
  };

  it('throws a render error of the same class across the thread', () => {
    const error = renderFailure(new RendererThread(fixture('renderer-not-ready.mjs')));
    const local = new RendererNotReadyError();
    expect(error).toBeInstanceOf(RendererNotReadyError);
    expect([error.name, (error as RenderError).code, error.message]).toEqual([
      local.name,
      local.code,
      local.message,
    ]);
  }, 60_000);

  it('says so when the renderer cannot load, and answers the next render too', () => {
    const thread = new RendererThread(fixture('renderer-missing-dependency.mjs'));
    for (let attempt = 0; attempt < 2; attempt++) {
      const error = renderFailure(thread);
      expect(error).toBeInstanceOf(RendererThreadError);
      expect((error as RenderError).code).toBe('MEMKIT_RENDERER_THREAD');
      expect(error.message).toMatch(
        /^the Graphviz\/resvg renderer thread failed: Error: Cannot find module .*no-such-module\.mjs/,
      );
    }
  }, 60_000);

  it('wakes the caller when an uncaught error ends the thread, naming the error', () => {
    const thread = new RendererThread(fixture('renderer-uncaught-error.mjs'));
    const error = renderFailure(thread);
    expect(error).toBeInstanceOf(RendererThreadError);
    expect(error.message).toBe(
      'the Graphviz/resvg renderer thread ended (exit code 1) on an uncaught Error: the WebAssembly aborted before rendering',
    );
    // A later render does not wait for the ended thread either.
    expect(renderFailure(thread).message).toContain('ended (exit code 1)');
  }, 60_000);

  it('wakes the caller when the thread exits, with its exit code', () => {
    const error = renderFailure(new RendererThread(fixture('renderer-exits.mjs')));
    expect(error).toBeInstanceOf(RendererThreadError);
    expect(error.message).toBe('the Graphviz/resvg renderer thread ended (exit code 3) before rendering');
  }, 60_000);
});
