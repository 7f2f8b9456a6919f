/** How a string token is spelled: its prefix flags and where its body lies in the source. */
export interface StringSpelling {
  bytes: boolean;
  raw: boolean;
  fstring: boolean;
  /** First prefix character is a lowercase `u` (CPython then sets `Constant.kind = 'u'`). */
  lowerU: boolean;
  /** Source index of the first character after the opening quote(s). */
  bodyStart: number;
  /** Source index of the closing quote(s). */
  bodyEnd: number;
}

/** Reads the prefix and quotes of a STRING token's text starting at source index `start`. */
export function spellingOf(text: string, start: number): StringSpelling {
  let i = 0;
  let bytes = false;
  let raw = false;
  let fstring = false;
  for (; ; i++) {
    const c = text.charCodeAt(i) | 0x20;
    if (c === 98) bytes = true;
    else if (c === 114) raw = true;
    else if (c === 102) fstring = true;
    else if (c !== 117) break;
  }
  const quote = text.charCodeAt(i);
  const quoteSize =
    text.length - i >= 6 && text.charCodeAt(i + 1) === quote && text.charCodeAt(i + 2) === quote ? 3 : 1;
  return {
    bytes,
    raw,
    fstring,
    lowerU: text.charCodeAt(0) === 117,
    bodyStart: start + i + quoteSize,
    bodyEnd: start + text.length - quoteSize,
  };
}

/** A bad escape, reported as CPython words it; the parser places it. */
export class EscapeError extends Error {
  readonly unsupported: boolean;
  constructor(message: string, unsupported = false) {
    super(message);
    this.name = 'EscapeError';
    this.unsupported = unsupported;
  }
}

function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  const l = c | 0x20;
  if (l >= 97 && l <= 102) return l - 87;
  return -1;
}

/**
 * Decodes the escapes of a str literal body, as CPython's `decode_unicode_with_escapes`
 * (which runs the 'unicodeescape' codec after spelling each non-ASCII character as a 10-byte
 * `\UXXXXXXXX`: error positions count in that buffer, and so do they here). Unknown escapes such
 * as `\d` are kept as written (CPython only warns).
 */
