/**
 * Random small Python programs (python-programs.ts) run through the interpreter; after each run
 * the heap must be consistent:
 *   - the program ran to the end (exit 0, nothing on stderr) and left none of its instances
 *     after deleting every name and collecting (`left 0`), every weakref dead;
 *   - nothing reachable from the collector's tracked objects is freed, and no object's refcount
 *     is below the references the heap's objects hold to it;
 *   - the allocator's requested bytes and block count equal a ledger of live blocks;
 *   - tracemalloc (a Tracer started before the run) holds exactly the live traced blocks.
 * The programs' stdout (refcounts, sizes, gc.collect() results, __del__ and callback order) was
 * compared with python3's by hand: `pnpm tsx test/reliability/compare-programs-with-python.ts`.
 */
import { Interpreter } from '@memkit/interpreter';
import { PymallocAllocator, type PyObject, Runtime, RuntimeHeapView } from '@memkit/runtime';
import { Tracer } from '@memkit/tracemalloc';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BlockLedger } from './block-ledger';
import { MAX_STEPS, pythonPrograms, RUNS, SEED } from './python-programs';

/** Every object reachable from the tracked heap, with the references it receives from that set. */
function incomingReferences(rt: Runtime): Map<PyObject, number> {
  const incoming = new Map<PyObject, number>();
  const seen = new Set<PyObject>();
  const stack = [...new RuntimeHeapView(rt).objects()];
  while (stack.length > 0) {
    const obj = stack.pop() as PyObject;
    if (seen.has(obj)) continue;
    seen.add(obj);
    if (!incoming.has(obj)) incoming.set(obj, 0);
    obj.traverse((referent) => {
      incoming.set(referent, (incoming.get(referent) ?? 0) + 1);
      stack.push(referent);
    });
  }
  return incoming;
}

describe('random Python programs', () => {
  it(`run to the end and leave a consistent heap (${RUNS} programs)`, { timeout: 60_000 }, () => {
    fc.assert(
      fc.property(pythonPrograms(MAX_STEPS), (source) => {
        const ledger = new BlockLedger(new PymallocAllocator());
        let stdout = '';
        let stderr = '';
        const runtime = new Runtime({ allocator: ledger, stderr: (text) => (stderr += text) });
        const interpreter = new Interpreter({
          runtime,
          stdout: (text) => (stdout += text),
          stderr: (text) => (stderr += text),
        });
        // As in CPython, weakref is loaded before the program starts: the program's import is a
        // lookup, and every block allocated while tracing is one the tracer must hold.
        runtime.decref(interpreter.importModule('weakref'));
        const tracer = new Tracer(runtime.events);
        tracer.start(1);
        ledger.startTracing();

        const { exitCode } = interpreter.run(source, 'program.py');

        expect({ exitCode, stderr }).toEqual({ exitCode: 0, stderr: '' });
        const lines = stdout.trimEnd().split('\n');
        expect(lines.at(-1)).toBe('left 0');
        // After the final collection every weakref is dead.
        const finalCollect = lines.map((line) => line.startsWith('collect ')).lastIndexOf(true);
        for (const line of lines.slice(finalCollect))
          if (/^w\d dead/.test(line)) expect(line).toMatch(/ True$/);

        for (const [obj, count] of incomingReferences(runtime)) {
          expect(obj.isFreed, `a reachable ${obj.type.name} was freed`).toBe(false);
          expect(obj.refcnt, `refcount of a ${obj.type.name}`).toBeGreaterThanOrEqual(count);
        }
        expect(runtime.memory.requestedBytes).toBe(ledger.liveBytes());
        expect(runtime.memory.allocator.blockCount).toBe(ledger.blocks.size);
        expect(tracer.getTracedMemory()[0]).toBe(ledger.tracedBytes());
        tracer.stop();
      }),
      { numRuns: RUNS, seed: SEED },
    );
  });
});
