/** A worker thread's entry module, and the Node options to start it with. */
export interface ThreadEntry {
  url: URL;
  execArgv: string[];
}

/**
 * The entry of the worker thread `name` (`script-worker`, `renderer-worker`): built, `dist/name.js`
 * with this process's Node options; from the TypeScript sources (tsx), the `name-source.mjs` shim
 * that loads tsx first, with `--conditions=source` so the thread resolves workspace packages to
 * their sources too.
 */
export function threadEntry(name: string): ThreadEntry {
  const source = import.meta.url.endsWith('.ts');
  return source
    ? { url: new URL(`./${name}-source.mjs`, import.meta.url), execArgv: ['--conditions=source'] }
    : { url: new URL(`./${name}.js`, import.meta.url), execArgv: process.execArgv };
}
