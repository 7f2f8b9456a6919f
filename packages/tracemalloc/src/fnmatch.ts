/**
 * Python's `fnmatch.fnmatchcase` pattern as a JavaScript RegExp, following `fnmatch.translate`
 * (3.11): `*`, `?`, `[seq]`, `[!seq]` with its handling of ranges, empty ranges and unclosed
 * brackets. Python wraps each interior `*fixed` in an atomic group, which JavaScript lacks; the
 * lookahead-plus-backreference form `(?=(.*?fixed))\N` is the same atomic match.
 * Patterns are taken by code point (the `u` flag), as Python strings are.
 */
export function fnmatchRegExp(pattern: string): RegExp {
  return new RegExp(`^(?:${translate(pattern)})$`, 'su');
}

const STAR = 0;
type Piece = string | typeof STAR;

function translate(pattern: string): string {
  const pat = Array.from(pattern);
  const pieces: Piece[] = [];
  let i = 0;
  const n = pat.length;
  while (i < n) {
    const c = pat[i];
    i += 1;
    if (c === '*') {
      // Consecutive stars compress into one.
      if (pieces.length === 0 || pieces[pieces.length - 1] !== STAR) pieces.push(STAR);
    } else if (c === '?') {
      pieces.push('.');
    } else if (c === '[') {
      let j = i;
      if (j < n && pat[j] === '!') j += 1;
      if (j < n && pat[j] === ']') j += 1;
      while (j < n && pat[j] !== ']') j += 1;
      if (j >= n) {
        pieces.push('\\[');
      } else {
        pieces.push(charClass(pat, i, j));
        i = j + 1;
      }
    } else {
      pieces.push(escapeLiteral(c));
    }
  }
  return joinStars(pieces);
}

/** `[...]` between `pat[start]` and the closing `pat[end]`, as `translate` builds it. */
function charClass(pat: readonly string[], start: number, end: number): string {
  let chunks: string[][];
  if (!pat.slice(start, end).includes('-')) {
    chunks = [pat.slice(start, end)];
  } else {
    // Split at the hyphens that make ranges; a hyphen right after `[` or `[!` is literal.
    chunks = [];
    let i = start;
    let k = pat[start] === '!' ? start + 2 : start + 1;
    for (;;) {
      k = pat.indexOf('-', k);
      if (k < 0 || k >= end) break;
      chunks.push(pat.slice(i, k));
      i = k + 1;
      k += 3;
    }
    const last = pat.slice(i, end);
    if (last.length > 0) chunks.push(last);
    else chunks[chunks.length - 1].push('-');
    // Remove empty ranges (`z-a`): invalid in a regular expression.
    for (let k2 = chunks.length - 1; k2 > 0; k2--) {
      const before = chunks[k2 - 1];
      const after = chunks[k2];
      if (codePoint(before.at(-1)) > codePoint(after[0])) {
        chunks[k2 - 1] = [...before.slice(0, -1), ...after.slice(1)];
        chunks.splice(k2, 1);
      }
    }
  }
  const flat = chunks.flat();
  if (flat.length === 0) return '(?!)'; // Empty range: never matches.
  if (chunks.length === 1 && flat.length === 1 && flat[0] === '!') return '.'; // Negated empty range.
  const negated = flat[0] === '!';
  if (negated) chunks[0] = chunks[0].slice(1);
  const body = chunks.map((chunk) => chunk.map(escapeClassChar).join('')).join('-');
  return `[${negated ? '^' : ''}${body}]`;
}

/** `STAR fixed STAR fixed …`: a lazy, atomic `.*?fixed` for each interior pair. */
function joinStars(pieces: readonly Piece[]): string {
  const out: string[] = [];
  let i = 0;
  const n = pieces.length;
  while (i < n && pieces[i] !== STAR) out.push(pieces[i++] as string);
  let group = 0;
  while (i < n) {
    i += 1; // The star.
    if (i === n) {
      out.push('.*');
      break;
    }
    let fixed = '';
    while (i < n && pieces[i] !== STAR) fixed += pieces[i++] as string;
    if (i === n) {
      out.push(`.*${fixed}`);
    } else {
      group += 1;
      out.push(`(?=(.*?${fixed}))\\${group}`);
    }
  }
  return out.join('');
}

function codePoint(c: string | undefined): number {
  return c === undefined ? -1 : (c.codePointAt(0) as number);
}

function escapeLiteral(c: string): string {
  return /[\\^$.*+?()[\]{}|/]/.test(c) ? `\\${c}` : c;
}

function escapeClassChar(c: string): string {
  return /[\\\][^-]/.test(c) ? `\\${c}` : c;
}
