import { type ModuleDefinition, PyFloat, PyInt, type PyObject, type Runtime } from '@memkit/runtime';

function seconds(value: PyObject | undefined): number {
  if (value instanceof PyFloat) return value.value;
  if (value instanceof PyInt) return Number(value.value);
  return 0;
}

/** `time`: clocks (`time`, `perf_counter`, `monotonic`, `process_time`, their `_ns` forms) and `sleep`. */
export function timeModule(): ModuleDefinition {
  const now = (rt: Runtime) => rt.newFloat(Date.now() / 1000);
  const perf = (rt: Runtime) => rt.newFloat(performance.now() / 1000);
  const perfNs = (rt: Runtime) => rt.newInt(BigInt(Math.round(performance.now() * 1e6)));
  return {
    name: 'time',
    functions: {
      time: { fn: now },
      time_ns: { fn: (rt) => rt.newInt(BigInt(Date.now()) * 1_000_000n) },
      perf_counter: { fn: perf },
      perf_counter_ns: { fn: perfNs },
      monotonic: { fn: perf },
      monotonic_ns: { fn: perfNs },
      process_time: { fn: perf },
      sleep: {
        fn: (rt, args) => {
          // A busy wait: scripts run synchronously, and short sleeps are what tutorials use.
          const until = performance.now() + seconds(args[0]) * 1000;
          while (performance.now() < until);
          return rt.share(rt.none);
        },
      },
    },
  };
}
