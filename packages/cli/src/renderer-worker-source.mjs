// Renderer thread entry when memkit runs from its TypeScript sources (tsx): load TypeScript, then the thread.
import { register } from 'tsx/esm/api';

register();
await import('./renderer-worker.ts');
