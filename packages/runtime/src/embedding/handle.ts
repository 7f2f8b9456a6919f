import { MemkitError } from '../errors';
import type { PyObject } from '../object';
import type { Runtime } from '../runtime';

/**
 * An owned reference to a runtime object, for TypeScript code embedding the runtime. Releasing
 * it (explicitly, with `using`, or when its scope ends) drops exactly that one reference.
 */
export class Handle<T extends PyObject = PyObject> implements Disposable {
  private current: T | null;
  private readonly runtime: Runtime;

  constructor(runtime: Runtime, object: T) {
    this.runtime = runtime;
    this.current = object;
  }

  /** The object; throws once the handle was released. */
  get object(): T {
    if (this.current === null) {
      throw new MemkitError(
        'MEMKIT_HANDLE_RELEASED',
        'this handle was already released; take a new reference first',
      );
    }
    return this.current;
  }

  get released(): boolean {
    return this.current === null;
  }

  release(): void {
    const object = this.current;
    if (object === null) return;
    this.current = null;
    this.runtime.decref(object);
  }

  [Symbol.dispose](): void {
    this.release();
  }
}
