import { PyList, type PyObject, type PySet, PythonError } from '@memkit/runtime';
import type * as ast from '../parser/ast';
import type { Expr } from './compiled-code';
import { nativeMethod } from './methods';
import { addToSet, updateSet } from './set-construction';
import type { Vm } from './vm';

/** One item of a list, tuple or set display: `x` or `*x`. */
export interface DisplayPart {
  readonly starred: boolean;
  readonly value: Expr;
}

/**
 * A list, tuple or set display with a `*` item or more than 30 items, as CPython 3.11's
 * `starunpack_helper` runs it: the items before the first `*` are evaluated, then the container
 * is made from them (`BUILD_LIST i` / `BUILD_SET i`) — or, for a long display, made empty before
 * any item — and the rest is added one at a time (`LIST_EXTEND` / `LIST_APPEND`, `SET_UPDATE` /
 * `SET_ADD`), so a list grows by `list_resize` over-allocation. A tuple is built as a list and
 * copied (`LIST_TO_TUPLE`).
 */
export function starredDisplay(
  vm: Vm,
  node: ast.List | ast.Tuple | ast.Set,
  parts: readonly DisplayPart[],
): Expr {
  const rt = vm.runtime;
  const isSet = node.nodeType === 'Set';
  const big = parts.length > 30;
  const listExtend = nativeMethod(vm, rt.types.list, 'extend');
  if (listExtend === null) throw new Error('memkit: list.extend is missing');
  const build = (items: PyObject[]): PyList | PySet => (isSet ? rt.newSet(items) : rt.newList(items));
  return (f) => {
    let container: PyList | PySet | null = big ? build([]) : null;
    const pending: PyObject[] = [];
    try {
      for (const part of parts) {
        if (part.starred) {
          if (container === null) container = build(pending.splice(0));
          const source = part.value(f);
          f.at = node;
          try {
            if (container instanceof PyList) rt.decref(listExtend(vm, container, [source], null));
            else updateSet(vm, container, source);
          } catch (error) {
            throw isSet ? error : starredNotIterable(error, source);
          } finally {
            rt.decref(source);
          }
        } else {
          const item = part.value(f);
          if (container === null) {
            pending.push(item);
          } else if (container instanceof PyList) {
            container.append(rt, item);
          } else {
            f.at = node;
            addToSet(rt, container, item);
          }
        }
      }
      if (container === null) container = build(pending.splice(0));
    } catch (error) {
      for (const item of pending) rt.decref(item);
      if (container !== null) rt.decref(container);
      throw error;
    }
    if (node.nodeType !== 'Tuple') return container;
    const tuple = rt.newTuple((container as PyList).items.map((item) => rt.share(item)));
    rt.decref(container);
    return tuple;
  };
}

/**
 * `LIST_EXTEND`'s message for a `*` operand that is not iterable at all (CPython replaces the
 * TypeError when the type has neither `__iter__` nor the sequence protocol).
 */
function starredNotIterable(error: unknown, source: PyObject): unknown {
  const name = source.type.name;
  if (
    error instanceof PythonError &&
    error.pyType === 'TypeError' &&
    error.message === `'${name}' object is not iterable`
  ) {
    return new PythonError('TypeError', `Value after * must be an iterable, not ${name}`);
  }
  return error;
}
