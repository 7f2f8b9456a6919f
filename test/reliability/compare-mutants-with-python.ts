/**
 * One-off check, not run in CI: generates mutated oracle sources as mutated-sources.test.ts does
 * (same corpus and mutation operators; its own seed), runs each under python3 and memkit, and
 * counts how many end the same way: the exit status and the exception named on stderr's last line.
 * Usage: pnpm tsx --conditions=source test/reliability/compare-mutants-with-python.ts [count]
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { Sandbox } from './sandbox';
import { mutate, mutations } from './source-mutations';

const count = Number(process.argv[2] ?? 300);
const oracle = join(import.meta.dirname, '../fixtures/oracle');
const names = readdirSync(oracle)
  .filter((name) => name.endsWith('.py') && name !== 'case_31_generators_vs_lists.py')
  .sort();
const dir = mkdtempSync(join(tmpdir(), 'memkit-mutants-'));
const cases = fc.sample(
  fc.record({
    file: fc.nat({ max: names.length - 1 }),
    edits: fc.array(mutations, { minLength: 1, maxLength: 3 }),
  }),
  { numRuns: count, seed: 0x5eed_0044 },
);
const exceptionOf = (stderr: string) => (stderr.trimEnd().split('\n').at(-1) ?? '').split(':')[0];
const sandbox = new Sandbox(30_000);
let same = 0;
for (const [i, { file, edits }] of cases.entries()) {
  const source = edits.reduce((text, m) => mutate(text, m), readFileSync(join(oracle, names[file]), 'utf8'));
  const path = join(dir, `mutant_${i}.py`);
  writeFileSync(path, source);
  const python = spawnSync('python3', [path], { encoding: 'utf8', timeout: 30_000 });
  const expected = `${python.status} ${python.status === 1 ? exceptionOf(python.stderr) : ''}`;
  const outcome = await sandbox.run({ source, filename: path });
  const actual =
    outcome.kind === 'exit'
      ? `${outcome.exitCode} ${outcome.exitCode === 1 ? exceptionOf(outcome.stderr) : ''}`
      : outcome.kind;
  if (actual === expected) same++;
  else
    console.log(
      `${path} (${names[file]}): python3 ${JSON.stringify(expected)}, memkit ${JSON.stringify(actual)}`,
    );
}
sandbox.close();
console.log(`${same}/${cases.length} mutants ended as under python3 (status and exception type)`);
