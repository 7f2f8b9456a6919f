import { type ModuleDefinition, PyBaseException, type PyObject, PythonError } from '@memkit/runtime';
import { exceptionChunks, formatExceptionOnly } from '../eval/tracebacks';
import type { Vm } from '../eval/vm';

/**
 * `traceback`: printing and formatting exceptions as the module does — the same text as an
 * uncaught exception's, drawn with traceback.py's position-marker rules rather than
 * traceback.c's (they differ in corners: trailing whitespace, `(a+b)*c`, non-ASCII operands).
 * `limit` and `chain` are not supported.
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
  const chunks = (exception: PyBaseException | null): string[] =>
    exception === null ? ['NoneType: None\n'] : exceptionChunks(vm, exception, new Set(), 'python');
  const handled = (): PyBaseException | null => vm.handling[vm.handling.length - 1] ?? null;
  const write = (text: string, file: PyObject | undefined) => {
    if (file === undefined || file === rt.none || vm.isStderr(file)) vm.io.stderr(text);
    else vm.io.stdout(text);
  };
  const list = (items: string[]) => rt.newList(items.map((item) => rt.newStr(item)));
  return {
    name: 'traceback',
    functions: {
      format_exc: { fn: () => rt.newStr(chunks(handled()).join('')) },
      print_exc: {
        fn: (_rt, _args, kwargs) => {
          write(chunks(handled()).join(''), kwargs?.get('file'));
          return rt.share(rt.none);
        },
      },
      format_exception: { fn: (_rt, args) => list(chunks(exceptionArgument(args, 'format_exception'))) },
      print_exception: {
        fn: (_rt, args, kwargs) => {
          write(chunks(exceptionArgument(args, 'print_exception')).join(''), kwargs?.get('file'));
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
