/**
 * Python's ordering of two strings: by code point. JavaScript's `<` compares UTF-16 code units,
 * which puts an astral character (a surrogate pair, 0xD800–0xDFFF) before U+E000–U+FFFF where
 * Python puts it after; the first differing unit decides, so ranking surrogates above the BMP is
 * enough for well-formed strings.
 */
export function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return rank(x) - rank(y);
  }
  return a.length - b.length;
}

function rank(unit: number): number {
  return unit >= 0xd800 && unit <= 0xdfff ? unit + 0x10000 : unit;
}
