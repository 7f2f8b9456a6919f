/**
 * The seed articles' structures built directly on the runtime from TypeScript: a list and its
 * aliases, a dict of four US states, and nodes referring to each other. Prints CPython 3.11's
 * `sys.getsizeof` and `sys.getrefcount` numbers for each step.
 *
 * Run: pnpm demo   (or: pnpm tsx examples/embedding/seed-structures.ts)
 */
import { Runtime, withScope } from '@memkit/runtime';

/** `sys.getrefcount(obj)`: the count plus the reference its own argument holds. */
function getrefcount(obj: { refcnt: number }): number {
  return obj.refcnt + 1;
}

export function seedStructures(runtime: Runtime = new Runtime()): string[] {
  const out: string[] = [];
  withScope(runtime, (s) => {
    out.push('# A list and its aliases');
    const techHubs = s.list(['San Francisco', 'Austin', 'Seattle', 'New York City']);
    out.push(`Initial count: ${getrefcount(techHubs.object)}`);
    const westCoastHub = s.alias(techHubs);
    out.push(`Count after new reference: ${getrefcount(techHubs.object)}`);
    westCoastHub.release();
    out.push(`Count after deleting one reference: ${getrefcount(techHubs.object)}`);
    out.push(`Size of the list: ${runtime.sizeof(techHubs.object)} bytes`);

    out.push('', '# A dict of four US states');
    const statePopulations = s.dict([
      ['California', 39237836],
      ['Texas', 29527941],
      ['Florida', 21781128],
      ['New York', 19835913],
    ]);
    out.push(`The size of the dictionary is: ${runtime.sizeof(statePopulations.object)} bytes`);
    const populationRef = s.alias(statePopulations);
    out.push(
      `Are they the same object? ${populationRef.object === statePopulations.object ? 'True' : 'False'}`,
    );

    out.push('', '# Nodes referring to each other');
    const Node = s.cls('Node');
    const a = s.instance(Node);
    const b = s.instance(Node);
    s.setAttr(a, 'ref', b);
    s.setAttr(b, 'ref', a);
    out.push(`getrefcount(a) = ${getrefcount(a.object)}, getrefcount(b) = ${getrefcount(b.object)}`);
    out.push(`getsizeof(a) = ${runtime.sizeof(a.object)} bytes (attributes live in a values array)`);
    out.push(
      `getsizeof(a.__dict__) = ${runtime.sizeof(a.object.materializeDict(runtime))} bytes once materialized`,
    );
    out.push(`getsizeof(Node) = ${runtime.sizeof(Node.object)} bytes`);

    out.push('', '# Lists of a million items');
    const ones = s.list();
    ones.object.extendExact(
      runtime,
      Array.from({ length: 1_000_000 }, () => runtime.newInt(1)),
    );
    const viaRepeat = s.own(runtime.newList(Array.from({ length: 1_000_000 }, () => runtime.newInt(2))));
    out.push(`Size of [1] * 1000000: ${runtime.sizeof(viaRepeat.object)} bytes`);
    out.push(`Allocator: ${runtime.memory.requestedBytes.toLocaleString('en-US')} bytes requested,`);
    out.push(`           ${runtime.memory.residentBytes.toLocaleString('en-US')} bytes resident`);
  });
  out.push(
    `After the scope released everything: ${runtime.memory.requestedBytes.toLocaleString('en-US')} bytes requested`,
  );
  out.push('(a and b still hold each other: only the cycle collector can free them.)');
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const line of seedStructures()) console.log(line);
}
