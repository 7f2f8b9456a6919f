import type { PyObject } from '../object';
import type { PyDict } from '../objects/dict';
import type { PyInstance } from '../objects/instance';
import type { PyList } from '../objects/list';
import type { PyType } from '../objects/type';
import type { ClassOptions, Runtime } from '../runtime';
import { Handle } from './handle';

/** A value the scope can turn into an object: a handle, or a JS number/string/boolean/null. */
export type Value = Handle | number | bigint | string | boolean | null;

/**
 * A region of TypeScript code that makes runtime objects: every handle it creates is released
 * when the scope ends, except those passed to `keep` (like `tf.tidy`). Storing a handle's object
 * in a container adds a reference, so the container keeps it alive after the scope ends.
 */
export class Scope implements Disposable {
  readonly runtime: Runtime;
  private readonly owned: Handle[] = [];

  constructor(runtime: Runtime) {
    this.runtime = runtime;
  }

  /** Takes ownership of a new reference. */
  own<T extends PyObject>(object: T): Handle<T> {
    const handle = new Handle(this.runtime, object);
    this.owned.push(handle);
    return handle;
  }

  /** Another owned reference to the same object (`b = a`). */
  alias<T extends PyObject>(handle: Handle<T>): Handle<T> {
    return this.own(this.runtime.share(handle.object));
  }

  /** Excludes a handle from the scope's cleanup; the caller releases it. */
  keep<T extends PyObject>(handle: Handle<T>): Handle<T> {
    const i = this.owned.indexOf(handle);
    if (i >= 0) this.owned.splice(i, 1);
    return handle;
  }

  /** A new reference to the object for `value` (a str for a string, an int for a number, …). */
  private toObject(value: Value): PyObject {
    const rt = this.runtime;
    if (value instanceof Handle) return rt.share(value.object);
    if (value === null) return rt.share(rt.none);
    if (typeof value === 'boolean') return rt.newBool(value);
    if (typeof value === 'string') return rt.newStr(value);
    if (typeof value === 'bigint' || Number.isInteger(value)) return rt.newInt(value);
    return rt.newFloat(value);
  }

  value(value: Value): Handle {
    return this.own(this.toObject(value));
  }

  /** `[a, b, …]` as `BUILD_LIST n` makes it. */
  list(items: readonly Value[] = []): Handle<PyList> {
    return this.own(this.runtime.newList(items.map((item) => this.toObject(item))));
  }

  tuple(items: readonly Value[]): Handle {
    return this.own(this.runtime.newTuple(items.map((item) => this.toObject(item))));
  }

  /** `{k: v, …}` by repeated insertion (a literal of more than 5 items is presized, as CPython does). */
  dict(entries: readonly (readonly [Value, Value])[] = []): Handle<PyDict> {
    const rt = this.runtime;
    const dict = rt.newDictObject();
    dict.presize(
      rt,
      entries.length,
      entries.every(([key]) => typeof key === 'string'),
    );
    for (const [key, value] of entries) dict.set(rt, this.toObject(key), this.toObject(value));
    return this.own(dict);
  }

  set(items: readonly Value[] = []): Handle {
    return this.own(this.runtime.newSet(items.map((item) => this.toObject(item))));
  }

  cls(name: string, options?: ClassOptions): Handle<PyType> {
    return this.own(this.runtime.newClass(name, options));
  }

  instance(cls: Handle<PyType>): Handle<PyInstance> {
    return this.own(this.runtime.newInstance(cls.object));
  }

  /** `obj.name = value`. */
  setAttr(obj: Handle<PyInstance>, name: string, value: Value): void {
    const key = this.runtime.intern(name);
    obj.object.setAttribute(this.runtime, key, this.toObject(value));
    this.runtime.decref(key);
  }

  /** `lst.append(value)`. */
  append(list: Handle<PyList>, value: Value): void {
    list.object.append(this.runtime, this.toObject(value));
  }

  /** `d[key] = value`. */
  setItem(dict: Handle<PyDict>, key: Value, value: Value): void {
    dict.object.set(this.runtime, this.toObject(key), this.toObject(value));
  }

  /** Releases every handle still owned, newest first. */
  dispose(): void {
    while (this.owned.length > 0) (this.owned.pop() as Handle).release();
  }

  [Symbol.dispose](): void {
    this.dispose();
  }
}

/** Runs `body` in a new scope and releases what it created, except handles it `keep`s. */
export function withScope<R>(runtime: Runtime, body: (scope: Scope) => R): R {
  const scope = new Scope(runtime);
  try {
    return body(scope);
  } finally {
    scope.dispose();
  }
}
