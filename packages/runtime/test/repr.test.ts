import { describe, expect, it } from 'vitest';
import { reprStr } from '../src/repr';

// Expected: python3 3.11.7, `print(repr(s))` for each s.
describe('reprStr', () => {
  it('quotes and escapes as unicode_repr does', () => {
    expect(reprStr('"')).toBe(`'"'`);
    expect(reprStr("'")).toBe(`"'"`);
    expect(reprStr('a\'b"c')).toBe(`'a\\'b"c'`);
    expect(reprStr('\x00\t\x1f')).toBe(`'\\x00\\t\\x1f'`);
  });

  it('escapes what str.isprintable() rejects and keeps printable non-ASCII text', () => {
    // repr('\x7f\x80\x9f\xa0\xad\u202e\ud800\u2028\u0378\U000e0001é中😀 \u3000\ufeff')
    expect(reprStr('\x7f\x80\x9f\xa0\xad\u202e\ud800\u2028\u0378\u{e0001}é中😀 \u3000\ufeff')).toBe(
      "'\\x7f\\x80\\x9f\\xa0\\xad\\u202e\\ud800\\u2028\\u0378\\U000e0001é中😀 \\u3000\\ufeff'",
    );
    // repr('\U0010ffff'), repr('\u00ad\u200b\u2060')
    expect(reprStr('\u{10ffff}')).toBe("'\\U0010ffff'");
    expect(reprStr('\u00ad\u200b\u2060')).toBe("'\\xad\\u200b\\u2060'");
  });
});
