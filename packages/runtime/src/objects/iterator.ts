import { PyObject, type Visitor } from '../object';
import type { Runtime } from '../runtime';
import type { PyBytes } from './bytes';
import type { PyDict } from './dict';
import type { PyList } from './list';
import type { PySet } from './set';
import type { PyStr } from './str';
import type { PyTuple } from './tuple';
import type { PyType } from './type';

/** What an iterator walks, which decides how `next` reads it. */
export const IteratorKind = {
  list: 0,
  tuple: 1,
  str: 2,
  bytes: 3,
  range: 4,
  dictKeys: 5,
  dictValues: 6,
  dictItems: 7,
  set: 8,
} as const;
export type IteratorKindValue = (typeof IteratorKind)[keyof typeof IteratorKind];

/**
 * The iterators of the builtin containers (`list_iterator`, `tuple_iterator`, `str_iterator`,
 * `range_iterator`, `dict_keyiterator`…, `set_iterator`): each the size of its CPython struct,
 * holding its container until exhausted (then releasing it, as CPython sets `it_seq = NULL`).
 * A range iterator holds plain numbers; an item iterator keeps CPython's reusable result tuple.
 */
export class PyIterator extends PyObject {
  readonly kind: IteratorKindValue;
  source: PyObject | null;
  index = 0;
  /** range: the next value, the step and the items left. */
  start = 0;
  step = 0;
  remaining = 0;
  /** dict_itemiterator's `di_result`: a 2-tuple reused while nobody else holds it. */
  result: PyTuple | null = null;
  /** set_iterator: the entries when iteration began. */
  snapshot: PyObject[] | null = null;
  private readonly basicsize: number;

  constructor(type: PyType, kind: IteratorKindValue, source: PyObject | null, basicsize: number) {
    super(type);
    this.kind = kind;
    this.source = source;
    this.basicsize = basicsize;
  }

  sizeof(): number {
    return this.basicsize;
  }

  /** The next item (a new reference), or null when exhausted. */
  next(runtime: Runtime): PyObject | null {
    switch (this.kind) {
      case IteratorKind.range: {
        if (this.remaining <= 0) return null;
        const value = this.start;
        this.start += this.step;
        this.remaining--;
        return runtime.newInt(value);
      }
      case IteratorKind.list:
      case IteratorKind.tuple: {
        const source = this.source as PyList | PyTuple | null;
        if (source !== null && this.index < source.items.length)
          return runtime.share(source.items[this.index++]);
        break;
      }
      case IteratorKind.str: {
        const source = this.source as PyStr | null;
        if (source !== null && this.index < source.value.length) {
          const code = source.value.codePointAt(this.index) as number;
          this.index += code > 0xffff ? 2 : 1;
          return runtime.newStr(String.fromCodePoint(code));
        }
        break;
      }
      case IteratorKind.bytes: {
        const source = this.source as PyBytes | null;
        if (source !== null && this.index < source.value.length)
          return runtime.newInt(source.value[this.index++]);
        break;
      }
      case IteratorKind.set: {
        const snapshot = this.snapshot;
        if (snapshot !== null && this.index < snapshot.length) return runtime.share(snapshot[this.index++]);
        break;
      }
      default:
        return this.nextDictEntry(runtime);
    }
    this.exhaust(runtime);
    return null;
  }

  private nextDictEntry(runtime: Runtime): PyObject | null {
    const dict = this.source as PyDict | null;
    const position = dict === null ? -1 : dict.nextPosition(this.index);
    if (dict === null || position < 0) {
      this.exhaust(runtime);
      return null;
    }
    this.index = position + 1;
    if (this.kind === IteratorKind.dictKeys) return runtime.share(dict.keyAt(position));
    if (this.kind === IteratorKind.dictValues) return runtime.share(dict.valueAt(position));
    const key = runtime.share(dict.keyAt(position));
    const value = runtime.share(dict.valueAt(position));
    const result = this.result;
    if (result !== null && result.refcnt === 1) {
      // dictiter_iternextitem reuses its tuple when the caller dropped the previous item.
      const [oldKey, oldValue] = result.items;
      result.items = [key, value];
      runtime.decref(oldKey);
      runtime.decref(oldValue);
      return runtime.share(result);
    }
    return runtime.newTuple([key, value]);
  }

  private exhaust(runtime: Runtime): void {
    const source = this.source;
    this.source = null;
    this.snapshot = null;
    if (source !== null) runtime.decref(source);
  }

  override traverse(visit: Visitor): void {
    if (this.source !== null) visit(this.source);
    if (this.result !== null) visit(this.result);
  }

  dealloc(runtime: Runtime): void {
    this.exhaust(runtime);
    const result = this.result;
    this.result = null;
    if (result !== null) runtime.decref(result);
    runtime.freeObject(this);
  }
}

/** `set_iterator` starts from the set's entries in table order. */
export function setEntries(set: PySet): PyObject[] {
  return [...set.table];
}
