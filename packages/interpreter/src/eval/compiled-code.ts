import type { PyCode, PyObject } from '@memkit/runtime';
import type { Frame } from './frame';
import type { GenStmt } from './generators';
import type { Scope } from './symtable';
import type { Vm } from './vm';

/** How a statement ended: normally, or by `break`, `continue` or `return`. */
export const Completion = { normal: 0, break: 1, continue: 2, return: 3 } as const;
export type CompletionValue = (typeof Completion)[keyof typeof Completion];

/** A compiled statement; exceptions propagate as `PyRaise`/`PythonError` throws. */
export type Stmt = (frame: Frame) => CompletionValue;
/** A compiled expression: returns a new reference. */
export type Expr = (frame: Frame) => PyObject;

/** The parameters of a function, as `initialize_locals` binds them. */
export interface ParameterSpec {
  /** Positional parameter names (positional-only first). */
  positional: readonly string[];
  posonlyCount: number;
  varargs: string | null;
  keywordOnly: readonly string[];
  varkeywords: string | null;
}

/**
 * A code object together with what runs it: the closure tree the compiler made from its body,
 * its scope (slot layout) and parameters.
 */
export interface CompiledCode {
  /** The program that compiled it (several may share one runtime, hence its code objects' `executor`). */
  readonly owner: Vm;
  readonly code: PyCode;
  readonly scope: Scope;
  readonly name: string;
  readonly qualname: string;
  readonly filename: string;
  readonly firstLineno: number;
  readonly parameters: ParameterSpec;
  /**
   * The number of positional parameters when they are all there is (no `*args`, `**kwargs` or
   * keyword-only), else -1: a call passing exactly that many positional arguments binds them
   * straight into the slots.
   */
  readonly exactArity: number;
  readonly body: Stmt;
  /** Slots that hold a cell made at frame start (`MAKE_CELL`), with a parameter index or -1. */
  readonly cellSlots: readonly number[];
  /** Slots of free variables, filled from the function's closure (`COPY_FREE_VARS`). */
  readonly freeSlots: readonly number[];
  /** Any cell or free slots at all: a call without them skips `prepareCells`. */
  readonly hasCells: boolean;
  readonly isGenerator: boolean;
  /** The body of a generator function, run by `resume`. */
  readonly generatorBody: GenStmt | null;
}
