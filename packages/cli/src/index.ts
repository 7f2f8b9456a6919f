export { createProgram } from './program';
export type { ScriptIO, ScriptTools } from './run-script';
export { loadScriptTools, runScript } from './run-script';
