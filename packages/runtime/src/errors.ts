/** Base class of the errors memkit libraries throw; `code` identifies the failure. */
export class MemkitError extends Error {
  readonly code: string;

  constructor(code: string, message: string) {
    super(message);
    this.name = new.target.name;
    this.code = code;
  }
}

/** An operation touched an object whose memory was already released. */
export class UseAfterFreeError extends MemkitError {
  constructor(what: string) {
    super(
      'MEMKIT_USE_AFTER_FREE',
      `${what} was used after it was freed (its reference count reached zero); keep a reference to it while you use it`,
    );
  }
}

/** A reference count would have gone below zero: a reference was released twice. */
export class RefcountUnderflowError extends MemkitError {
  constructor(what: string) {
    super(
      'MEMKIT_REFCOUNT_UNDERFLOW',
      `${what} was released more times than it was referenced; release each reference exactly once`,
    );
  }
}

/**
 * A Python exception raised by a runtime operation, named by its Python type
 * (`TypeError`, `KeyError`, …) with CPython's message. The interpreter turns it into a
 * Python exception object; TypeScript callers see it as an ordinary thrown error.
 */
export class PythonError extends MemkitError {
  readonly pyType: string;

  constructor(pyType: string, message: string) {
    super(`MEMKIT_PYTHON_${pyType.toUpperCase()}`, message);
    this.pyType = pyType;
  }

  override toString(): string {
    return this.message === '' ? this.pyType : `${this.pyType}: ${this.message}`;
  }
}
