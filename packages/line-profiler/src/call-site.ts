/** A source-mapped position in TypeScript (or JavaScript) code. */
export interface CallSite {
  readonly filename: string;
  readonly lineno: number;
}

// "    at fn (file:line:col)" or "    at file:line:col" (V8 stack lines).
const V8_FRAME = /^\s*at (?:(.*?) \()?(.*?):(\d+):\d+\)?$/;

/**
 * The name of the function `profile()` calls a TypeScript function through. The frame just above
 * it in a stack is the profiled function's own frame: its line is the call site, in that
 * function, of whatever the runtime is doing — however deep in helpers the operation started.
 */
export const PROFILED_CALL_MARKER = 'memkitProfiledCall';

/** Calls `fn` under a frame named after `PROFILED_CALL_MARKER`. */
export function memkitProfiledCall<A extends unknown[], R>(
  fn: (...args: A) => R,
  thisArg: unknown,
  args: A,
): R {
  return fn.apply(thisArg, args);
}

/**
 * The line the innermost profiled function is at, read from a V8 stack trace (source-mapped when
 * the host maps stacks: Node's `--enable-source-maps`, vitest, tsx), or null when no profiled
 * call is on the stack (an operation after the function's first `await`).
 */
export function profiledCallSite(): CallSite | null {
  const limit = Error.stackTraceLimit;
  // The runtime's own frames alone can outnumber V8's default limit of 10.
  Error.stackTraceLimit = Number.POSITIVE_INFINITY;
  const stack = new Error().stack ?? '';
  Error.stackTraceLimit = limit;
  const lines = stack.split('\n');
  for (let i = 1; i < lines.length; i++) {
    const marker = V8_FRAME.exec(lines[i]);
    if (marker === null || !(marker[1] ?? '').startsWith(PROFILED_CALL_MARKER)) continue;
    const own = V8_FRAME.exec(lines[i - 1]);
    if (own === null) return null;
    return { filename: own[2].replace(/^file:\/\//, ''), lineno: Number(own[3]) };
  }
  return null;
}
