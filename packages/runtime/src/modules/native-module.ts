import { PythonError } from '../errors';
import type { FreeListCounts } from '../free-lists';
import type { PyObject } from '../object';
import { PyInt } from '../objects/int';
import type { Runtime } from '../runtime';

/**
 * A function of a module implemented in TypeScript (a `PyMethodDef`). Arguments are borrowed;
 * the result is a new reference. Python errors are thrown as `PythonError`.
 */
export type NativeFunction = (
  runtime: Runtime,
  args: readonly PyObject[],
  kwargs: ReadonlyMap<string, PyObject> | null,
) => PyObject;

/** How a native function takes its arguments, which decides what a call allocates. */
export interface NativeFunctionSpec {
  fn: NativeFunction;
  /**
   * `METH_VARARGS`: CPython packs the positional arguments in a tuple for the call, so the
   * caller must allocate one (and pass its item array as `args`). Other conventions
   * (`METH_NOARGS`, `METH_O`, `METH_FASTCALL`) allocate nothing.
   */
  varargs?: boolean;
  doc?: string;
}

/** A builtin module defined in TypeScript (`sys`, `gc`, and the tools' modules). */
export interface ModuleDefinition {
  name: string;
  doc?: string;
  functions: Readonly<Record<string, NativeFunctionSpec>>;
  /** The module's other attributes (new references), made when it is first imported. */
  attributes?: (runtime: Runtime) => Record<string, PyObject>;
  /**
   * Python source the importer runs in the module's namespace after the functions and
   * attributes are added, so a tool can define Python classes over its natives (as CPython's
   * `Lib/tracemalloc.py` sits on `_tracemalloc`). Needs an importer that runs Python code.
   */
  source?: string;
  /**
   * How CPython's own import of the module changes the free lists (python3 3.11.7:
   * `sys._debugmallocstats()` before and after `import name` on a script's first line). memkit
   * builds the module with other code, so the importer leaves the free lists as they were plus
   * this change; without it, as they were.
   */
  importFreeListChange?: Partial<FreeListCounts>;
}

/** `METH_NOARGS`: `gc.enable() takes no arguments (1 given)`. */
export function expectNoArgs(
  qualifiedName: string,
  args: readonly PyObject[],
  kwargs: ReadonlyMap<string, PyObject> | null,
): void {
  if (kwargs !== null && kwargs.size > 0) {
    throw new PythonError('TypeError', `${qualifiedName}() takes no keyword arguments`);
  }
  if (args.length > 0) {
    throw new PythonError('TypeError', `${qualifiedName}() takes no arguments (${args.length} given)`);
  }
}

/** `METH_O`: `gc.is_tracked() takes exactly one argument (0 given)`. */
export function expectOneArg(
  qualifiedName: string,
  args: readonly PyObject[],
  kwargs: ReadonlyMap<string, PyObject> | null,
): PyObject {
  if (kwargs !== null && kwargs.size > 0) {
    throw new PythonError('TypeError', `${qualifiedName}() takes no keyword arguments`);
  }
  if (args.length !== 1) {
    throw new PythonError(
      'TypeError',
      `${qualifiedName}() takes exactly one argument (${args.length} given)`,
    );
  }
  return args[0];
}

/**
 * Argument Clinic's optional positional-or-keyword parameters: returns one value (or null)
 * per name, with CPython's messages for too many arguments and unknown keywords.
 */
export function parseOptionalArgs(
  functionName: string,
  names: readonly string[],
  args: readonly PyObject[],
  kwargs: ReadonlyMap<string, PyObject> | null,
): (PyObject | null)[] {
  const total = args.length + (kwargs?.size ?? 0);
  if (total > names.length) {
    const plural = names.length === 1 ? 'argument' : 'arguments';
    throw new PythonError(
      'TypeError',
      `${functionName}() takes at most ${names.length} ${plural} (${total} given)`,
    );
  }
  const values: (PyObject | null)[] = names.map((_, i) => args[i] ?? null);
  for (const [key, value] of kwargs ?? []) {
    const index = names.indexOf(key);
    if (index < 0)
      throw new PythonError('TypeError', `'${key}' is an invalid keyword argument for ${functionName}()`);
    if (index < args.length) {
      throw new PythonError(
        'TypeError',
        `argument for ${functionName}() given by name ('${key}') and position (${index + 1})`,
      );
    }
    values[index] = value;
  }
  return values;
}

const INT_MAX = 2 ** 31 - 1;
const INT_MIN = -(2 ** 31);

/** `PyLong_AsInt` through `__index__`: a C int from an int (or bool) object. */
export function asCInt(obj: PyObject): number {
  if (!(obj instanceof PyInt)) {
    throw new PythonError('TypeError', `'${obj.type.name}' object cannot be interpreted as an integer`);
  }
  const value = obj.value;
  if (typeof value === 'bigint' || value > INT_MAX || value < INT_MIN) {
    throw new PythonError('OverflowError', 'Python int too large to convert to C int');
  }
  return value;
}
