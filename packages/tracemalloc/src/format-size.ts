/**
 * tracemalloc's `_format_size(size, sign)`, the one formatter of every size string
 * (Lib/tracemalloc.py): `B` below 10 KiB, then `xx.x UNIT` below 100 units and `xxxx UNIT` up
 * to 10240 units, with `TiB` as the last unit.
 */
export function formatSize(size: number, sign: boolean): string {
  let value = size;
  for (const unit of UNITS) {
    if (Math.abs(value) < 100 && unit !== 'B') return `${formatFixed(value, 1, sign)} ${unit}`;
    if (Math.abs(value) < 10 * 1024 || unit === 'TiB') return `${formatFixed(value, 0, sign)} ${unit}`;
    value /= 1024;
  }
  // Unreachable: the loop returns at 'TiB'.
  return `${formatFixed(value, 0, sign)} TiB`;
}

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'] as const;

/**
 * printf's `%.Nf` / `%+.Nf` as CPython applies it to a float: correctly rounded, exact ties to
 * even, a `-` for negative zero. `Number.prototype.toFixed` rounds exact ties away from zero, so
 * `(2.5).toFixed(0)` is `"3"` where Python's `'%.0f' % 2.5` is `'2'` — an average of 5 bytes over
 * 2 blocks printed `3 B` until ties were handled here.
 */
export function formatFixed(value: number, digits: number, sign: boolean): string {
  const negative = value < 0 || Object.is(value, -0);
  const magnitude = Math.abs(value);
  const prefix = negative ? '-' : sign ? '+' : '';
  if (!Number.isFinite(magnitude)) return `${prefix}${Number.isNaN(magnitude) ? 'nan' : 'inf'}`;
  return prefix + fixedMagnitude(magnitude, digits);
}

function fixedMagnitude(magnitude: number, digits: number): string {
  // toFixed switches to exponent notation from 1e21; every double that large is an integer.
  if (magnitude >= 1e21) {
    return BigInt(magnitude).toString() + (digits > 0 ? `.${'0'.repeat(digits)}` : '');
  }
  // An exact tie at `digits` decimals is j / 2^(digits+1) with j odd (the only dyadic rationals
  // ending in a 5 right after the last kept digit); scaling by a power of two is exact.
  const halves = magnitude * 2 ** (digits + 1);
  if (Number.isInteger(halves) && halves % 2 === 1 && halves < 2 ** 52) {
    const scale = 10 ** digits;
    let rounded = Math.floor(magnitude * scale);
    if (rounded % 2 === 1) rounded += 1;
    return withDecimals(rounded, digits, scale);
  }
  return magnitude.toFixed(digits);
}

function withDecimals(scaled: number, digits: number, scale: number): string {
  if (digits === 0) return String(scaled);
  const whole = Math.floor(scaled / scale);
  return `${whole}.${String(scaled - whole * scale).padStart(digits, '0')}`;
}
