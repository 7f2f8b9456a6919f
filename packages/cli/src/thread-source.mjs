// Entry of every worker thread when memkit runs from its TypeScript sources (tsx): load
// TypeScript, then the thread's module, named by the thread's last argument (see thread-entry.ts).
import { register } from 'tsx/esm/api';

register();
await import(`./${process.argv.at(-1)}.ts`);
