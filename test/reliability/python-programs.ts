import fc from 'fast-check';

/**
 * Random small Python programs over a few variables: lists, dicts and instances (one class with
 * `__del__`), links between them (cycles included), aliasing, `del`, unlinking, weakrefs with
 * callbacks, `gc.collect()`, and prints of refcounts, sizes and lengths. Each program ends by
 * deleting every name, collecting, and printing how many of its instances are left (`left 0`).
 *
 * A program is generated as a list of intents folded over a model of each variable's type, so
 * every intent that does not apply is skipped: shrinking a failing list keeps the program valid.
 */

/** Programs per CI run (python-programs.test.ts), each of up to MAX_STEPS intents, and the seed. */
export const RUNS = 60;
export const MAX_STEPS = 50;
export const SEED = 0x5eed_0011;

const VARS = ['a', 'b', 'c', 'd', 'e'] as const;
const WEAKREFS = ['w0', 'w1', 'w2'] as const;
type Kind = 'list' | 'dict' | 'Node' | 'Fin' | 'Slots' | 'tuple';

type Intent =
  | { k: 'new'; v: number; kind: Kind }
  | { k: 'link'; a: number; b: number; slot: number }
  | { k: 'alias'; a: number; b: number }
  | { k: 'del'; a: number }
  | { k: 'unlink'; a: number; slot: number }
  | { k: 'collect' }
  | { k: 'refcount'; a: number }
  | { k: 'sizeof'; a: number }
  | { k: 'len'; a: number }
  | { k: 'tuple'; v: number; a: number; b: number }
  | { k: 'grow'; a: number; n: number }
  | { k: 'inspect'; a: number; what: 'referents' | 'tracked' }
  | { k: 'weakref'; w: number; a: number }
  | { k: 'checkWeakref'; w: number };

const v = fc.nat({ max: VARS.length - 1 });
const w = fc.nat({ max: WEAKREFS.length - 1 });
const slot = fc.nat({ max: 2 });

const intents: fc.Arbitrary<Intent> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      k: fc.constant('new' as const),
      v,
      kind: fc.constantFrom<Kind>('list', 'dict', 'Node', 'Fin', 'Slots'),
    }),
  },
  { weight: 6, arbitrary: fc.record({ k: fc.constant('link' as const), a: v, b: v, slot }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('alias' as const), a: v, b: v }) },
  { weight: 3, arbitrary: fc.record({ k: fc.constant('del' as const), a: v }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('unlink' as const), a: v, slot }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('collect' as const) }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('refcount' as const), a: v }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('sizeof' as const), a: v }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('len' as const), a: v }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('tuple' as const), v, a: v, b: v }) },
  {
    weight: 1,
    arbitrary: fc.record({ k: fc.constant('grow' as const), a: v, n: fc.integer({ min: 1, max: 60 }) }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      k: fc.constant('inspect' as const),
      a: v,
      what: fc.constantFrom('referents' as const, 'tracked' as const),
    }),
  },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('weakref' as const), w, a: v }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('checkWeakref' as const), w }) },
);

const PRELUDE = `import gc
import sys
import weakref


class Node:
    pass


class Slots:
    __slots__ = ('x0', 'x1', 'x2', '__weakref__')


class Fin:
    def __init__(self, tag):
        self.tag = tag

    def __del__(self):
        print('del', self.tag)

`;

