import {
  type ModuleDefinition,
  PyFloat,
  PyInt,
  PyList,
  type PyObject,
  PyRange,
  PyStr,
  PyTuple,
  PythonError,
  type Runtime,
} from '@memkit/runtime';
import { MersenneTwister } from './mersenne-twister';

function int(value: PyObject | undefined, what: string): bigint {
  if (value instanceof PyInt) return BigInt(value.value);
  throw new PythonError('TypeError', `${what} must be an integer, not ${value?.type.name ?? 'nothing'}`);
}

function real(value: PyObject): number {
  if (value instanceof PyFloat) return value.value;
  if (value instanceof PyInt) return Number(value.value);
  throw new PythonError('TypeError', `must be real number, not ${value.type.name}`);
}

/** A sequence's length and item access (new references): lists, tuples, ranges, strs. */
interface Sequence {
  length: number;
  item(rt: Runtime, i: number): PyObject;
}

function sequence(seq: PyObject): Sequence {
  if (seq instanceof PyList || seq instanceof PyTuple) {
    return { length: seq.items.length, item: (rt, i) => rt.share(seq.items[i]) };
  }
  if (seq instanceof PyRange) {
    const start = BigInt((seq.start as PyInt).value);
    const step = BigInt((seq.step as PyInt).value);
    const length = Number((seq.length as PyInt).value);
    return { length, item: (rt, i) => rt.newInt(toInt(start + step * BigInt(i))) };
  }
  if (seq instanceof PyStr) {
    const chars = Array.from(seq.value);
    return { length: chars.length, item: (rt, i) => rt.newStr(chars[i]) };
  }
  throw new PythonError('TypeError', `'${seq.type.name}' object is not a sequence`);
}

function toInt(value: bigint): number | bigint {
  return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER)
    ? Number(value)
    : value;
}

/**
 * `random`: CPython's Mersenne Twister with its seeding and derivations, so seeded scripts draw
 * the same numbers as under python3 (seed, random, randint, randrange, choice, shuffle, sample,
 * uniform, getrandbits).
 */
export function randomModule(): ModuleDefinition {
  const mt = new MersenneTwister();
  mt.seed(BigInt(Date.now()));
  const randrange = (start: bigint, stop: bigint | null, step: bigint): bigint => {
    if (stop === null) {
      if (start <= 0n) throw new PythonError('ValueError', 'empty range for randrange()');
      return mt.below(start);
    }
    const width = stop - start;
    if (step === 1n) {
      if (width <= 0n)
        throw new PythonError('ValueError', `empty range for randrange() (${start}, ${stop}, ${width})`);
      return start + mt.below(width);
    }
    const n = step > 0n ? (width + step - 1n) / step : (width + step + 1n) / step;
    if (n <= 0n) throw new PythonError('ValueError', 'empty range for randrange()');
    return start + step * mt.below(n);
  };

  return {
    name: 'random',
    functions: {
      seed: {
        fn: (rt, args) => {
          const a = args[0];
          if (a === undefined || a === rt.none) mt.seed(BigInt(Date.now()));
          else if (a instanceof PyInt) mt.seed(BigInt(a.value));
          else if (a instanceof PyStr) {
            // Version 2 seeding of str: the UTF-8 bytes and their SHA-512 are not modelled.
            throw new PythonError('NotImplementedError', 'memkit seeds random from ints only');
          } else throw new PythonError('TypeError', 'The only supported seed types are: None, int');
          return rt.share(rt.none);
        },
      },
      random: { fn: (rt) => rt.newFloat(mt.random()) },
      uniform: {
        fn: (rt, args) => rt.newFloat(real(args[0]) + (real(args[1]) - real(args[0])) * mt.random()),
      },
      getrandbits: { fn: (rt, args) => rt.newInt(toInt(mt.getrandbits(Number(int(args[0], 'k'))))) },
      randint: {
        fn: (rt, args) => rt.newInt(toInt(randrange(int(args[0], 'a'), int(args[1], 'b') + 1n, 1n))),
      },
      randrange: {
        fn: (rt, args) =>
          rt.newInt(
            toInt(
              randrange(
                int(args[0], 'start'),
                args[1] === undefined ? null : int(args[1], 'stop'),
                args[2] === undefined ? 1n : int(args[2], 'step'),
              ),
            ),
          ),
      },
      choice: {
        fn: (rt, args) => {
          const seq = sequence(args[0]);
          if (seq.length === 0) throw new PythonError('IndexError', 'Cannot choose from an empty sequence');
          return seq.item(rt, Number(mt.below(BigInt(seq.length))));
        },
      },
      shuffle: {
        fn: (rt, args) => {
          if (!(args[0] instanceof PyList)) throw new PythonError('TypeError', 'shuffle() needs a list');
          const seq = args[0].items;
          for (let i = seq.length - 1; i > 0; i--) {
            const j = Number(mt.below(BigInt(i + 1)));
            [seq[i], seq[j]] = [seq[j], seq[i]];
          }
          return rt.share(rt.none);
        },
      },
      sample: {
        fn: (rt, args) => {
          const population = sequence(args[0]);
          const n = population.length;
          const k = Number(int(args[1], 'k'));
          if (k < 0 || k > n)
            throw new PythonError('ValueError', 'Sample larger than population or is negative');
          const result: PyObject[] = [];
          let setsize = 21;
          if (k > 5) setsize += 4 ** Math.ceil(Math.log(k * 3) / Math.log(4));
          if (n <= setsize) {
            const pool = Array.from({ length: n }, (_, i) => i);
            for (let i = 0; i < k; i++) {
              const j = Number(mt.below(BigInt(n - i)));
              result.push(population.item(rt, pool[j]));
              pool[j] = pool[n - i - 1];
            }
          } else {
            const selected = new Set<number>();
            for (let i = 0; i < k; i++) {
              let j = Number(mt.below(BigInt(n)));
              while (selected.has(j)) j = Number(mt.below(BigInt(n)));
              selected.add(j);
              result.push(population.item(rt, j));
            }
          }
          return rt.newList(result);
        },
      },
    },
  };
}
