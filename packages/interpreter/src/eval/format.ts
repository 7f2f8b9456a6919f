import { PyFloat, PyInt, type PyObject, PyStr, PythonError } from '@memkit/runtime';
import { formatFloat } from './float-format';
import { callSpecial, lookupSpecial } from './special-methods';
import { str } from './text';
import type { Vm } from './vm';

const SPEC = /^(?:(.)?([<>=^]))?([+\- ])?(#)?(0)?(\d+)?([,_])?(?:\.(\d+))?([bcdeEfFgGnosxX%])?$/;

/** `format(value, spec)`: the format-spec mini-language for ints, floats and strs. */
export function formatValue(vm: Vm, value: PyObject, spec: string): string {
  if (value.type.isHeapType && lookupSpecial(value.type, '__format__') !== null) {
    const result = callSpecial(vm, value, '__format__', [vm.runtime.newStr(spec)]);
    try {
      return (result as PyStr).value;
    } finally {
      vm.runtime.decref(result);
    }
  }
  if (spec === '') return str(vm, value);
  const m = SPEC.exec(spec);
  if (m === null)
    throw new PythonError(
      'ValueError',
      `Invalid format specifier '${spec}' for object of type '${value.type.name}'`,
    );
  const [, fillChar, alignChar, signChar, alternate, zero, widthText, grouping, precisionText, typeChar] = m;
  const width = widthText === undefined ? 0 : Number(widthText);
  const precision = precisionText === undefined ? null : Number(precisionText);
  // parse_internal_render_format_spec's '0': zeros fill unless a fill is given, and a number
  // with no alignment pads between its sign (and base prefix) and its digits.
  const fill = fillChar ?? (zero !== undefined ? '0' : ' ');
  if (typeChar !== undefined && !allowsType(value, typeChar))
    throw new PythonError(
      'ValueError',
      `Unknown format code '${typeChar}' for object of type '${value.type.name}'`,
    );
  const number = numberParts(value, typeChar, alternate !== undefined, precision);
  if (number === null) {
    if (alternate !== undefined)
      throw new PythonError('ValueError', 'Alternate form (#) not allowed in string format specifier');
    if (grouping !== undefined)
      throw new PythonError('ValueError', `Cannot specify '${grouping}' with '${typeChar ?? 's'}'.`);
    let text = str(vm, value);
    if (precision !== null) text = Array.from(text).slice(0, precision).join('');
    return pad(text, fill, alignChar ?? '<', width);
  }
  const align = alignChar ?? (zero !== undefined ? '=' : '>');
  const sign = number.negative ? '-' : signChar === '+' || signChar === ' ' ? signChar : '';
  const leading = sign + number.prefix;
  let digits = number.digits;
  if (grouping !== undefined && digits !== '') {
    if (grouping === ',' && number.base !== 10)
      throw new PythonError('ValueError', `Cannot specify ',' with '${typeChar}'.`);
    // calc_number_widths: only a '0' fill with '=' alignment zero-pads inside the grouping.
    const minWidth = fill === '0' && align === '=' ? width - leading.length - number.rest.length : 0;
    digits = groupDigits(digits, grouping, number.base === 10 ? 3 : 4, minWidth);
  }
  if (align !== '=') return pad(leading + digits + number.rest, fill, align, width);
  const padding = Math.max(0, width - leading.length - digits.length - number.rest.length);
  return leading + fill.repeat(padding) + digits + number.rest;
}

/**
 * A formatted number split as CPython splits it for padding: sign, base prefix, the integer
 * digits grouping applies to, and the rest (fraction, exponent, `%`, or `inf`/`nan`).
 */
interface NumberParts {
  readonly negative: boolean;
  readonly prefix: string;
  readonly digits: string;
  readonly rest: string;
  readonly base: number;
}

/** `value` formatted as a number for `typeChar`, or null for a value formatted as a string. */
function numberParts(
  value: PyObject,
  typeChar: string | undefined,
  alternate: boolean,
  precision: number | null,
): NumberParts | null {
  if (
    value instanceof PyFloat ||
    (value instanceof PyInt && typeChar !== undefined && 'eEfFgG%'.includes(typeChar))
  ) {
    const x = value instanceof PyFloat ? value.value : Number((value as PyInt).value);
    const text = formatFloat(x, typeChar, precision);
    const negative = text.startsWith('-');
    const unsigned = negative ? text.slice(1) : text;
    const digits = /^\d*/.exec(unsigned)?.[0] ?? '';
    return { negative, prefix: '', digits, rest: unsigned.slice(digits.length), base: 10 };
  }
  // bool is an int here: only an empty spec (handled before) prints True/False.
  if (!(value instanceof PyInt)) return null;
  const x = BigInt(value.value);
  const base = typeChar === 'x' || typeChar === 'X' ? 16 : typeChar === 'o' ? 8 : typeChar === 'b' ? 2 : 10;
  let digits = (x < 0n ? -x : x).toString(base);
  if (typeChar === 'X') digits = digits.toUpperCase();
  // '#': the base's prefix, between the sign and the digits (0X for 'X').
  const prefix = alternate && base !== 10 ? `0${typeChar}` : '';
  return { negative: x < 0n, prefix, digits, rest: '', base };
}

/** Does the builtin `__format__` of `value`'s type know presentation type `typeChar`? */
function allowsType(value: PyObject, typeChar: string): boolean {
  if (value instanceof PyFloat) return 'eEfFgGn%'.includes(typeChar);
  if (value instanceof PyInt) return typeChar !== 's';
  return !(value instanceof PyStr) || typeChar === 's';
}

/** `text` padded with `fill` to `width` characters, aligned left, right or centred. */
function pad(text: string, fill: string, align: string, width: number): string {
  const padding = Math.max(0, width - Array.from(text).length);
  if (padding === 0) return text;
  if (align === '<') return text + fill.repeat(padding);
  if (align === '^')
    return fill.repeat(Math.floor(padding / 2)) + text + fill.repeat(padding - Math.floor(padding / 2));
  return fill.repeat(padding) + text;
}

/**
 * `digits` with `separator` every `size` digits from the right, zero-padded (separators
 * included) to at least `minWidth` characters but never starting with a separator: CPython's
 * `_PyUnicode_InsertThousandsGrouping`, so `f'{1234:08,}'` is '0,001,234' (9 characters).
 */
function groupDigits(digits: string, separator: string, size: number, minWidth: number): string {
  const groups: string[] = [];
  let remaining = digits.length;
  let width = minWidth;
  for (;;) {
    const length = Math.min(size, Math.max(remaining, width, 1));
    const taken = Math.min(remaining, length);
    groups.push('0'.repeat(length - taken) + digits.slice(remaining - taken, remaining));
    remaining -= taken;
    width -= length;
    if (remaining <= 0 && width <= 0) break;
    width -= separator.length;
  }
  return groups.reverse().join(separator);
}
