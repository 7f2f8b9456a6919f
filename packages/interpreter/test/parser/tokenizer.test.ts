import { describe, expect, it } from 'vitest';
import type { Constant, Expr, ExprNode, JoinedStr, Module } from '../../src/parser/ast';
import { ELLIPSIS, ImaginaryLiteral } from '../../src/parser/ast';
import { parse } from '../../src/parser/parser';
import { SourceText } from '../../src/parser/source-text';
import { PySyntaxError } from '../../src/parser/syntax-error';
import type { Token } from '../../src/parser/token';
import { Tok } from '../../src/parser/token';
import { tokenize } from '../../src/parser/tokenizer';
import { astToJson } from './ast-json';

const KIND_NAMES = new Map(Object.entries(Tok).map(([name, kind]) => [kind, name]));

/** Tokens as `KIND 'text' line:col-line:col` (columns are UTF-8 bytes). */
function show(source: string, trivia = false): string[] {
  return tokenize(new SourceText(source, 'x.py'), { trivia }).map(
    (t: Token) =>
      `${KIND_NAMES.get(t.kind)} ${JSON.stringify(t.text)} ${t.lineno}:${t.col}-${t.endLineno}:${t.endCol}`,
  );
}

function expressionOf(source: string): ExprNode {
  const statement = parse(source, 'x.py').body[0] as Expr;
  return statement.value;
}

function constantOf(source: string): Constant['value'] {
  const value = expressionOf(source);
  if (value.nodeType !== 'Constant') throw new Error(`not a constant: ${value.nodeType}`);
  return value.value;
}

function tokenizerError(source: string): PySyntaxError {
  try {
    tokenize(new SourceText(source, 'x.py'));
  } catch (e) {
    if (e instanceof PySyntaxError) return e;
    throw e;
  }
  throw new Error('expected a PySyntaxError');
}

