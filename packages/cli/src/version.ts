import { readFileSync } from 'node:fs';

/** `memkit --version`: the CLI package's version, read from its package.json (beside src/ and dist/). */
export function cliVersion(): string {
  const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  return String(manifest.version);
}
