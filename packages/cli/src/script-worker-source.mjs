// Worker entry when memkit runs from its TypeScript sources (tsx): load TypeScript, then the worker.
import { register } from 'tsx/esm/api';

register();
await import('./script-worker.ts');