describe('tokenizer: logical lines', () => {
  // Same kinds, texts and positions as Python's tokenize module gives for this source, except
  // that a NEWLINE is zero-width (as in CPython's C tokenizer) and INDENT has no text.
  it('ends a logical line with NEWLINE, and uses NL inside brackets and for blank lines', () => {
    expect(show('x = (1,\n     2)  # c\n\nif x:\n    y = [\n        3]\n', true)).toEqual([
      'Name "x" 1:0-1:1',
      'Equal "=" 1:2-1:3',
      'LPar "(" 1:4-1:5',
      'Number "1" 1:5-1:6',
      'Comma "," 1:6-1:7',
      'NL "\\n" 1:7-1:8',
      'Number "2" 2:5-2:6',
      'RPar ")" 2:6-2:7',
      'Comment "# c" 2:9-2:12',
      'Newline "\\n" 2:12-2:12',
      'NL "\\n" 3:0-3:1',
      'If "if" 4:0-4:2',
      'Name "x" 4:3-4:4',
      'Colon ":" 4:4-4:5',
      'Newline "\\n" 4:5-4:5',
      'Indent "" 5:4-5:4',
      'Name "y" 5:4-5:5',
      'Equal "=" 5:6-5:7',
      'LSqb "[" 5:8-5:9',
      'NL "\\n" 5:9-5:10',
      'Number "3" 6:8-6:9',
      'RSqb "]" 6:9-6:10',
      'Newline "\\n" 6:10-6:10',
      'Dedent "" 6:0-6:0',
      'EndMarker "" 6:0-6:0',
    ]);
  });

  it('leaves comments and blank lines out of the parser’s stream (a NEWLINE then starts at the comment)', () => {
    expect(show('# only\n\nx  # c\n\n')).toEqual([
      'Name "x" 3:0-3:1',
      'Newline "\\n" 3:3-3:6',
      'EndMarker "" 4:0-4:0',
    ]);
  });

  it('joins lines continued with a backslash, counting the second line’s columns from its start', () => {
    expect(show('x = 1 + \\\n    2\n')).toEqual([
      'Name "x" 1:0-1:1',
      'Equal "=" 1:2-1:3',
      'Number "1" 1:4-1:5',
      'Plus "+" 1:6-1:7',
      'Number "2" 2:4-2:5',
      'Newline "\\n" 2:5-2:5',
      'EndMarker "" 2:0-2:0',
    ]);
  });

  it('adds the final NEWLINE and closes open blocks when the file does not end with a newline', () => {
    expect(show('if x:\n    y')).toEqual([
      'If "if" 1:0-1:2',
      'Name "x" 1:3-1:4',
      'Colon ":" 1:4-1:5',
      'Newline "\\n" 1:5-1:5',
      'Indent "" 2:4-2:4',
      'Name "y" 2:4-2:5',
      'Newline "\\n" 2:5-2:5',
      'Dedent "" 2:0-2:0',
      'EndMarker "" 2:0-2:0',
    ]);
  });

  it('measures tabs to multiples of 8 and counts each as one byte of column', () => {
    const kinds = show('if x:\n\tif y:\n\t\tz = 1\n\tw\n').map((t) => t.split(' ')[0]);
    expect(kinds.filter((k) => k === 'Indent' || k === 'Dedent')).toEqual([
      'Indent',
      'Indent',
      'Dedent',
      'Dedent',
    ]);
    const module = parse('if x:\n\tz = 1\t+\t2\n', 'x.py');
    expect(astToJson(module.body[0])).toMatchObject({
      body: [{ _pos: [2, 1, 2, 10], value: { _pos: [2, 5, 2, 10] } }],
    });
  });

  it('rejects indentation whose meaning depends on the tab size (TabError)', () => {
    const e = tokenizerError('if x:\n\ta\n        b\n');
    expect([e.type, e.msg, e.lineno]).toEqual([
      'TabError',
      'inconsistent use of tabs and spaces in indentation',
      3,
    ]);
  });

  it('reads CRLF and lone CR line endings as newlines', () => {
    const lf = 'def f(a,\n      b):\n    return """x\ny"""\n';
    expect(parse(lf.replaceAll('\n', '\r\n'), 'x.py')).toEqual(parse(lf, 'x.py'));
    expect(parse(lf.replaceAll('\n', '\r'), 'x.py')).toEqual(parse(lf, 'x.py'));
    expect(constantOf('"""a\r\nb"""\r\n')).toBe('a\nb');
  });
});

