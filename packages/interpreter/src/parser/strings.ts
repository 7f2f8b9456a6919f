import type { Constant, ExprNode, FormattedValue, JoinedStr } from './ast';
import type { SourceText } from './source-text';
import { decodeBytes, decodeStrEscapes, EscapeError, spellingOf } from './string-literal';
import type { PySyntaxError } from './syntax-error';
import type { Token } from './token';

/** An f-string replacement field's expression: its source span and the string token holding it. */
export interface FieldExpression {
  start: number;
  end: number;
  token: Token;
}

/** What string concatenation needs from the parser. */
export interface StringHost {
  readonly source: SourceText;
  /** Parses a replacement field's expression (as CPython 3.11 does: as if in parentheses). */
  parseField(field: FieldExpression): ExprNode;
  /** RAISE_SYNTAX_ERROR: at the token after the strings, where CPython's parser stands. */
  errorAfterStrings(msg: string): PySyntaxError;
  errorAtToken(t: Token, msg: string): PySyntaxError;
  /** Notes a construct memkit does not support (`what` completes "memkit does not support …"). */
  unsupportedAfterStrings(what: string): void;
}

type Part = Constant | FormattedValue;

/** CPython's FstringParser: literal text waiting to become a Constant, and the parts so far. */
class FstringState {
  lastStr: string | null = null;
  readonly parts: Part[] = [];
  fmode = false;

  concat(s: string): void {
    if (s.length === 0) return;
    this.lastStr = this.lastStr === null ? s : this.lastStr + s;
  }
}

/** Result of scanning one literal run: where scanning resumes, and whether a `{{`/`}}` ended it. */
interface LiteralScan {
  pos: number;
  literal: string | null;
  doubledBrace: boolean;
}

function isFieldBlank(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 12;
}

/** Py_ISSPACE. */
function isAsciiSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

/**
 * Adjacent string literals made into one node, after CPython 3.11's `_PyPegen_concatenate_strings`
 * and the f-string parser of `Parser/string_parser.c` — including its position rules: the
 * Constant and FormattedValue parts of a JoinedStr span the whole concatenation, a format spec's
 * JoinedStr (and its trailing literal) spans the one string token holding it, and expressions
 * inside fields have their true positions.
 */
export class StringConcatenation {
  private readonly host: StringHost;
  private readonly src: string;
  private readonly first: Token;
  private readonly last: Token;

  private readonly namedEscape = (): void =>
    this.host.unsupportedAfterStrings('\\N{...} escapes in string literals');

  constructor(host: StringHost, tokens: readonly Token[]) {
    this.host = host;
    this.src = host.source.text;
    this.first = tokens[0];
    this.last = tokens[tokens.length - 1];
  }

