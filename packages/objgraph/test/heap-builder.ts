import { type Finalizer, type PyInstance, type PyObject, type PyType, Runtime } from '@memkit/runtime';

/**
 * Small heaps for objgraph tests, written the way the Python snippets read: `a = A()`,
 * `a.b = b`, `x = [a, b]`. Each builder returns a new reference the test owns (a "variable").
 */
export class HeapBuilder {
  readonly rt: Runtime;

  constructor() {
    this.rt = new Runtime();
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

  /** `[items…]` (items borrowed). */
  list(...items: PyObject[]) {
    return this.rt.newList(items.map((item) => this.rt.share(item)));
  }

  /** `{key: value, …}` (keys and values borrowed). */
  dict(...entries: [PyObject, PyObject][]) {
    return this.rt.newDict(entries.map(([k, v]) => [this.rt.share(k), this.rt.share(v)] as const));
  }

  str(value: string) {
    return this.rt.newStr(value);
  }

  int(value: number) {
    return this.rt.newInt(value);
  }

  /** `del x` for each variable. */
  del(...objects: PyObject[]): void {
    for (const obj of objects) this.rt.decref(obj);
  }
}