export function decodeStrEscapes(
  src: string,
  start: number,
  end: number,
  onNamedEscape: (() => void) | null = null,
): string {
  let firstEscape = src.indexOf('\\', start);
  if (firstEscape < 0 || firstEscape >= end) return src.slice(start, end);
  let out = '';
  let i = start;
  // Position in CPython's transformed buffer, for error messages.
  let bufPos = 0;
  let runStart = i;
  const countRun = (from: number, to: number): void => {
    for (let k = from; k < to; k++) {
      const c = src.charCodeAt(k);
      if (c < 0x80) bufPos++;
      else if (c >= 0xdc00 && c <= 0xdfff && k > from && src.charCodeAt(k - 1) >= 0xd800) continue;
      else bufPos += 10;
    }
  };
  while (firstEscape >= 0 && firstEscape < end) {
    countRun(runStart, firstEscape);
    out += src.slice(runStart, firstEscape);
    i = firstEscape + 1;
    const escStart = bufPos;
    const c = src.charCodeAt(i++);
    switch (c) {
      case 10: // backslash-newline: nothing
        bufPos += 2;
        break;
      case 92:
        out += '\\';
        bufPos += 2;
        break;
      case 39:
        out += "'";
        bufPos += 2;
        break;
      case 34:
        out += '"';
        bufPos += 2;
        break;
      case 97:
        out += '\x07';
        bufPos += 2;
        break;
      case 98:
        out += '\b';
        bufPos += 2;
        break;
      case 102:
        out += '\f';
        bufPos += 2;
        break;
      case 110:
        out += '\n';
        bufPos += 2;
        break;
      case 114:
        out += '\r';
        bufPos += 2;
        break;
      case 116:
        out += '\t';
        bufPos += 2;
        break;
      case 118:
        out += '\v';
        bufPos += 2;
        break;
      case 120: // \xhh
      case 117: // \uhhhh
      case 85: {
        // \Uhhhhhhhh
        const digits = c === 120 ? 2 : c === 117 ? 4 : 8;
        let value = 0;
        let n = 0;
        while (n < digits && i < end) {
          const h = hexValue(src.charCodeAt(i));
          if (h < 0) break;
          value = value * 16 + h;
          i++;
          n++;
        }
        if (n < digits) {
          const what =
            c === 120
              ? 'truncated \\xXX escape'
              : c === 117
                ? 'truncated \\uXXXX escape'
                : 'truncated \\UXXXXXXXX escape';
          throw new EscapeError(
            `(unicode error) 'unicodeescape' codec can't decode bytes in position ${escStart}-${escStart + 1 + n}: ${what}`,
          );
        }
        if (value > 0x10ffff) {
          throw new EscapeError(
            `(unicode error) 'unicodeescape' codec can't decode bytes in position ${escStart}-${escStart + 1 + n}: illegal Unicode character`,
          );
        }
        out += String.fromCodePoint(value);
        bufPos += 2 + n;
        break;
      }
      case 78: {
        // \N{name}: checked for shape; memkit has no Unicode name table, so a well-formed one
        // is reported to `onNamedEscape` (or refused) and decodes to U+FFFD.
        const malformed = (last: number): EscapeError =>
          new EscapeError(
            `(unicode error) 'unicodeescape' codec can't decode bytes in position ${escStart}-${last}: malformed \\N character escape`,
          );
        if (i >= end || src.charCodeAt(i) !== 123) throw malformed(escStart + 1);
        const close = src.indexOf('}', i + 1);
        if (close < 0 || close >= end) {
          countRun(i - 2, end);
          throw malformed(bufPos - 1);
        }
        if (close === i + 1) throw malformed(escStart + 2);
        if (onNamedEscape === null) throw new EscapeError('\\N{...} escapes in string literals', true);
        onNamedEscape();
        out += '\ufffd';
        bufPos = escStart;
        countRun(i - 2, close + 1);
        i = close + 1;
        break;
      }
      default:
        if (c >= 48 && c <= 55) {
          let value = c - 48;
          let n = 1;
          while (n < 3 && i < end) {
            const d = src.charCodeAt(i);
            if (d < 48 || d > 55) break;
            value = value * 8 + (d - 48);
            i++;
            n++;
          }
          out += String.fromCodePoint(value);
          bufPos += 1 + n;
        } else {
          // Unknown escape: the backslash stays.
          out += '\\';
          bufPos += 1;
          i--;
        }
    }
    runStart = i;
    firstEscape = src.indexOf('\\', i);
  }
  out += src.slice(runStart, end);
  return out;
}

/**
 * Decodes a bytes literal body (CPython's `_PyBytes_DecodeEscape`): only ASCII may appear, `\x`
 * needs two hex digits, `\u`/`\U`/`\N` are not escapes. Returns null when a non-ASCII character
 * appears (the caller reports it on the token).
 */
export function decodeBytes(src: string, start: number, end: number, raw: boolean): Uint8Array | null {
  const out: number[] = [];
  let i = start;
  while (i < end) {
    const c = src.charCodeAt(i++);
    if (c >= 0x80) return null;
    if (c !== 92 || raw || i >= end) {
      out.push(c);
      continue;
    }
    // CPython reports the backslash's position in the literal's source body.
    const escPos = i - 1 - start;
    const e = src.charCodeAt(i++);
    switch (e) {
      case 10:
        break;
      case 92:
      case 39:
      case 34:
        out.push(e);
        break;
      case 97:
        out.push(7);
        break;
      case 98:
        out.push(8);
        break;
      case 102:
        out.push(12);
        break;
      case 110:
        out.push(10);
        break;
      case 114:
        out.push(13);
        break;
      case 116:
        out.push(9);
        break;
      case 118:
        out.push(11);
        break;
      case 120: {
        const h1 = i < end ? hexValue(src.charCodeAt(i)) : -1;
        const h2 = i + 1 < end ? hexValue(src.charCodeAt(i + 1)) : -1;
        if (h1 < 0 || h2 < 0) throw new EscapeError(`(value error) invalid \\x escape at position ${escPos}`);
        out.push(h1 * 16 + h2);
        i += 2;
        break;
      }
      default:
        if (e >= 48 && e <= 55) {
          let value = e - 48;
          let n = 1;
          while (n < 3 && i < end) {
            const d = src.charCodeAt(i);
            if (d < 48 || d > 55) break;
            value = value * 8 + (d - 48);
            i++;
            n++;
          }
          out.push(value & 0xff);
        } else {
          if (e >= 0x80) return null;
          out.push(92, e);
        }
    }
  }
  return Uint8Array.from(out);
}
