import { reprFloat } from '@memkit/runtime';

/**
 * A double in one of `float.__format__`'s presentation types ('e', 'f', 'g', '%' or none),
 * before padding. Digits are rounded from the double's exact binary value with ties to even,
 * as CPython's `PyOS_double_to_string` does (JS `toFixed`/`toExponential` round ties away).
 */
export function formatFloat(x: number, type: string | undefined, precision: number | null): string {
  const upper = type === 'E' || type === 'F' || type === 'G';
  if (!Number.isFinite(x)) {
    const text = Number.isNaN(x) ? 'nan' : x > 0 ? 'inf' : '-inf';
    const shown = type === '%' ? `${text}%` : text;
    return upper ? shown.toUpperCase() : shown;
  }
  switch (type) {
    case 'f':
    case 'F':
      return toFixedExact(x, precision ?? 6);
    case 'e':
    case 'E':
      return scientific(x, precision ?? 6, upper);
    case '%':
      return `${toFixedExact(x * 100, precision ?? 6)}%`;
    case 'g':
    case 'G':
      return general(x, precision ?? 6, upper, false);
    default:
      // No type: repr, or with a precision 'g' that keeps a '.0' on whole numbers.
      return precision === null ? reprFloat(x) : general(x, precision, false, true);
  }
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

/** `x` in 'e' notation with `digits` decimals: 'd.ddde+XX', the exponent at least 2 digits. */
function scientific(x: number, digits: number, upper: boolean): string {
  const { significand, exponent } = roundSignificant(x, digits + 1);
  const mantissa = digits === 0 ? significand : `${significand[0]}.${significand.slice(1)}`;
  return signOf(x) + mantissa + exponentSuffix(exponent, upper);
}

/**
 * 'g': `precision` significant digits (0 means 1), fixed notation when the decimal exponent
 * is in [-4, precision), else scientific; trailing zeros dropped. `addDotZero` is the
 * no-type form, which writes `1.0` where 'g' writes `1`.
 */
function general(x: number, precision: number, upper: boolean, addDotZero: boolean): string {
  const p = Math.max(precision, 1);
  const { significand, exponent } = roundSignificant(x, p);
  let text: string;
  // format_float_short: the no-type form goes to exponents one digit sooner (2.5 to '.1' is 2e+00).
  if (exponent >= -4 && exponent < (addDotZero ? p - 1 : p)) {
    const whole = exponent >= 0 ? significand.slice(0, exponent + 1) : '0';
    const fraction =
      exponent >= 0 ? significand.slice(exponent + 1) : '0'.repeat(-exponent - 1) + significand;
    const trimmed = fraction.replace(/0+$/, '');
    text = trimmed !== '' ? `${whole}.${trimmed}` : addDotZero ? `${whole}.0` : whole;
  } else {
    const trimmed = significand.slice(1).replace(/0+$/, '');
    text =
      (trimmed === '' ? significand[0] : `${significand[0]}.${trimmed}`) + exponentSuffix(exponent, upper);
  }
  return signOf(x) + text;
}

function signOf(x: number): string {
  return x < 0 || Object.is(x, -0) ? '-' : '';
}

function exponentSuffix(exponent: number, upper: boolean): string {
  const digits = String(Math.abs(exponent)).padStart(2, '0');
  return `${upper ? 'E' : 'e'}${exponent < 0 ? '-' : '+'}${digits}`;
}

/**
 * |x| rounded to `digits` significant decimal digits, ties to even: the digits and the decimal
 * exponent of the first one. Zero gives zeros and exponent 0.
 */
function roundSignificant(x: number, digits: number): { significand: string; exponent: number } {
  if (x === 0) return { significand: '0'.repeat(digits), exponent: 0 };
  const [mantissa, binaryExponent] = decompose(Math.abs(x));
  let exponent = Math.floor(Math.log10(Math.abs(x)));
  // log10 of a double can be off by one near powers of ten, and rounding can carry into a new
  // digit (9.9999995 to 6 digits is 10.0000): adjust the exponent and round again.
  for (;;) {
    const shift = exponent - digits + 1;
    let numerator = binaryExponent >= 0 ? mantissa << BigInt(binaryExponent) : mantissa;
    let denominator = binaryExponent >= 0 ? 1n : 1n << BigInt(-binaryExponent);
    if (shift >= 0) denominator *= 10n ** BigInt(shift);
    else numerator *= 10n ** BigInt(-shift);
    let rounded = numerator / denominator;
    const twice = (numerator % denominator) * 2n;
    if (twice > denominator || (twice === denominator && rounded % 2n === 1n)) rounded += 1n;
    const significand = rounded.toString();
    if (significand.length > digits) exponent += 1;
    else if (significand.length < digits) exponent -= 1;
    else return { significand, exponent };
  }
}
