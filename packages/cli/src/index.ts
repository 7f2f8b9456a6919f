export { createProgram } from './program';
export type { ScriptIO, ScriptOptions, ScriptTools } from './run-script';
export { loadScriptTools, runScript } from './run-script';