/** Python source for a list of intents (the inapplicable ones skipped). */
export function programFor(steps: readonly Intent[]): string {
  const kinds = new Map<string, Kind>();
  const weakrefs = new Set<string>();
  const lines: string[] = [];
  let tags = 0;
  // Intents name variables by index into those currently defined, so few are skipped.
  const defined = (n: number): string | undefined => {
    const names = VARS.filter((name) => kinds.has(name));
    return names.length === 0 ? undefined : names[n % names.length];
  };
  for (const step of steps) {
    switch (step.k) {
      case 'new': {
        const name = VARS[step.v];
        const make = {
          list: '[]',
          dict: '{}',
          Node: 'Node()',
          Fin: `Fin('t${tags++}')`,
          Slots: 'Slots()',
          tuple: '()',
        }[step.kind];
        lines.push(`${name} = ${make}`);
        kinds.set(name, step.kind);
        break;
      }
      case 'link': {
        const [a, b] = [defined(step.a), defined(step.b)];
        if (a === undefined || b === undefined) break;
        const kind = kinds.get(a);
        if (kind === 'tuple') break;
        if (kind === 'list') lines.push(`${a}.append(${b})`);
        else if (kind === 'dict') lines.push(`${a}['k${step.slot}'] = ${b}`);
        else lines.push(`${a}.x${step.slot} = ${b}`);
        break;
      }
      case 'alias': {
        const [a, b] = [VARS[step.a], defined(step.b)];
        const kind = b === undefined ? undefined : kinds.get(b);
        if (kind === undefined || a === b) break;
        lines.push(`${a} = ${b}`);
        kinds.set(a, kind);
        break;
      }
      case 'del': {
        const a = defined(step.a);
        if (a === undefined) break;
        lines.push(`del ${a}`);
        kinds.delete(a);
        break;
      }
      case 'unlink': {
        const a = defined(step.a);
        const kind = a === undefined ? undefined : kinds.get(a);
        if (a === undefined || kind === undefined || kind === 'tuple') break;
        if (kind === 'list') lines.push(`if ${a}:`, `    ${a}.pop(${step.slot === 0 ? '' : '0'})`);
        else if (kind === 'dict') lines.push(`${a}.pop('k${step.slot}', None)`);
        // try/except, not hasattr: memkit's hasattr raises on an unset __slots__ member (defect D8).
        else lines.push('try:', `    del ${a}.x${step.slot}`, 'except AttributeError:', '    pass');
        break;
      }
      case 'collect':
        lines.push("print('collect', gc.collect())");
        break;
      case 'refcount':
      case 'sizeof':
      case 'len': {
        const a = defined(step.a);
        const kind = a === undefined ? undefined : kinds.get(a);
        if (a === undefined || kind === undefined) break;
        if (step.k === 'refcount') lines.push(`print('refcount', sys.getrefcount(${a}))`);
        else if (step.k === 'sizeof') lines.push(`print('sizeof', sys.getsizeof(${a}))`);
        else if (kind === 'list' || kind === 'dict' || kind === 'tuple')
          lines.push(`print('len', len(${a}))`);
        break;
      }
      case 'weakref': {
        const [name, a] = [WEAKREFS[step.w], defined(step.a)];
        const kind = a === undefined ? undefined : kinds.get(a);
        if (kind !== 'Node' && kind !== 'Fin' && kind !== 'Slots') break;
        lines.push(`${name} = weakref.ref(${a}, lambda r: print('callback ${name}'))`);
        weakrefs.add(name);
        break;
      }
      case 'tuple': {
        const [name, a, b] = [VARS[step.v], defined(step.a), defined(step.b)];
        if (a === undefined || b === undefined) break;
        lines.push(`${name} = (${a}, ${b})`);
        kinds.set(name, 'tuple');
        break;
      }
      case 'grow': {
        const a = defined(step.a);
        const kind = a === undefined ? undefined : kinds.get(a);
        if (kind === 'list') lines.push(`${a}.extend(range(${step.n}))`);
        else if (kind === 'dict') lines.push(`${a}.update({i: str(i) for i in range(${step.n})})`);
        break;
      }
      case 'inspect': {
        const a = defined(step.a);
        if (a === undefined) break;
        if (step.what === 'referents') lines.push(`print('referents', len(gc.get_referents(${a})))`);
        else lines.push(`print('tracked', gc.is_tracked(${a}))`);
        break;
      }
      case 'checkWeakref': {
        const name = WEAKREFS[step.w];
        if (weakrefs.has(name)) lines.push(`print('${name} dead', ${name}() is None)`);
        break;
      }
    }
  }
  for (const name of VARS) if (kinds.has(name)) lines.push(`del ${name}`);
  lines.push("print('collect', gc.collect())");
  for (const name of WEAKREFS) if (weakrefs.has(name)) lines.push(`print('${name} dead', ${name}() is None)`);
  lines.push("print('left', sum(1 for o in gc.get_objects() if type(o) in (Node, Fin, Slots)))");
  return `${PRELUDE}${lines.join('\n')}\n`;
}

/** Random programs of up to `maxSteps` intents. */
export function pythonPrograms(maxSteps: number): fc.Arbitrary<string> {
  return fc
    .array(intents, { minLength: Math.min(10, maxSteps), maxLength: maxSteps, size: 'max' })
    .map(programFor);
}
