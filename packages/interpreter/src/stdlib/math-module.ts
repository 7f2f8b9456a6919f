import {
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
        fn: (rt, args) => {
          const [a, b] = [real(args[0]), real(args[1])];
          return rt.newBool(Math.abs(a - b) <= Math.max(1e-9 * Math.max(Math.abs(a), Math.abs(b)), 0));
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
