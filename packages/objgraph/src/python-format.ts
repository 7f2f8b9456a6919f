/**
 * The few `%`-format conversions objgraph's tables and DOT use, with Python's semantics: widths
 * count code points (not UTF-16 units), `%+d` always shows the sign, `%g` keeps six significant
 * digits without trailing zeros.
 */

/** Length in code points, as Python's `len(str)`. */
export function pyLen(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/** The first `n` code points, as Python's `text[:n]`. */
export function pyPrefix(text: string, n: number): string {
  let out = '';
  let i = 0;
  for (const ch of text) {
    if (i++ >= n) break;
    out += ch;
  }
  return out;
}

/** `'%-*s' % (width, text)`. */
export function padRight(text: string, width: number): string {
  const pad = width - pyLen(text);
  return pad > 0 ? text + ' '.repeat(pad) : text;
}

/** `'%*d'` (or `'%+*d'` with `sign`) of an integer count. */
export function formatInt(value: number, width = 0, sign = false): string {
  const text = sign && value >= 0 ? `+${value}` : String(value);
  return text.padStart(width, ' ');
}

/** `'%g' % value`: six significant digits, trailing zeros dropped, exponent outside 1e-4..1e6. */
export function formatG(value: number): string {
  if (Number.isNaN(value)) return 'nan';
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
  if (value === 0) return Object.is(value, -0) ? '-0' : '0';
  const exponent = Number(value.toExponential(5).split('e')[1]);
  if (exponent < -4 || exponent >= 6) {
    const [mantissa, exp] = value.toExponential(5).split('e');
    const sign = exp.startsWith('-') ? '-' : '+';
    const digits = exp.replace(/^[+-]/, '').padStart(2, '0');
    return `${stripZeros(mantissa)}e${sign}${digits}`;
  }
  return stripZeros(value.toFixed(Math.max(0, 5 - exponent)));
}

function stripZeros(text: string): string {
  return text.includes('.') ? text.replace(/\.?0+$/, '') : text;
}

/** Python's `str < str` (code point order), for deterministic sorts that match CPython's. */
export function compareCodePoints(a: string, b: string): number {
  if (a === b) return 0;
  const ia = a[Symbol.iterator]();
  const ib = b[Symbol.iterator]();
  for (;;) {
    const ca = ia.next();
    const cb = ib.next();
    if (ca.done) return cb.done ? 0 : -1;
    if (cb.done) return 1;
    const da = ca.value.codePointAt(0) as number;
    const db = cb.value.codePointAt(0) as number;
    if (da !== db) return da < db ? -1 : 1;
  }
}
