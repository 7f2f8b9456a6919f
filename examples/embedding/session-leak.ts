/**
 * memkit embedded in a TypeScript program — no Python, no interpreter — and the three tools'
 * TypeScript APIs on it: a request handler keeps every session in a module's cache, and
 * tracemalloc (`Tracer`, two snapshots, `compareTo`), memory_profiler (`profile()`) and objgraph
 * (`growth`, `findBackrefChain`) find it. Allocation sites are this file's own lines.
 *
 * Run: pnpm tsx --conditions=source examples/embedding/session-leak.ts
 */
import { fileURLToPath } from 'node:url';
import { profile } from '@memkit/line-profiler';
import { NodeSourceFiles } from '@memkit/line-profiler/node';
import { Objgraph } from '@memkit/objgraph';
import { type PyDict, type PyModule, type PyType, Runtime, withScope } from '@memkit/runtime';
import { Filter, Tracer } from '@memkit/tracemalloc';

/** The service: a module `app` with a `Session` class and a `_sessions` dict nobody prunes. */
function makeService(rt: Runtime): { app: PyModule; Session: PyType; sessions: PyDict } {
  const app = rt.newModule(rt.newStr('app'));
  const Session = rt.newClass('Session');
  const sessions = rt.newDict();
  (app.dict as PyDict).set(rt, rt.newStr('Session'), Session);
  (app.dict as PyDict).set(rt, rt.newStr('_sessions'), sessions);
  return { app, Session, sessions };
}

/** One request: a session with a user name and a 50-slot scratch list, cached "for later". */
function handle(rt: Runtime, service: { Session: PyType; sessions: PyDict }, user: number): void {
  withScope(rt, (s) => {
    const session = s.instance(s.own(rt.share(service.Session)));
    s.setAttr(session, 'user', `user-${user}`);
    s.setAttr(session, 'scratch', s.list(new Array(50).fill(0)));
    service.sessions.set(rt, rt.newInt(user), rt.share(session.object)); // the leak
  });
}

/** Runs the hunt and returns what it prints, line by line. */
export function sessionLeak(): string[] {
  const out: string[] = [];
  const rt = new Runtime();
  const service = makeService(rt);
  const tracer = new Tracer(rt.events);
  const objgraph = Objgraph.forRuntime(rt);
  const thisFile = fileURLToPath(import.meta.url);

  tracer.start(1);
  objgraph.growth(); // the baseline
  const before = tracer.takeSnapshot();

  const serve = profile(
    (count: number) => {
      for (let user = 0; user < count; user++) {
        handle(rt, service, user);
      }
    },
    {
      runtime: rt,
      stream: { write: (text) => out.push(...text.trimEnd().split('\n')) },
      sources: new NodeSourceFiles(),
    },
  );
  out.push('== memory_profiler: profile() of serve ==');
  serve(2000);

  const after = tracer.takeSnapshot();
  const onlyHere = [new Filter(true, thisFile)];
  out.push('', '== tracemalloc: top 4 lines by growth ==');
  for (const diff of after
    .filterTraces(onlyHere)
    .compareTo(before.filterTraces(onlyHere), 'lineno')
    .slice(0, 4)) {
    out.push(String(diff).replace(thisFile, 'session-leak.ts'));
  }

  out.push('', '== objgraph: showGrowth ==');
  out.push(...objgraph.showGrowth({ limit: 3 }));

  out.push('', '== objgraph: what keeps a Session alive ==');
  const [leaked] = objgraph.byType('Session');
  const chain = objgraph.findBackrefChain(leaked, (obj) => obj === service.app);
  out.push(`kept alive by: ${chain.map((obj) => obj.type.name).join(' -> ')}`);
  tracer.stop();
  return out;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) console.log(sessionLeak().join('\n'));
