/**
 * Parse speed on a large generated file, side by side with CPython's `ast.parse` on the same
 * source (when python3 is installed).
 *
 *   pnpm exec tsx --conditions=source packages/interpreter/bench/parse.ts [lines]
 *
 * The source is the oracle corpus, the seed examples and the parser's snippets repeated until it
 * has at least `lines` lines (default 10 000): real, varied Python rather than one pattern.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { median, timeMedian } from '../../../bench/python';
import { parse } from '../src/index';

const repo = fileURLToPath(new URL('../../../', import.meta.url));
const folders = [
  'test/fixtures/oracle',
  'test/fixtures/seed-examples',
  'packages/interpreter/test/fixtures/snippets',
];

function corpus(): string[] {
  const files: string[] = [];
  for (const folder of folders) {
    for (const name of readdirSync(repo + folder).sort()) {
      if (name.endsWith('.py')) files.push(readFileSync(`${repo}${folder}/${name}`, 'utf8'));
    }
  }
  return files;
}

function generate(minLines: number): string {
  const files = corpus();
  const parts: string[] = [];
  let lines = 0;
  for (let i = 0; lines < minLines; i++) {
    const text = files[i % files.length];
    parts.push(text.endsWith('\n') ? text : `${text}\n`);
    lines += text.split('\n').length;
  }
  return parts.join('');
}

function hasPython(): boolean {
  try {
    execFileSync('python3', ['--version']);
    return true;
  } catch {
    return false;
  }
}

const minLines = Number(process.argv[2] ?? 10_000);
const source = generate(minLines);
const lineCount = source.split('\n').length - 1;
// Warm up the JIT as a long-running interpreter would be.
for (let i = 0; i < 20; i++) parse(source, 'bench.py');
const memkitMs = timeMedian(30, () => parse(source, 'bench.py'));
const cold = (() => {
  const samples: number[] = [];
  for (let i = 0; i < 5; i++) {
    const start = performance.now();
    parse(`${source}\n# ${i}\n`, 'bench.py');
    samples.push(performance.now() - start);
  }
  return median(samples);
})();
console.log(`source: ${lineCount} lines, ${source.length} characters`);
console.log(`memkit parse:       ${memkitMs.toFixed(2)} ms (median of 30, warm)`);
console.log(`memkit parse (new): ${cold.toFixed(2)} ms (a source not parsed before)`);
if (hasPython()) {
  // The source goes through stdin: it is too large for a command line.
  const script = [
    'import ast, json, sys, time',
    'src = sys.stdin.read()',
    'samples = []',
    'for _ in range(30):',
    '    t = time.perf_counter(); ast.parse(src); samples.append((time.perf_counter() - t) * 1000)',
    'samples.sort()',
    'print(json.dumps({"ms": samples[len(samples) // 2]}))',
  ].join('\n');
  const python = JSON.parse(execFileSync('python3', ['-c', script], { input: source, encoding: 'utf8' })) as {
    ms: number;
  };
  console.log(`python3 ast.parse:  ${python.ms.toFixed(2)} ms (median of 30)`);
  console.log(`ratio memkit/CPython: ${(memkitMs / python.ms).toFixed(2)}`);
}
