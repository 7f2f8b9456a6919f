import { type PyDict, PyStr, PythonError } from '@memkit/runtime';
import { parse } from '../parser/parser';
import { PySyntaxError } from '../parser/syntax-error';
import { runFrame } from './calls';
import { ConstantPool } from './code-builder';
import { Compiler } from './compiler';
import { Frame } from './frame';
import { buildScopes } from './symtable';
import type { Vm } from './vm';

/**
 * `exec(source, globals)`: compiles and runs module-level code in `globals` (borrowed). Its
 * constants live only in the code object: unlike the main script's, no parse arena outlives
 * the compilation.
 */
export function execSource(vm: Vm, source: string, filename: string, globals: PyDict, arena: boolean): void {
  const rt = vm.runtime;
  let module: ReturnType<typeof parse>;
  try {
    module = parse(source, filename);
  } catch (error) {
    if (error instanceof PySyntaxError) throw new PythonError('SyntaxError', error.msg);
    throw error;
  }
  if (globals.getByName('__builtins__') === null) {
    globals.set(rt, rt.intern('__builtins__'), rt.share(vm.builtinsModule));
  }
  const pool = new ConstantPool(vm, arena ? vm.arena : null);
  const code = new Compiler(vm, filename, pool).compileModule(module, buildScopes(module));
  pool.release();
  const fn = rt.newFunction(code.code, rt.share(globals), rt.share(vm.builtins), {
    docFromConsts: false,
  });
  rt.decref(runFrame(vm, new Frame(vm, fn, rt.share(globals), code, vm.frame)));
}

/** The text of `exec`'s first argument. */
export function sourceText(value: unknown): string {
  if (value instanceof PyStr) return value.value;
  throw new PythonError('TypeError', 'exec() arg 1 must be a string, bytes or code object');
}
