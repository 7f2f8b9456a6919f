/**
 * The oracle corpus: every Python snippet in test/fixtures (copied from shared/oracle and
 * shared/seed-examples) run through the interpreter, its stdout compared with CPython 3.11.7's
 * byte for byte. Cases listed in PASSING must stay passing; the others are reported with their
 * first differing line, so the count of passing cases is visible in every run.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Interpreter } from '@memkit/interpreter';
import { tracemallocModule } from '@memkit/tracemalloc';
import { afterAll, describe, expect, it } from 'vitest';

const FIXTURES = join(import.meta.dirname, 'fixtures');

/** Cases that match CPython exactly today; a regression in any of them fails the suite. */
const PASSING = new Set([
  'oracle/case_01_list_refcount',
  'oracle/case_02_sizeof_numbers',
  'oracle/case_03_sizeof_str',
  'oracle/case_04_sizeof_misc',
  'oracle/case_05_list_growth_append',
  'oracle/case_06_list_creation',
  'oracle/case_08_dict_growth',
  'oracle/case_09_dict_states',
  'oracle/case_10_set_growth',
  'oracle/case_12_slots_vs_dict',
  'oracle/case_13_small_int_cache',
  'oracle/case_14_string_interning',
  'oracle/case_15_gc_ab_cycle',
  'oracle/case_16_gc_node_cycle',
  'oracle/case_17_gc_list_cycles',
  'oracle/case_18_gc_del_cycle',
  'oracle/case_20_gc_saveall',
  'oracle/case_21_gc_is_tracked',
  'oracle/case_22_gc_count_instances',
  'oracle/case_24_gc_callbacks',
  'oracle/case_25_gc_referrers',
  'oracle/case_26_weakref_callback',
  'oracle/case_28_weakref_del_order',
  'oracle/case_30_del_collect_typecounts',
  'oracle/case_31_generators_vs_lists',
  'oracle/case_32_nested_sizes',
  'oracle/case_34_tracemalloc_top5',
  'oracle/case_35_tracemalloc_compare',
  'oracle/case_36_tracemalloc_per_object',
  'oracle/case_37_refcount_more',
  'oracle/case_39_pymalloc_classes',
  'oracle/case_41_list_shrink',
  'oracle/case_44_gc_count_lists',
  'oracle/case_46_bytearray_str_growth',
  'seed-examples/s01_tracemalloc_top5',
  'seed-examples/s04_refcount',
  'seed-examples/s05_gc_cycles',
  'seed-examples/s06_getsizeof',
  'seed-examples/s07_weakref_generators',
]);

interface Case {
  id: string;
  file: string;
  source: string;
  expected: string;
}

function cases(): Case[] {
  const out: Case[] = [];
  for (const group of ['oracle', 'seed-examples']) {
    const dir = join(FIXTURES, group);
    for (const name of readdirSync(dir)
      .filter((n) => n.endsWith('.py'))
      .sort()) {
      const base = name.slice(0, -3);
      let expected: string;
      try {
        expected = readFileSync(join(dir, `${base}.expected`), 'utf8');
      } catch {
        continue;
      }
      out.push({
        id: `${group}/${base}`,
        file: name,
        source: readFileSync(join(dir, name), 'utf8'),
        expected,
      });
    }
  }
  return out;
}

function run(c: Case): { stdout: string; stderr: string } {
  let stdout = '';
  let stderr = '';
  const interpreter = new Interpreter({
    argv: [c.file],
    modules: [tracemallocModule()],
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
  });
  interpreter.run(c.source, c.file);
  return { stdout, stderr };
}

function firstDifference(actual: string, expected: string): string {
  const a = actual.split('\n');
  const b = expected.split('\n');
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (a[i] !== b[i])
      return `line ${i + 1}: got ${JSON.stringify(a[i] ?? null)}, CPython ${JSON.stringify(b[i] ?? null)}`;
  }
  return 'identical';
}

describe('oracle corpus (stdout byte for byte against CPython 3.11.7)', () => {
  const results: string[] = [];
  let passed = 0;
  const all = cases();

  for (const c of all) {
    it(c.id, () => {
      const { stdout, stderr } = run(c);
      const ok = stdout === c.expected;
      if (ok) passed++;
      else
        results.push(
          `  ${c.id}: ${firstDifference(stdout, c.expected)} ${stderr.trim().split('\n').at(-1) ?? ''}`,
        );
      if (PASSING.has(c.id)) expect(stdout).toBe(c.expected);
    }, 120_000);
  }

  afterAll(() => {
    console.log(`oracle: ${passed} of ${all.length} cases match CPython\n${results.join('\n')}`);
  });

  it('lists only cases that exist', () => {
    const ids = new Set(all.map((c) => c.id));
    expect([...PASSING].filter((id) => !ids.has(id))).toEqual([]);
  });
});
