export { createProgram } from './program';
export type { ScriptIO } from './run-script';
export { runScript } from './run-script';
