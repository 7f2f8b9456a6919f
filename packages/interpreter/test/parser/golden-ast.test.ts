import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from '../../src/index';
import type { AstJson } from './ast-json';
import { astToJson } from './ast-json';

// Goldens are CPython 3.11's ast.parse output, written by scripts/ast-golden.py (see there how
// to regenerate them); this test never runs python3.
const repo = fileURLToPath(new URL('../../../../', import.meta.url));
const goldenDir = fileURLToPath(new URL('../fixtures/ast/', import.meta.url));
const goldens = readdirSync(goldenDir)
  .filter((name) => name.endsWith('.json'))
  .sort()
  .map((name) => ({
    name,
    golden: JSON.parse(readFileSync(goldenDir + name, 'utf8')) as { path: string; ast: AstJson },
  }));

describe('parse() builds the AST CPython 3.11 builds, positions included', () => {
  it('has goldens for the oracle corpus, the seed examples and the snippets', () => {
    const groups = new Set(goldens.map(({ name }) => name.split('--')[0]));
    expect([...groups].sort()).toEqual(['oracle', 'seed', 'snippet']);
  });

  it.each(goldens)('$name', ({ golden }) => {
    const source = readFileSync(repo + golden.path, 'utf8');
    expect(astToJson(parse(source, golden.path))).toEqual(golden.ast);
  });
});
