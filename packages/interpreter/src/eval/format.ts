import { PyFloat, PyInt, type PyObject, type PyStr, PythonError, reprFloat } from '@memkit/runtime';
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
  const [, fillChar, alignChar, sign, alternate, zero, widthText, grouping, precisionText, typeChar] = m;
  const width = widthText === undefined ? 0 : Number(widthText);
  const precision = precisionText === undefined ? null : Number(precisionText);
  let body: string;
  let numeric = true;
  if (
    value instanceof PyFloat ||
    (value instanceof PyInt && typeChar !== undefined && 'eEfFgG%'.includes(typeChar))
  ) {
    const x = value instanceof PyFloat ? value.value : Number((value as PyInt).value);
    body = formatFloat(x, typeChar, precision);
  } else if (value instanceof PyInt && value.type.name !== 'bool') {
    const x = BigInt(value.value);
    const base = typeChar === 'x' || typeChar === 'X' ? 16 : typeChar === 'o' ? 8 : typeChar === 'b' ? 2 : 10;
    body = (x < 0n ? -x : x).toString(base);
    if (typeChar === 'X') body = body.toUpperCase();
    // '#': the base's prefix, between the sign and the digits (0X for 'X').
    if (alternate !== undefined && base !== 10) body = `0${typeChar}${body}`;
    if (x < 0n) body = `-${body}`;
  } else {
    numeric = false;
    body = str(vm, value);
    if (precision !== null) body = Array.from(body).slice(0, precision).join('');
  }
  if (numeric) {
    if (grouping !== undefined) body = group(body, grouping);
    if (sign === '+' && !body.startsWith('-')) body = `+${body}`;
    else if (sign === ' ' && !body.startsWith('-')) body = ` ${body}`;
  }
  const align = alignChar ?? (zero !== undefined && numeric ? '=' : numeric ? '>' : '<');
  const fill = fillChar ?? (zero !== undefined && alignChar === undefined ? '0' : ' ');
  const padding = Math.max(0, width - Array.from(body).length);
  if (padding === 0) return body;
  if (align === '<') return body + fill.repeat(padding);
  if (align === '>') return fill.repeat(padding) + body;
  if (align === '^')
    return fill.repeat(Math.floor(padding / 2)) + body + fill.repeat(padding - Math.floor(padding / 2));
  const signPart = /^[-+ ]/.test(body) ? body[0] : '';
  return signPart + fill.repeat(padding) + body.slice(signPart.length);
}

/**
 * `x` with `digits` decimals, correctly rounded with ties to even as CPython's `float.__format__`
 * does (JS `toFixed` rounds ties up: `f'{0.0625:.1%}'` is '6.2%' in CPython, not '6.3%'). Works
 * on the double's exact binary value, so only true ties round to even.
 */
export function toFixedExact(x: number, digits: number): string {
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : x < 0 ? '-inf' : 'nan';
  const negative = x < 0 || Object.is(x, -0);
  const [mantissa, exponent] = decompose(Math.abs(x));
  let scaled: bigint;
  if (exponent >= 0) scaled = mantissa * 2n ** BigInt(exponent) * 10n ** BigInt(digits);
  else {
    const numerator = mantissa * 10n ** BigInt(digits);
    const denominator = 2n ** BigInt(-exponent);
    scaled = numerator / denominator;
    const twice = (numerator % denominator) * 2n;
    if (twice > denominator || (twice === denominator && scaled % 2n === 1n)) scaled += 1n;
  }
  const text = scaled.toString().padStart(digits + 1, '0');
  const body = digits === 0 ? text : `${text.slice(0, -digits)}.${text.slice(-digits)}`;
  return negative ? `-${body}` : body;
}

/** A finite non-negative double as `mantissa * 2**exponent` with an integer mantissa. */
function decompose(x: number): [bigint, number] {
  if (x === 0) return [0n, 0];
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const high = view.getUint32(0);
  const low = view.getUint32(4);
  const biased = (high >>> 20) & 0x7ff;
  const fraction = (BigInt(high & 0xfffff) << 32n) | BigInt(low);
  return biased === 0 ? [fraction, -1074] : [fraction | (1n << 52n), biased - 1075];
}

function formatFloat(x: number, type: string | undefined, precision: number | null): string {
  switch (type) {
    case 'f':
    case 'F':
      return toFixedExact(x, precision ?? 6);
    case 'e':
    case 'E': {
      const text = x.toExponential(precision ?? 6).replace(/e([+-])(\d)$/, 'e$10$2');
      return type === 'E' ? text.toUpperCase() : text;
    }
    case '%':
      return `${toFixedExact(x * 100, precision ?? 6)}%`;
    case 'g':
    case 'G':
      return String(Number(x.toPrecision(precision ?? 6)));
    default:
      return precision === null ? reprFloat(x) : String(Number(x.toPrecision(precision)));
  }
}

function group(body: string, separator: string): string {
  const negative = body.startsWith('-');
  const digits = negative ? body.slice(1) : body;
  const [whole, fraction] = digits.split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, separator);
  return (negative ? '-' : '') + grouped + (fraction === undefined ? '' : `.${fraction}`);
}
