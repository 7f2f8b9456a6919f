import { type PyDict, type PyObject, PythonError, type Runtime } from '@memkit/runtime';
import type * as ast from '../parser/ast';
import type { Expr } from './compiled-code';
import { dictMerge } from './dict-merge';
import type { Frame } from './frame';
import { PyRaise, toPyException } from './raise';
import type { Vm } from './vm';

/** CPython 3.11's `STACK_USE_GUIDELINE`: a display with more stack items builds its container first. */
export const STACK_USE_GUIDELINE = 30;

/** One instruction group of a dict display, as CPython 3.11's `compiler_dict` emits them. */
type DictStep =
  /** `BUILD_MAP 0`: a leading `**` needs a dict to update. */
  | { kind: 'empty' }
  /** `compiler_subdict`: `k: v` pairs, a dict made after them (`BUILD_MAP n`) or before (`big`). */
  | { kind: 'pairs'; keys: Expr[]; values: Expr[]; big: boolean }
  /** `**mapping` (`DICT_UPDATE`). */
  | { kind: 'unpack'; value: Expr };

/**
 * A dict display `{k: v, **m, …}` in CPython 3.11's evaluation and allocation order: a run of
 * up to 16 pairs evaluates every key and value before its dict exists (`BUILD_MAP n`, or
 * `BUILD_CONST_KEY_MAP`), so a `gc.get_count()` or finalizer inside an item sees no dict yet, and
 * an unhashable key raises only after all the run's items were evaluated. A longer run makes its
 * dict first (`BUILD_MAP 0` + `MAP_ADD`); every run or `**` after the first is merged into the
 * first dict (`DICT_UPDATE`), a later run through a temporary dict.
 */
export function compileDictDisplay(vm: Vm, node: ast.Dict, expression: (node: ast.ExprNode) => Expr): Expr {
  const rt = vm.runtime;
  const steps = dictSteps(node, expression);
  if (steps.length === 0) return () => rt.newDictObject();
  return (f) => {
    let result: PyDict | null = null;
    try {
      for (const step of steps) {
        if (step.kind === 'empty') {
          result = rt.newDictObject();
        } else if (step.kind === 'pairs') {
          const dict = buildPairs(rt, f, node, step.keys, step.values, step.big);
          if (result === null) {
            result = dict;
          } else {
            try {
              dictMerge(vm, result, dict);
            } finally {
              rt.decref(dict);
            }
          }
        } else {
          const other = step.value(f);
          f.at = node;
          try {
            dictMerge(vm, result as PyDict, other);
          } catch (error) {
            throw notAMapping(rt, error, other);
          } finally {
            rt.decref(other);
          }
        }
      }
    } catch (error) {
      if (result !== null) rt.decref(result);
      throw error;
    }
    return result as PyDict;
  };
}

/** `compiler_dict`'s grouping of a display's items into runs of pairs and `**` updates. */
function dictSteps(node: ast.Dict, expression: (node: ast.ExprNode) => Expr): DictStep[] {
  const steps: DictStep[] = [];
  const pairs = (begin: number, end: number): DictStep => ({
    kind: 'pairs',
    keys: node.keys.slice(begin, end).map((k) => expression(k as ast.ExprNode)),
    values: node.values.slice(begin, end).map((v) => expression(v)),
    big: (end - begin) * 2 > STACK_USE_GUIDELINE,
  });
  let haveDict = false;
  let elements = 0;
  const n = node.keys.length;
  for (let i = 0; i < n; i++) {
    if (node.keys[i] === null) {
      if (elements > 0) {
        steps.push(pairs(i - elements, i));
        haveDict = true;
        elements = 0;
      }
      if (!haveDict) {
        steps.push({ kind: 'empty' });
        haveDict = true;
      }
      steps.push({ kind: 'unpack', value: expression(node.values[i]) });
    } else if (elements * 2 > STACK_USE_GUIDELINE) {
      steps.push(pairs(i - elements, i + 1));
      haveDict = true;
      elements = 0;
    } else {
      elements++;
    }
  }
  if (elements > 0) steps.push(pairs(n - elements, n));
  return steps;
}

/**
 * One run of pairs. `BUILD_MAP n` / `BUILD_CONST_KEY_MAP` (`_PyDict_FromItems`): the items first,
 * then a dict presized for them; `big` (`BUILD_MAP 0` + `MAP_ADD`): the dict first.
 */
function buildPairs(
  rt: Runtime,
  f: Frame,
  node: ast.Dict,
  keys: readonly Expr[],
  values: readonly Expr[],
  big: boolean,
): PyDict {
  if (big) {
    const dict = rt.newDictObject();
    try {
      for (let i = 0; i < keys.length; i++) {
        const key = keys[i](f);
        let value: PyObject;
        try {
          value = values[i](f);
        } catch (error) {
          rt.decref(key);
          throw error;
        }
        f.at = node;
        setItem(rt, dict, key, value);
      }
    } catch (error) {
      rt.decref(dict);
      throw error;
    }
    return dict;
  }
  const items: PyObject[] = [];
  try {
    for (let i = 0; i < keys.length; i++) {
      items.push(keys[i](f));
      items.push(values[i](f));
    }
  } catch (error) {
    for (const item of items) rt.decref(item);
    throw error;
  }
  f.at = node;
  const dict = rt.newDictObject();
  let unicode = true;
  for (let i = 0; i < items.length; i += 2) if (items[i].type !== rt.types.str) unicode = false;
  dict.presize(rt, keys.length, unicode);
  let i = 0;
  try {
    for (; i < items.length; i += 2) dict.set(rt, items[i], items[i + 1]);
  } catch (error) {
    // An unhashable key: `dict.set` raised before taking its pair, released here with the rest.
    for (let j = i; j < items.length; j++) rt.decref(items[j]);
    rt.decref(dict);
    throw error;
  }
  return dict;
}

/** `dict.set`, releasing the pair when it raises before taking it (an unhashable key). */
function setItem(rt: Runtime, dict: PyDict, key: PyObject, value: PyObject): void {
  try {
    dict.set(rt, key, value);
  } catch (error) {
    rt.decref(key);
    rt.decref(value);
    throw error;
  }
}

/**
 * `DICT_UPDATE`: an AttributeError from `PyDict_Update` (no `keys`, or one raised inside `keys()`,
 * `__getattribute__` or `[key]`) is replaced by "'X' object is not a mapping"; others pass.
 */
function notAMapping(rt: Runtime, error: unknown, other: PyObject): unknown {
  const exception = toPyException(rt, error);
  if (!exception.type.isSubtypeOf(rt.types.AttributeError)) return new PyRaise(exception);
  rt.decref(exception);
  return new PythonError('TypeError', `'${other.type.name}' object is not a mapping`);
}
