import type { PyObject } from '../../src/object';
import type { PyInstance } from '../../src/objects/instance';
import type { Finalizer, PyType } from '../../src/objects/type';
import type { PyWeakref } from '../../src/objects/weakref';
import { Runtime } from '../../src/runtime';

/**
 * Small heaps for collector tests, written the way the Python snippets read: `a = A()`,
 * `a.b = b`, `del a`. Each builder returns a new reference the test owns (a "variable").
 */
export class HeapBuilder {
  readonly rt: Runtime;
  readonly stderr: string[] = [];

  private readonly bodies = new Map<PyObject, (...args: PyObject[]) => void>();
  private readonly callableClass: PyType;

  constructor() {
    this.rt = new Runtime({ stderr: (text) => this.stderr.push(text) });
    this.callableClass = this.rt.newClass('function');
    this.callableClass.call = (rt, self, args) => {
      this.bodies.get(self)?.(...args);
      return rt.share(rt.none);
    };
  }

  cls(name: string, finalizer?: Finalizer): PyType {
    return this.rt.newClass(name, { finalizer });
  }

  obj(cls: PyType): PyInstance {
    return this.rt.newInstance(cls);
  }

  /** `target.name = value` (value borrowed). */
  set(target: PyInstance, name: string, value: PyObject): void {
    target.setAttribute(this.rt, this.rt.intern(name), this.rt.share(value));
  }

  list(...items: PyObject[]) {
    return this.rt.newList(items.map((item) => this.rt.share(item)));
  }

  /**
   * A callable object (a stand-in for a Python function) running `body` with the call's
   * arguments; returns None. Its class lives as long as the builder, like a module global.
   */
  callable(body: (...args: PyObject[]) => void): PyInstance {
    const fn = this.rt.newInstance(this.callableClass);
    this.bodies.set(fn, body);
    return fn;
  }

  /** `weakref.ref(obj, lambda r: body(r))` — the lambda lives only in the weakref. */
  weakref(obj: PyObject, body: (wr: PyObject) => void): PyWeakref {
    const callback = this.callable(body);
    const wr = this.rt.newWeakref(obj, callback);
    this.rt.decref(callback);
    return wr;
  }

  /** `del x` for each variable. */
  del(...objects: PyObject[]): void {
    for (const obj of objects) this.rt.decref(obj);
  }

  collect(generation?: number): number {
    return this.rt.collector.collect(generation);
  }
}
