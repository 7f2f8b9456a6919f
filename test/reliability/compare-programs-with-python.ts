/**
 * One-off check, not run in CI: generates the random programs python-programs.test.ts runs (same
 * seed, plus more), runs each under python3 and memkit's interpreter, and reports how many
 * printed the same stdout, with the first difference of each that did not.
 * Usage: pnpm tsx --conditions=source test/reliability/compare-programs-with-python.ts [count]
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Interpreter } from '@memkit/interpreter';
import fc from 'fast-check';
import { MAX_STEPS, pythonPrograms, SEED } from './python-programs';

const count = Number(process.argv[2] ?? 200);
const dir = mkdtempSync(join(tmpdir(), 'memkit-programs-'));
const programs = fc.sample(pythonPrograms(MAX_STEPS), { numRuns: count, seed: SEED });
let same = 0;
programs.forEach((source, i) => {
  const file = join(dir, `program_${i}.py`);
  writeFileSync(file, source);
  const expected = execFileSync('python3', [file], { encoding: 'utf8' });
  let actual = '';
  new Interpreter({ stdout: (t) => (actual += t), stderr: (t) => (actual += t) }).run(source, file);
  if (actual === expected) {
    same++;
    return;
  }
  const [e, a] = [expected.split('\n'), actual.split('\n')];
  const line = e.findIndex((text, k) => text !== a[k]);
  console.log(
    `${file}: line ${line + 1}: python3 ${JSON.stringify(e[line])}, memkit ${JSON.stringify(a[line])}`,
  );
});
console.log(`${same}/${programs.length} programs printed the same stdout as python3`);
