import { ImaginaryLiteral } from './ast';

/**
 * The value of a NUMBER token the tokenizer accepted: an int as bigint (any size, any base),
 * a float as number (JavaScript's parsing rounds correctly, as CPython's does; `1e999` is
 * Infinity), an imaginary literal as ImaginaryLiteral.
 */
export function numberValue(text: string): bigint | number | ImaginaryLiteral {
  const clean = text.includes('_') ? text.replaceAll('_', '') : text;
  const n = clean.length;
  if ((clean.charCodeAt(n - 1) | 0x20) === 106) return new ImaginaryLiteral(Number(clean.slice(0, n - 1)));
  if (n > 1 && clean.charCodeAt(0) === 48) {
    const prefix = clean.charCodeAt(1) | 0x20;
    if (prefix === 120 || prefix === 111 || prefix === 98) return BigInt(clean);
  }
  for (let i = 0; i < n; i++) {
    const c = clean.charCodeAt(i);
    if (c === 46 || c === 101 || c === 69) return Number(clean);
  }
  return BigInt(clean);
}
