export { createProgram } from './program';
export { RendererThread, RendererThreadError } from './renderer-thread';
export type { ScriptIO, ScriptOptions, ScriptTools } from './run-script';
export { lazyScriptTools, loadScriptTools, runScript } from './run-script';