describe('tokenizer: strings', () => {
  it.each([
    ["'a'", 'a'],
    ['r"\\n"', '\\n'],
    ["R'\\t'", '\\t'],
    ['u"u"', 'u'],
    ["U'U'", 'U'],
    ['"""x"y"""', 'x"y'],
    ["'''it's'''", "it's"],
    ["'don\\'t'", "don't"],
    ['r"\\""', '\\"'],
  ])('%s', (source, value) => {
    expect(constantOf(source)).toBe(value);
  });

  it.each(['b', 'B', 'rb', 'Rb', 'rB', 'RB', 'br', 'bR', 'Br', 'BR'])('bytes prefix %s', (prefix) => {
    const raw = prefix.toLowerCase().includes('r');
    expect(Buffer.from(constantOf(`${prefix}'a\\n'`) as Uint8Array).toString('latin1')).toBe(
      raw ? 'a\\n' : 'a\n',
    );
  });

  it.each(['f', 'F', 'rf', 'rF', 'Rf', 'RF', 'fr', 'fR', 'Fr', 'FR'])('f-string prefix %s', (prefix) => {
    const value = expressionOf(`${prefix}'{x}\\n'`) as JoinedStr;
    const raw = prefix.toLowerCase().includes('r');
    expect(value.nodeType).toBe('JoinedStr');
    expect(value.values.map((v) => (v.nodeType === 'Constant' ? v.value : v.nodeType))).toEqual([
      'FormattedValue',
      raw ? '\\n' : '\n',
    ]);
  });

  // Values printed by CPython 3.11 for the same literals.
  it('decodes escape sequences as Python does', () => {
    expect(
      constantOf(String.raw`"\a\b\f\n\r\t\v\\\'\"\0\7\101\400\x41\u00e9\U0001F600\d\
!"`),
    ).toBe('\x07\b\f\n\r\t\v\\\'"\0\x07A\u0100A\u00e9\u{1F600}\\d!');
    expect(Array.from(constantOf(String.raw`b"\x00\xff\101\n\\\u1234\777"`) as Uint8Array)).toEqual([
      0, 255, 65, 10, 92, 92, 117, 49, 50, 51, 52, 255,
    ]);
  });

  it('keeps non-ASCII text and lone surrogates written as escapes', () => {
    expect(constantOf('"é€😀"')).toBe('é€😀');
    expect(constantOf('"\\ud800"')).toBe('\ud800');
  });

  it('concatenates adjacent literals, f-strings included', () => {
    expect(constantOf('"a" \'b\' """c"""')).toBe('abc');
    expect(astToJson(expressionOf('"a" f"{x}" "b"'))).toMatchObject({
      _type: 'JoinedStr',
      values: [{ value: 'a' }, { _type: 'FormattedValue' }, { value: 'b' }],
    });
  });

  it('splits f-strings into literal parts and fields with conversions and nested format specs', () => {
    const value = expressionOf('f"{a!r} {b!s:>{w}} {c!a:{x}.{y}f} {d=}"');
    expect(astToJson(value)).toMatchObject({
      values: [
        { _type: 'FormattedValue', conversion: 114, format_spec: null },
        { value: ' ' },
        {
          conversion: 115,
          format_spec: { _type: 'JoinedStr', values: [{ value: '>' }, { _type: 'FormattedValue' }] },
        },
        { value: ' ' },
        { conversion: 97, format_spec: { values: [{}, { value: '.' }, {}, { value: 'f' }] } },
        { value: ' d=' },
        { conversion: 114, format_spec: null, value: { id: 'd' } },
      ],
    });
  });

  it('parses f-strings nested in f-string fields', () => {
    const value = expressionOf(`f"{f'{x!r:>{w}}'}"`);
    expect(astToJson(value)).toMatchObject({
      _pos: [1, 0, 1, 18],
      values: [
        {
          value: {
            _type: 'JoinedStr',
            _pos: [1, 3, 1, 16],
            values: [
              {
                conversion: 114,
                value: { id: 'x', _pos: [1, 6, 1, 7] },
                format_spec: { _type: 'JoinedStr' },
              },
            ],
          },
        },
      ],
    });
  });

  it('reports an unterminated string from its first character', () => {
    const e = tokenizerError('x = f"abc\n');
    expect([e.msg, e.lineno, e.offset, e.text]).toEqual([
      'unterminated string literal (detected at line 1)',
      1,
      5,
      'x = f"abc',
    ]);
  });
});