  build(tokens: readonly Token[]): Constant | JoinedStr {
    const state = new FstringState();
    let bytesMode = false;
    const byteParts: Uint8Array[] = [];
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i];
      const spelling = spellingOf(t.text, t.start);
      if (i !== 0 && bytesMode !== spelling.bytes) {
        throw this.host.errorAfterStrings('cannot mix bytes and nonbytes literals');
      }
      bytesMode = spelling.bytes;
      if (spelling.fstring) {
        this.concatFstring(state, spelling.bodyStart, spelling.bodyEnd, spelling.raw, 0, t);
      } else if (spelling.bytes) {
        const bytes = this.decode(() =>
          decodeBytes(this.src, spelling.bodyStart, spelling.bodyEnd, spelling.raw),
        );
        if (bytes === null)
          throw this.host.errorAtToken(t, 'bytes can only contain ASCII literal characters');
        byteParts.push(bytes);
      } else {
        const text = spelling.raw
          ? this.src.slice(spelling.bodyStart, spelling.bodyEnd)
          : this.decode(() =>
              decodeStrEscapes(this.src, spelling.bodyStart, spelling.bodyEnd, this.namedEscape),
            );
        state.concat(text);
      }
    }
    if (bytesMode) {
      return this.constant(
        byteParts.length === 1 ? byteParts[0] : joinBytes(byteParts),
        null,
        this.first,
        this.last,
      );
    }
    return this.finish(state, this.first, this.last);
  }

  private decode<T>(run: () => T): T {
    try {
      return run();
    } catch (e) {
      if (!(e instanceof EscapeError)) throw e;
      throw this.host.errorAfterStrings(e.message);
    }
  }

  private constant(value: string | Uint8Array, kindFrom: Token | null, start: Token, end: Token): Constant {
    return {
      nodeType: 'Constant',
      value,
      kind: kindFrom !== null && kindFrom.text.charCodeAt(0) === 117 ? 'u' : null,
      lineno: start.lineno,
      col_offset: start.col,
      end_lineno: end.endLineno,
      end_col_offset: end.endCol,
    };
  }

  /** `_PyPegen_FstringParser_Finish`: a Constant if no f-string took part, else a JoinedStr. */
  private finish(state: FstringState, start: Token, end: Token): Constant | JoinedStr {
    if (!state.fmode) return this.constant(state.lastStr ?? '', start, start, end);
    return this.finishJoined(state, start, end);
  }

  private finishJoined(state: FstringState, start: Token, end: Token): JoinedStr {
    if (state.lastStr !== null) {
      state.parts.push(this.constant(state.lastStr, start, start, end));
      state.lastStr = null;
    }
    return {
      nodeType: 'JoinedStr',
      values: state.parts,
      lineno: start.lineno,
      col_offset: start.col,
      end_lineno: end.endLineno,
      end_col_offset: end.endCol,
    };
  }

  /** `_PyPegen_FstringParser_ConcatFstring`: literals and fields of one f-string body. */
  private concatFstring(
    state: FstringState,
    from: number,
    end: number,
    raw: boolean,
    level: number,
    t: Token,
  ): number {
    state.fmode = true;
    let pos = from;
    for (;;) {
      const scan = this.findLiteral(pos, end, raw, level);
      pos = scan.pos;
      if (scan.literal !== null) state.concat(scan.literal);
      if (scan.doubledBrace) continue;
      if (pos >= end || this.src.charCodeAt(pos) === 125) break;
      const field = this.findField(pos, end, raw, level, t);
      pos = field.pos;
      if (field.debugText !== null) state.concat(field.debugText);
      if (state.lastStr !== null) {
        state.parts.push(this.constant(state.lastStr, this.first, this.first, this.last));
        state.lastStr = null;
      }
      state.parts.push(field.value);
    }
    if (level !== 0 && this.src.charCodeAt(pos) !== 125)
      throw this.host.errorAfterStrings("f-string: expecting '}'");
    return pos;
  }

  /**
   * `fstring_find_literal`: text up to an undoubled brace. `\N{…}` braces are skipped; `{{` and
   * `}}` are escapes only at the top level (in a format spec `{{` opens a nested field).
   */
  private findLiteral(from: number, end: number, raw: boolean, level: number): LiteralScan {
    const src = this.src;
    let s = from;
    let pos = -1;
    let doubledBrace = false;
    while (s < end) {
      let ch = src.charCodeAt(s++);
      if (!raw && ch === 92 && s < end) {
        ch = src.charCodeAt(s++);
        if (ch === 78) {
          if (s < end && src.charCodeAt(s++) === 123) {
            while (s < end && src.charCodeAt(s++) !== 125) {
              // Skip the character name.
            }
          }
          continue;
        }
      }
      if (ch === 123 || ch === 125) {
        if (level === 0) {
          if (s < end && src.charCodeAt(s) === ch) {
            pos = s + 1;
            doubledBrace = true;
            break;
          }
          if (ch === 125) throw this.host.errorAfterStrings("f-string: single '}' is not allowed");
        }
        s--;
        break;
      }
    }
    if (pos < 0) pos = s;
    let literal: string | null = null;
    if (s !== from) {
      literal = raw
        ? src.slice(from, s)
        : this.decode(() => decodeStrEscapes(src, from, s, this.namedEscape));
    }
    return { pos, literal, doubledBrace };
  }

  /** `fstring_find_expr`: one `{expr[=][!c][:spec]}` field starting at its `{`. */
  private findField(
    brace: number,
    end: number,
    raw: boolean,
    level: number,
    t: Token,
  ): { pos: number; value: FormattedValue; debugText: string | null } {
    const src = this.src;
    const err = (msg: string): PySyntaxError => this.host.errorAfterStrings(msg);
    if (level >= 2) throw err('f-string: expressions nested too deeply');
    const exprStart = brace + 1;
    let pos = exprStart;
    let quote = 0;
    let stringType = 0;
    const brackets: number[] = [];
    for (; pos < end; pos++) {
      const ch = src.charCodeAt(pos);
      if (ch === 92) throw err('f-string expression part cannot include a backslash');
      if (quote !== 0) {
        if (ch === quote) {
          if (stringType === 3) {
            if (pos + 2 < end && src.charCodeAt(pos + 1) === ch && src.charCodeAt(pos + 2) === ch) {
              pos += 2;
              stringType = 0;
              quote = 0;
            }
          } else {
            stringType = 0;
            quote = 0;
          }
        }
        continue;
      }
      if (ch === 39 || ch === 34) {
        if (pos + 2 < end && src.charCodeAt(pos + 1) === ch && src.charCodeAt(pos + 2) === ch) {
          stringType = 3;
          pos += 2;
        } else stringType = 1;
        quote = ch;
      } else if (ch === 91 || ch === 123 || ch === 40) {
        if (brackets.length >= 200) throw err('f-string: too many nested parenthesis');
        brackets.push(ch);
      } else if (ch === 35) {
        throw err("f-string expression part cannot include '#'");
      } else if (
        brackets.length === 0 &&
        (ch === 33 || ch === 58 || ch === 125 || ch === 61 || ch === 62 || ch === 60)
      ) {
        if (pos + 1 < end) {
          const next = src.charCodeAt(pos + 1);
          // "!=", "==", "<=", ">=" are operators, not the end of the expression.
          if (next === 61 && (ch === 33 || ch === 61 || ch === 60 || ch === 62)) {
            pos++;
            continue;
          }
        }
        if (ch === 62 || ch === 60) continue;
        break;
      } else if (ch === 93 || ch === 125 || ch === 41) {
        const opening = brackets.pop();
        if (opening === undefined) throw err(`f-string: unmatched '${String.fromCharCode(ch)}'`);
        if (
          !((opening === 40 && ch === 41) || (opening === 91 && ch === 93) || (opening === 123 && ch === 125))
        ) {
          throw err(
            `f-string: closing parenthesis '${String.fromCharCode(ch)}' does not match opening parenthesis '${String.fromCharCode(opening)}'`,
          );
        }
      }
    }
    const exprEnd = pos;
    if (quote !== 0) throw err('f-string: unterminated string');
    if (brackets.length > 0)
      throw err(`f-string: unmatched '${String.fromCharCode(brackets[brackets.length - 1])}'`);
    if (pos >= end) throw err("f-string: expecting '}'");

    let blank = true;
    for (let i = exprStart; i < exprEnd && blank; i++) blank = isFieldBlank(src.charCodeAt(i));
    if (blank) throw err('f-string: empty expression not allowed');
    const value = this.host.parseField({ start: exprStart, end: exprEnd, token: t });

    let debugText: string | null = null;
    if (src.charCodeAt(pos) === 61) {
      pos++;
      while (pos < end && isAsciiSpace(src.charCodeAt(pos))) pos++;
      if (pos >= end) throw err("f-string: expecting '}'");
      debugText = src.slice(exprStart, pos);
    }
    let conversion = -1;
    if (src.charCodeAt(pos) === 33) {
      pos++;
      if (pos >= end) throw err("f-string: expecting '}'");
      conversion = src.charCodeAt(pos++);
      if (conversion !== 115 && conversion !== 114 && conversion !== 97) {
        throw err("f-string: invalid conversion character: expected 's', 'r', or 'a'");
      }
    }
    let formatSpec: JoinedStr | null = null;
    if (pos < end && src.charCodeAt(pos) === 58) {
      pos++;
      if (pos >= end) throw err("f-string: expecting '}'");
      const specState = new FstringState();
      pos = this.concatFstring(specState, pos, end, raw, level + 1, t);
      formatSpec = this.finishJoined(specState, t, t);
    }
    if (pos >= end || src.charCodeAt(pos) !== 125) throw err("f-string: expecting '}'");
    pos++;
    if (debugText !== null && formatSpec === null && conversion === -1) conversion = 114;
    return {
      pos,
      debugText,
      value: {
        nodeType: 'FormattedValue',
        value,
        conversion,
        format_spec: formatSpec,
        lineno: this.first.lineno,
        col_offset: this.first.col,
        end_lineno: this.last.endLineno,
        end_col_offset: this.last.endCol,
      },
    };
  }
}

function joinBytes(parts: readonly Uint8Array[]): Uint8Array {
  let size = 0;
  for (const p of parts) size += p.length;
  const out = new Uint8Array(size);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
