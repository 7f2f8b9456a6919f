import { Runtime } from '@memkit/runtime';
import { describe, expect, it } from 'vitest';
import { MIB, memoryUsage } from '../src/index';
import { run } from './run-python';

/** A clock that advances one second each time it is read: sampling without timing. */
function tickingClock() {
  let now = 0;
  return () => now++;
}

describe('memoryUsage (TypeScript)', () => {
  it("samples a function as MemTimer does, riding on the runtime's events", () => {
    const rt = new Runtime();
    const kept: unknown[] = [];
    const usage = memoryUsage(
      rt,
      () => {
        for (let i = 0; i < 5; i++)
          kept.push(rt.newList(Array.from({ length: 1000 }, () => rt.share(rt.none))));
        return kept.length;
      },
      { interval: 4, maxIterations: 1, backend: 'tracemalloc', clock: tickingClock() },
    );
    // Reads: baseline 0, start 1, one per allocation (header, items) 2…11, the end 12. A sample
    // is kept at the first event 4 s after the previous one (5, 9), plus the end.
    expect(usage.samples.map((s) => s.time)).toEqual([0, 1, 5, 9, 12]);
    // CPython: sys.getsizeof([None] * 1000) == 8056 (56-byte list + 8000-byte item array).
    const base = usage.samples[0].mib;
    expect(usage.samples.map((s) => Math.round((s.mib - base) * MIB))).toEqual([
      0,
      0,
      2 * 8056,
      4 * 8056,
      5 * 8056,
    ]);
    expect({ returned: usage.returned, calls: usage.calls }).toEqual({ returned: 5, calls: 1 });
  });

  it('calls a short function again with a tenth of the interval, 7 times in all as measured', () => {
    const rt = new Runtime();
    let calls = 0;
    const usage = memoryUsage(rt, () => ++calls, { clock: tickingClock() });
    expect({ calls, reported: usage.calls, samples: usage.samples.length }).toEqual({
      calls: 7,
      reported: 7,
      samples: 3,
    });
  });

  it('takes round(timeout / interval) samples of the current process, interval apart', () => {
    const rt = new Runtime();
    const usage = memoryUsage(rt, -1, { interval: 0.05, timeout: 0.3, clock: () => 100 });
    expect(usage.samples.length).toBe(6);
    expect(usage.samples[5].time).toBeCloseTo(100.25, 10);
    expect(memoryUsage(rt, -1).samples.length).toBe(1);
  });

  it('lets an error from the function through and stops sampling', () => {
    const rt = new Runtime();
    expect(() =>
      memoryUsage(rt, () => {
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(rt.events.hasMemoryListeners || rt.events.hasExecutionListeners).toBe(false);
  });
});

describe('memory_usage (Python)', () => {
  it("returns memory_profiler's forms: list, max, timestamps, retval", () => {
    const { stdout, stderr } = run(`from memory_profiler import memory_usage

def trivial():
    pass

def f(a, n=1):
    return [a] * n

print(len(memory_usage()))
print(len(memory_usage(-1, interval=.05, timeout=.3)))
mem = memory_usage(trivial)
print(type(mem).__name__, type(mem[0]).__name__)
print(type(memory_usage((f, (1,)), max_usage=True)).__name__)
stamped = memory_usage((f, (2,), {"n": 3}), timestamps=True)
print(type(stamped[0]).__name__, len(stamped[0]))
mem, value = memory_usage((f, (4,), {"n": 2}), retval=True)
print(value)
print(memory_usage(-1, multiprocess=True)[0] == [memory_usage()[0]])
try:
    memory_usage((f, (), {}, 1))
except ValueError:
    print("ValueError")
`);
    expect(stderr).toBe('');
    // CPython with memory_profiler 0.61 (reference §2.4): one sample without a timeout, 6 for
    // 0.3 s at 0.05, a trivial function called 7 times, floats, (mem, time) pairs, retval.
    expect(stdout).toBe('1\n6\nlist float\nfloat\ntuple 2\n[4, 4]\nTrue\nValueError\n');
  });

  it('calls the function once with max_iterations=1, whatever it measured', () => {
    const { stdout, stderr } = run(`from memory_profiler import memory_usage

calls = [0]
def counted():
    calls[0] += 1

memory_usage(counted, max_iterations=1)
print(calls[0])
`);
    expect(stderr).toBe('');
    expect(stdout).toBe('1\n');
  });

  it('reports the memory a function allocates, in MiB', () => {
    const { stdout, stderr } = run(`from memory_profiler import memory_usage

def grow():
    return [0] * (2 * 10 ** 6)

mem = memory_usage(grow, interval=.01, backend="tracemalloc")
print(round(max(mem) - mem[0], 3))
`);
    expect(stderr).toBe('');
    // [0] * (2 * 10**6): 16000056 bytes (sys.getsizeof in CPython) = 15.259 MiB.
    expect(stdout).toBe('15.259\n');
  });
});
