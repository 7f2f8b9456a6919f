import {
  bitLength,
  type ModuleDefinition,
  type NativeFunctionSpec,
  PyFloat,
  PyInt,
  type PyObject,
  PythonError,
} from '@memkit/runtime';

function real(value: PyObject | undefined): number {
  if (value instanceof PyFloat) return value.value;
  if (value instanceof PyInt) return Number(value.value);
  throw new PythonError('TypeError', `must be real number, not ${value?.type.name ?? 'nothing'}`);
}

/** An int argument of the integer functions (`factorial`, `gcd`, `comb`, …). */
function integer(value: PyObject | undefined): bigint {
  if (value instanceof PyInt) return BigInt(value.value);
  throw new PythonError(
    'TypeError',
    `'${value?.type.name ?? 'NoneType'}' object cannot be interpreted as an integer`,
  );
}

function abs(x: bigint): bigint {
  return x < 0n ? -x : x;
}

function gcd(a: bigint, b: bigint): bigint {
  let [x, y] = [abs(a), abs(b)];
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}

/**
 * The integer square root by Newton's method on bigints (exact for any size). The seed
 * 2**ceil(bits/2) is at least the root, so the iterates fall monotonically to it in O(log bits)
 * steps. A seed from `Math.sqrt(Number(n))` once made `isqrt(10**400)` throw (Infinity is no
 * BigInt) and `isqrt(3**200)` step by +1 for minutes from a rounded-down double.
 */
function isqrt(n: bigint): bigint {
  if (n < 2n) return n;
  let x = 1n << BigInt((bitLength(n) + 1) >> 1);
  for (;;) {
    const next = (x + n / x) >> 1n;
    if (next >= x) return x;
    x = next;
  }
}

/** `math`: the common functions and constants, computed in double precision as CPython's are. */
export function mathModule(): ModuleDefinition {
  const unary = (f: (x: number) => number, domain?: (x: number) => boolean): NativeFunctionSpec => ({
    fn: (rt, args) => {
      const x = real(args[0]);
      if (domain !== undefined && !domain(x)) throw new PythonError('ValueError', 'math domain error');
      return rt.newFloat(f(x));
    },
  });
  const integral = (f: (x: number) => number): NativeFunctionSpec => ({
    fn: (rt, args) => {
      const x = args[0];
      if (x instanceof PyInt) return rt.newInt(x.value);
      return rt.newInt(f(real(x)));
    },
  });
  return {
    name: 'math',
    functions: {
      sqrt: unary(Math.sqrt, (x) => x >= 0),
      exp: unary(Math.exp),
      log: {
        fn: (rt, args) => {
          const x = real(args[0]);
          if (x <= 0) throw new PythonError('ValueError', 'math domain error');
          return rt.newFloat(args.length > 1 ? Math.log(x) / Math.log(real(args[1])) : Math.log(x));
        },
      },
      log2: unary(Math.log2, (x) => x > 0),
      log10: unary(Math.log10, (x) => x > 0),
      sin: unary(Math.sin),
      cos: unary(Math.cos),
      tan: unary(Math.tan),
      atan: unary(Math.atan),
      fabs: unary(Math.abs),
      floor: integral(Math.floor),
      ceil: integral(Math.ceil),
      trunc: integral(Math.trunc),
      pow: { fn: (rt, args) => rt.newFloat(real(args[0]) ** real(args[1])) },
      isclose: {
        fn: (rt, args, kwargs) => {
          const [a, b] = [real(args[0]), real(args[1])];
          const relTol = kwargs?.has('rel_tol') ? real(kwargs.get('rel_tol')) : 1e-9;
          const absTol = kwargs?.has('abs_tol') ? real(kwargs.get('abs_tol')) : 0;
          if (relTol < 0 || absTol < 0)
            throw new PythonError('ValueError', 'tolerances must be non-negative');
          if (a === b) return rt.newBool(true);
          if (!Number.isFinite(a) || !Number.isFinite(b)) return rt.newBool(false);
          const diff = Math.abs(b - a);
          return rt.newBool(diff <= Math.abs(relTol * b) || diff <= Math.abs(relTol * a) || diff <= absTol);
        },
      },
      asin: unary(Math.asin, (x) => x >= -1 && x <= 1),
      acos: unary(Math.acos, (x) => x >= -1 && x <= 1),
      atan2: { fn: (rt, args) => rt.newFloat(Math.atan2(real(args[0]), real(args[1]))) },
      hypot: { fn: (rt, args) => rt.newFloat(Math.hypot(...args.map(real))) },
      degrees: unary((x) => x * (180 / Math.PI)),
      radians: unary((x) => x * (Math.PI / 180)),
      copysign: {
        fn: (rt, args) => {
          const [x, y] = [Math.abs(real(args[0])), real(args[1])];
          return rt.newFloat(y < 0 || Object.is(y, -0) ? -x : x);
        },
      },
      isfinite: { fn: (rt, args) => rt.newBool(Number.isFinite(real(args[0]))) },
      isinf: { fn: (rt, args) => rt.newBool(Math.abs(real(args[0])) === Number.POSITIVE_INFINITY) },
      isnan: { fn: (rt, args) => rt.newBool(Number.isNaN(real(args[0]))) },
      factorial: {
        fn: (rt, args) => {
          const n = integer(args[0]);
          if (n < 0n) throw new PythonError('ValueError', 'factorial() not defined for negative values');
          let result = 1n;
          for (let i = 2n; i <= n; i++) result *= i;
          return rt.newInt(result);
        },
      },
      gcd: { fn: (rt, args) => rt.newInt(args.map((a) => integer(a)).reduce(gcd, 0n)) },
      lcm: {
        fn: (rt, args) =>
          rt.newInt(
            args
              .map((a) => integer(a))
              .reduce((acc, x) => (acc === 0n || x === 0n ? 0n : abs((acc / gcd(acc, x)) * x)), 1n),
          ),
      },
      isqrt: {
        fn: (rt, args) => {
          const n = integer(args[0]);
          if (n < 0n) throw new PythonError('ValueError', 'isqrt() argument must be nonnegative');
          return rt.newInt(isqrt(n));
        },
      },
      comb: {
        fn: (rt, args) => {
          const [n, k] = [integer(args[0]), integer(args[1])];
          if (n < 0n) throw new PythonError('ValueError', 'n must be a non-negative integer');
          if (k < 0n) throw new PythonError('ValueError', 'k must be a non-negative integer');
          if (k > n) return rt.newInt(0n);
          let result = 1n;
          let m = k;
          if (n - k < m) m = n - k;
          for (let i = 1n; i <= m; i++) result = (result * (n - m + i)) / i;
          return rt.newInt(result);
        },
      },
      perm: {
        fn: (rt, args) => {
          const n = integer(args[0]);
          const k = args[1] === undefined || args[1] === rt.none ? n : integer(args[1]);
          if (n < 0n) throw new PythonError('ValueError', 'n must be a non-negative integer');
          if (k < 0n) throw new PythonError('ValueError', 'k must be a non-negative integer');
          if (k > n) return rt.newInt(0n);
          let result = 1n;
          for (let i = n - k + 1n; i <= n; i++) result *= i;
          return rt.newInt(result);
        },
      },
    },
    attributes: (rt) => ({
      pi: rt.newFloat(Math.PI),
      e: rt.newFloat(Math.E),
      tau: rt.newFloat(2 * Math.PI),
      inf: rt.newFloat(Number.POSITIVE_INFINITY),
      nan: rt.newFloat(Number.NaN),
    }),
  };
}
