import { type ModuleDefinition, PyBaseException, PyInt, type PyObject, PythonError } from '@memkit/runtime';
import { truthy } from '../eval/operators';
import { writeToFile } from '../eval/text-stream';
import { exceptionChunks, formatExceptionOnly, type TracebackOptions } from '../eval/tracebacks';
import type { Vm } from '../eval/vm';

/**
 * `traceback`: printing and formatting exceptions as the module does — the same text as an
 * uncaught exception's, drawn with traceback.py's position-marker rules rather than
 * traceback.c's (they differ in corners: trailing whitespace, `(a+b)*c`, non-ASCII operands).
 * `limit` (the oldest n entries, or the newest -n) and `chain` as traceback.py's.
 */
export function tracebackModule(vm: Vm): ModuleDefinition {
  const rt = vm.runtime;
  /** The exception of `format_exception(exc)`, or of the old `(type, value, tb)` form. */
  const exceptionArgument = (args: readonly PyObject[], name: string): PyBaseException | null => {
    const value = args.length >= 2 && args[1] !== rt.none ? args[1] : args[0];
    if (value === undefined) throw new PythonError('TypeError', `${name}() missing required argument 'exc'`);
    if (value === rt.none) return null;
    if (!(value instanceof PyBaseException))
      throw new PythonError('TypeError', `${name}() argument must be an exception, not ${value.type.name}`);
    return value;
  };
  /** Argument `index` / keyword `name`, or undefined. */
  const param = (
    args: readonly PyObject[],
    kwargs: ReadonlyMap<string, PyObject> | null,
    index: number,
    name: string,
  ): PyObject | undefined => args[index] ?? kwargs?.get(name);
  /** `limit` and `chain` as traceback.py reads them (`limit >= 0` on a non-int is its TypeError). */
  const options = (limit: PyObject | undefined, chain: PyObject | undefined): TracebackOptions => {
    let limitValue: number | null = null;
    if (limit !== undefined && limit !== rt.none) {
      if (!(limit instanceof PyInt))
        throw new PythonError(
          'TypeError',
          `'>=' not supported between instances of '${limit.type.name}' and 'int'`,
        );
      limitValue = Number(limit.value);
    }
    return { limit: limitValue, chain: chain === undefined || truthy(vm, chain) };
  };
  const chunks = (exception: PyBaseException | null, opts: TracebackOptions = {}): string[] =>
    exception === null ? ['NoneType: None\n'] : exceptionChunks(vm, exception, new Set(), 'python', opts);
  const handled = (): PyBaseException | null => vm.handling[vm.handling.length - 1] ?? null;
  const write = (text: string, file: PyObject | undefined) => {
    if (file === undefined || file === rt.none) vm.io.stderr(text);
    else writeToFile(vm, file, text);
  };
  const list = (items: string[]) => rt.newList(items.map((item) => rt.newStr(item)));
  return {
    name: 'traceback',
    functions: {
      // format_exc(limit=None, chain=True)
      format_exc: {
        fn: (_rt, args, kwargs) =>
          rt.newStr(
            chunks(handled(), options(param(args, kwargs, 0, 'limit'), param(args, kwargs, 1, 'chain'))).join(
              '',
            ),
          ),
      },
      // print_exc(limit=None, file=None, chain=True)
      print_exc: {
        fn: (_rt, args, kwargs) => {
          const opts = options(param(args, kwargs, 0, 'limit'), param(args, kwargs, 2, 'chain'));
          write(chunks(handled(), opts).join(''), param(args, kwargs, 1, 'file'));
          return rt.share(rt.none);
        },
      },
      // format_exception(exc, /, value, tb, limit=None, chain=True)
      format_exception: {
        fn: (_rt, args, kwargs) => {
          const opts = options(param(args, kwargs, 3, 'limit'), param(args, kwargs, 4, 'chain'));
          return list(chunks(exceptionArgument(args, 'format_exception'), opts));
        },
      },
      // print_exception(exc, /, value, tb, limit=None, file=None, chain=True)
      print_exception: {
        fn: (_rt, args, kwargs) => {
          const opts = options(param(args, kwargs, 3, 'limit'), param(args, kwargs, 5, 'chain'));
          write(
            chunks(exceptionArgument(args, 'print_exception'), opts).join(''),
            param(args, kwargs, 4, 'file'),
          );
          return rt.share(rt.none);
        },
      },
      format_exception_only: {
        fn: (_rt, args) => {
          const exception = exceptionArgument(args, 'format_exception_only');
          return list([exception === null ? 'NoneType: None\n' : formatExceptionOnly(vm, exception)]);
        },
      },
    },
  };
}
