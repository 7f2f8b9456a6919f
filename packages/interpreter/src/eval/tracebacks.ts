import type { PyBaseException, PyTraceback } from '@memkit/runtime';
import { type CaretStyle, caretLine } from './caret-line';
import type { Frame } from './frame';
import { str } from './text';
import type { Vm } from './vm';

/**
 * `PyTraceBack_Here`: as an exception passes through a frame it gains an entry for that frame
 * (once), holding the frame object — which is how a caught exception keeps a call's locals alive.
 */
export function addTracebackEntry(vm: Vm, exception: PyBaseException, frame: Frame): void {
  const rt = vm.runtime;
  const frameObject = rt.frameObjectOf(frame);
  const head = exception.traceback as PyTraceback | null;
  if (head !== null && head.frame === frameObject) return;
  // tb_lineno is the failing instruction's line, which for a multi-line statement need not be
  // the statement's first line.
  const position = frame.at;
  const entry = rt.newTraceback(
    head === null ? null : rt.share(head),
    rt.share(frameObject),
    0,
    position === null ? frame.lineno : position.lineno,
  );
  if (position !== null) vm.tracebackPositions.set(entry, position);
  frameObject.lineno = entry.lineno;
  exception.setTraceback(rt, entry);
}

const TRACEBACK_LIMIT = 1000;
const RECURSIVE_CUTOFF = 3;

function repeated(count: number): string {
  const more = count - RECURSIVE_CUTOFF;
  return more > 0 ? `  [Previous line repeated ${more} more time${more > 1 ? 's' : ''}]\n` : '';
}

const CAUSE_MESSAGE = '\nThe above exception was the direct cause of the following exception:\n\n';
const CONTEXT_MESSAGE = '\nDuring handling of the above exception, another exception occurred:\n\n';

/** `limit` and `chain` of the traceback module's functions (the interpreter's own printing has neither). */
export interface TracebackOptions {
  limit?: number | null;
  chain?: boolean;
}

/**
 * The text CPython prints for an uncaught exception (`print_exception_recursive`): its cause,
 * or else its context unless suppressed, first; then the traceback and `Type: message`.
 */
export function formatException(vm: Vm, exception: PyBaseException, style: CaretStyle = 'c'): string {
  return exceptionChunks(vm, exception, new Set(), style).join('');
}

/**
 * The same text in `traceback.format_exception`'s pieces: chained parts and their separators,
 * the header, one piece per frame (and per "repeated" note), then the exception line.
 */
export function exceptionChunks(
  vm: Vm,
  exception: PyBaseException,
  seen: Set<PyBaseException>,
  style: CaretStyle,
  options: TracebackOptions = {},
): string[] {
  seen.add(exception);
  const chunks: string[] = [];
  const cause = exception.cause as PyBaseException | null;
  const context = exception.context as PyBaseException | null;
  if (options.chain === false) {
    // traceback.py's chain=False: the exception alone.
  } else if (cause !== null) {
    if (!seen.has(cause)) chunks.push(...exceptionChunks(vm, cause, seen, style, options), CAUSE_MESSAGE);
  } else if (context !== null && !exception.suppressContext && !seen.has(context)) {
    chunks.push(...exceptionChunks(vm, context, seen, style, options), CONTEXT_MESSAGE);
  }
  let entries: PyTraceback[] = [];
  for (let tb = exception.traceback as PyTraceback | null; tb !== null; tb = tb.next) entries.push(tb);
  // StackSummary.extract: a limit n >= 0 keeps the n oldest entries, a negative one the -n newest.
  const limit = options.limit ?? null;
  if (limit !== null) entries = limit >= 0 ? entries.slice(0, limit) : entries.slice(limit);
  if (entries.length > 0) {
    chunks.push('Traceback (most recent call last):\n');
    // tb_print_internal: at most `sys.tracebacklimit` (1000) entries, the most recent kept, and
    // a line repeated more than 3 times in a row collapsed.
    let last = '';
    let count = 0;
    const note = (n: number) => {
      const text = repeated(n);
      if (text !== '') chunks.push(text);
    };
    for (const tb of entries.slice(-TRACEBACK_LIMIT)) {
      const code = tb.frame?.frame.code;
      const filename = code?.filename?.value ?? '<unknown>';
      const name = code?.name?.value ?? '<module>';
      const key = `${filename}\0${tb.lineno}\0${name}`;
      if (key !== last) {
        note(count);
        last = key;
        count = 0;
      }
      count++;
      if (count > RECURSIVE_CUTOFF) continue;
      let frame = `  File "${filename}", line ${tb.lineno}, in ${name}\n`;
      const line = vm.sourceLine(filename, tb.lineno);
      if (line !== null) {
        // traceback.c strips the indentation; traceback.py strips both ends.
        frame += `    ${style === 'python' ? line.trim() : line.replace(/^[ \t\f]+/, '')}\n`;
        const position = vm.tracebackPositions.get(tb);
        const carets = position === undefined ? null : caretLine(line, position, style);
        if (carets !== null) frame += `${carets}\n`;
      }
      chunks.push(frame);
    }
    note(count);
  }
  chunks.push(formatExceptionOnly(vm, exception));
  return chunks;
}

/** `traceback.format_exception_only`: `module.Type: message` (module omitted for builtins/__main__). */
export function formatExceptionOnly(vm: Vm, exception: PyBaseException): string {
  const type = exception.type;
  const name =
    type.module === 'builtins' || type.module === '__main__' ? type.name : `${type.module}.${type.name}`;
  const message = str(vm, exception);
  return message === '' ? `${name}\n` : `${name}: ${message}\n`;
}