describe('tokenizer: numbers', () => {
  it.each([
    ['0', 0n],
    ['00', 0n],
    ['1_000_000', 1000000n],
    ['0x_FF', 255n],
    ['0XdeadBEEF', 0xdeadbeefn],
    ['0o17', 15n],
    ['0O7_7', 63n],
    ['0b1010', 10n],
    ['0B1_1', 3n],
    ['123456789012345678901234567890', 123456789012345678901234567890n],
    ['0xFFFFFFFFFFFFFFFFFFFFFFFF', 0xffffffffffffffffffffffffn],
    ['1.5', 1.5],
    ['.5', 0.5],
    ['5.', 5],
    ['1e10', 1e10],
    ['1E-5', 1e-5],
    ['1_0.2_5e+1_0', 10.25e10],
    ['1e999', Number.POSITIVE_INFINITY],
    ['00.5', 0.5],
  ])('%s', (source, value) => {
    expect(constantOf(source)).toBe(value);
  });

  it('keeps ints and floats apart, and makes imaginary literals', () => {
    expect(typeof constantOf('1')).toBe('bigint');
    expect(typeof constantOf('1.0')).toBe('number');
    expect(constantOf('2j')).toEqual(new ImaginaryLiteral(2));
    expect(constantOf('1.5J')).toEqual(new ImaginaryLiteral(1.5));
    expect(constantOf('1e3j')).toEqual(new ImaginaryLiteral(1000));
    expect(constantOf('...')).toBe(ELLIPSIS);
  });

  it.each([
    ['x = 1_', 'invalid decimal literal', 6],
    ['x = 1__0', 'invalid decimal literal', 6],
    ['x = 0x', 'invalid hexadecimal literal', 6],
    ['x = 0o8', "invalid digit '8' in octal literal", 7],
    ['x = 0b12', "invalid digit '2' in binary literal", 8],
    ['x = 1e+', 'invalid decimal literal', 7],
    ['x = 1abc', 'invalid decimal literal', 5],
    ['x = 5j5', 'invalid imaginary literal', 6],
  ])('%s', (source, msg, offset) => {
    const e = tokenizerError(`${source}\n`);
    expect([e.msg, e.offset]).toEqual([msg, offset]);
  });

  it('splits a number from a following keyword, as CPython does, with its SyntaxWarning', () => {
    expect(show('1if x else 2').slice(0, 3)).toEqual([
      'Number "1" 1:0-1:1',
      'If "if" 1:1-1:3',
      'Name "x" 1:4-1:5',
    ]);
    const warnings: string[] = [];
    parse('y = 0\nx = [0x1for y in z]\n', 'w.py', { onWarning: (w) => warnings.push(w.format()) });
    // What python3 w.py prints on stderr.
    expect(warnings).toEqual(['w.py:2: SyntaxWarning: invalid hexadecimal literal\n  x = [0x1for y in z]\n']);
    // exec() of a str: no line to show.
    parse('x = 1or 2\n', '<string>', { input: 'string', onWarning: (w) => warnings.push(w.format()) });
    expect(warnings[1]).toBe('<string>:1: SyntaxWarning: invalid decimal literal\n');
  });
});

describe('tokenizer: operators and names', () => {
  it('reads every operator, longest match first', () => {
    const ops =
      '+ - * / // % ** @ << >> & | ^ ~ < > <= >= == != = += -= *= /= //= %= **= @= <<= >>= &= |= ^= -> := . ... , ; : ( ) [ ] { }';
    const texts = tokenize(new SourceText(ops, 'x.py')).map((t) => t.text);
    expect(texts.slice(0, -2)).toEqual(ops.split(' '));
  });

  it('normalizes non-ASCII identifiers with NFKC and counts columns in UTF-8 bytes', () => {
    const module: Module = parse('ﬁle = naïve + 𝕏\n', 'x.py');
    expect(astToJson(module.body[0])).toMatchObject({
      targets: [{ id: 'file', _pos: [1, 0, 1, 5] }],
      value: { left: { id: 'naïve', _pos: [1, 8, 1, 14] }, right: { id: 'X', _pos: [1, 17, 1, 21] } },
    });
    expect(astToJson(expressionOf('"日本" + x'))).toMatchObject({ right: { _pos: [1, 11, 1, 12] } });
  });

  it('rejects characters that cannot appear in an identifier', () => {
    const e = tokenizerError('price = 10€\n');
    expect([e.msg, e.offset]).toEqual(["invalid character '€' (U+20AC)", 11]);
    expect(tokenizerError('x = 1 \u00a0 2\n').msg).toBe('invalid non-printable character U+00A0');
    expect(tokenizerError('x = \u0001\n').msg).toBe('invalid non-printable character U+0001');
  });

  it('gives the bracket depth of each token, as CPython’s token level', () => {
    const levels = tokenize(new SourceText('f([a], {b})', 'x.py')).map((t) => t.level);
    expect(levels).toEqual([0, 1, 2, 2, 1, 1, 2, 2, 1, 0, 0, 0]);
  });
});
