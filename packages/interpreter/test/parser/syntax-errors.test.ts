import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { PySyntaxError, parse } from '../../src/index';

// Each fixtures/syntax-errors/NAME.py is a malformed script; NAME.expected is what
// `python3 NAME.py` (CPython 3.11.7) printed on stderr, captured by
// scripts/syntax-error-golden.py (the absolute path replaced by the bare file name).
const folder = fileURLToPath(new URL('../fixtures/syntax-errors/', import.meta.url));
const cases = readdirSync(folder)
  .filter((name) => name.endsWith('.py'))
  .sort()
  .map((name) => ({
    name,
    source: readFileSync(folder + name, 'utf8'),
    expected: readFileSync(folder + name.replace(/\.py$/, '.expected'), 'utf8'),
  }));

function syntaxError(source: string, filename = 'x.py'): PySyntaxError {
  try {
    parse(source, filename);
  } catch (e) {
    if (e instanceof PySyntaxError) return e;
    throw e;
  }
  throw new Error('expected a PySyntaxError');
}

/** What python3 prints on stderr for a script that does not compile: warnings, then the error. */
function stderrOf(source: string, filename: string): string {
  let warnings = '';
  try {
    parse(source, filename, { onWarning: (w) => (warnings += w.format()) });
  } catch (e) {
    if (e instanceof PySyntaxError) return warnings + e.format();
    throw e;
  }
  throw new Error('expected a PySyntaxError');
}

describe('PySyntaxError.format() prints what python3 prints for an uncaught SyntaxError', () => {
  it('has a few dozen cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(30);
  });

  it.each(cases)('$name', ({ name, source, expected }) => {
    expect(stderrOf(source, name)).toBe(expected);
  });
});

describe('PySyntaxError attributes', () => {
  it('carries CPython’s SyntaxError fields', () => {
    const e = syntaxError('x = [1 2]\n');
    expect(e).toMatchObject({
      type: 'SyntaxError',
      msg: 'invalid syntax. Perhaps you forgot a comma?',
      filename: 'x.py',
      lineno: 1,
      offset: 6,
      endLineno: 1,
      endOffset: 9,
      text: 'x = [1 2]\n',
      code: 'MEMKIT_SYNTAX_ERROR',
    });
  });

  it('keeps tokenizer errors’ text without its newline, as CPython does', () => {
    const e = syntaxError('x = "abc\n');
    expect(e).toMatchObject({ offset: 5, endOffset: 5, text: 'x = "abc' });
  });

  it('reports IndentationError and TabError as their own types', () => {
    expect(syntaxError('if x:\n    a\n      b\n').type).toBe('IndentationError');
    expect(syntaxError('if x:\n\ta\n        b\n').type).toBe('TabError');
  });

  it('reports the first error in the file, and a later tokenizer error over a parser error', () => {
    expect(syntaxError('x = 1 2\ny = "open\n').msg).toBe('unterminated string literal (detected at line 2)');
    expect(syntaxError('x = (1,\ny = 2\n').msg).toBe("'(' was never closed");
    expect(syntaxError('x = "a\ny = 1 2\n').lineno).toBe(1);
  });
});

describe('constructs memkit refuses', () => {
  it.each([
    ['async def f():\n    pass\n', "memkit does not support 'async def' functions", 1, 1],
    ['@decorator\nasync def f():\n    pass\n', "memkit does not support 'async def' functions", 2, 1],
    ['def f():\n    async for x in y: pass\n', "memkit does not support 'async for' loops", 2, 5],
    ['def f():\n    async with x: pass\n', "memkit does not support 'async with' statements", 2, 5],
    ['def f():\n    return await g()\n', "memkit does not support 'await' expressions", 2, 12],
    ['match command:\n    case 1:\n        pass\n', "memkit does not support 'match' statements", 1, 1],
    ['try:\n    pass\nexcept* ValueError:\n    pass\n', "memkit does not support 'except*' clauses", 3, 1],
    [
      'def f():\n    return [x async for x in y]\n',
      'memkit does not support asynchronous comprehensions',
      2,
      15,
    ],
    ['print("\\N{BULLET}")\n', 'memkit does not support \\N{...} escapes in string literals', 1, 19],
  ])('%j', (source, msg, lineno, offset) => {
    const e = syntaxError(source);
    expect(e).toMatchObject({ code: 'MEMKIT_UNSUPPORTED_SYNTAX', type: 'SyntaxError', msg, lineno, offset });
  });

  it('reports a real syntax error anywhere in the file before a refusal, as CPython accepts the construct', () => {
    expect(syntaxError('async def f():\n    pass\nx = 1 +\n').msg).toBe('invalid syntax');
    expect(syntaxError('match x:\n    case 1:\n        pass\ny = "open\n').msg).toMatch(
      /^unterminated string/,
    );
    expect(syntaxError('x = [await]\n').msg).toBe('invalid syntax');
  });

  it('still parses match, case and _ as ordinary names', () => {
    const module = parse('match = 1\nmatch(x)\nmatch[0] = case\n_ = match.case\n', 'x.py');
    expect(module.body.map((s) => s.nodeType)).toEqual(['Assign', 'Expr', 'Assign', 'Assign']);
  });
});

describe("input: 'string' reports errors as compile() and exec() of a str do", () => {
  // [type, msg, lineno, offset, end_lineno, end_offset, text] of the SyntaxError that
  // compile(source, 'x.py', 'exec') raises in CPython 3.11.7.
  it.each([
    [
      'naïve = [1 2]\n',
      ['SyntaxError', 'invalid syntax. Perhaps you forgot a comma?', 1, 10, 1, 13, 'naïve = [1 2]\n'],
    ],
    [
      'if x:\n',
      [
        'IndentationError',
        "expected an indented block after 'if' statement on line 1",
        1,
        6,
        1,
        -1,
        'if x:\n',
      ],
    ],
    ['x = [1,\n  2\ny = 3\n', ['SyntaxError', "'[' was never closed", 1, 5, 1, 0, 'x = [1,']],
    ['foo(\n  a b\n)\n', ['SyntaxError', 'invalid syntax. Perhaps you forgot a comma?', 2, 3, 2, 6, '  a b']],
    ['\ufeffx = 1\n', ['SyntaxError', 'invalid non-printable character U+FEFF', 1, 1, 1, 1, '\ufeffx = 1']],
    ['x = 1\n  \\\n', ['SyntaxError', 'unexpected EOF while parsing', 2, 4, 2, -1, '  \\\n']],
    [
      'x = "é" + (1 2)',
      ['SyntaxError', 'invalid syntax. Perhaps you forgot a comma?', 1, 12, 1, 15, 'x = "é" + (1 2)\n'],
    ],
  ])('%j', (source, expected) => {
    let error: PySyntaxError | null = null;
    try {
      parse(source, 'x.py', { input: 'string' });
    } catch (e) {
      if (e instanceof PySyntaxError) error = e;
    }
    expect(
      error && [
        error.type,
        error.msg,
        error.lineno,
        error.offset,
        error.endLineno,
        error.endOffset,
        error.text,
      ],
    ).toEqual(expected);
  });
});
