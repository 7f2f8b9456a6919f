/** A worker thread's entry module, and the Node options and arguments to start it with. */
export interface ThreadEntry {
  url: URL;
  execArgv: string[];
  argv: string[];
}

/**
 * The entry of the worker thread `name` (`script-worker`, `renderer-worker`): built, `dist/name.js`
 * with this process's Node options; from the TypeScript sources (tsx), the `thread-source.mjs`
 * shim, which loads tsx and then `name.ts` (its last argument), with `--conditions=source` so the
 * thread resolves workspace packages to their sources too.
 */
export function threadEntry(name: string): ThreadEntry {
  const source = import.meta.url.endsWith('.ts');
  return source
    ? {
        url: new URL('./thread-source.mjs', import.meta.url),
        execArgv: ['--conditions=source'],
        argv: [name],
      }
    : { url: new URL(`./${name}.js`, import.meta.url), execArgv: process.execArgv, argv: [] };
}
