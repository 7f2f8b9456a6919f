/** Bytes in a MiB: memory_profiler reports `bytes / 2**20`. */
export const MIB = 2 ** 20;

/**
 * A memory cell as memory_profiler writes it: `'{0:%d.%df} MiB' % (precision + 4, precision)`.
 * Python's `f` format rounds the exact binary value half to even; `Number#toFixed` rounds exact
 * ties away from zero (`0.25.toFixed(1)` is `'0.3'`, Python gives `'0.2'`), and MiB values made
 * of whole bytes are often exact ties, so the digits are computed exactly here.
 */
export function formatMib(value: number, precision: number): string {
  return `${formatFixed(value, precision).padStart(precision + 4)} MiB`;
}

/** `format(value, '.{precision}f')` to the character, `-0.0` and `nan`/`inf` included. */
export function formatFixed(value: number, precision: number): string {
  if (Number.isNaN(value)) return 'nan';
  if (!Number.isFinite(value)) return value < 0 ? '-inf' : 'inf';
  const negative = value < 0 || Object.is(value, -0);
  const [mantissa, exponent] = decompose(Math.abs(value));
  // |value| = mantissa * 2**exponent; scaled = |value| * 10**precision, rounded half to even.
  const ten = 10n ** BigInt(precision);
  let scaled: bigint;
  if (exponent >= 0) {
    scaled = (mantissa << BigInt(exponent)) * ten;
  } else {
    const numerator = mantissa * ten;
    const denominator = 1n << BigInt(-exponent);
    scaled = numerator / denominator;
    const twiceRemainder = (numerator % denominator) * 2n;
    if (twiceRemainder > denominator || (twiceRemainder === denominator && scaled % 2n === 1n)) scaled += 1n;
  }
  const digits = scaled.toString().padStart(precision + 1, '0');
  const whole = digits.slice(0, digits.length - precision);
  const fraction = digits.slice(digits.length - precision);
  return `${negative ? '-' : ''}${whole}${precision > 0 ? `.${fraction}` : ''}`;
}

/** A finite non-negative double as `[mantissa, exponent]` with value = mantissa * 2**exponent. */
function decompose(value: number): [bigint, number] {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, value);
  const bits = view.getBigUint64(0);
  const biased = Number((bits >> 52n) & 0x7ffn);
  const fraction = bits & ((1n << 52n) - 1n);
  if (biased === 0) return [fraction, -1074];
  return [fraction | (1n << 52n), biased - 1075];
}
