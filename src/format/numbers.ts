// Number texts as Go's fmt printed them: `%.1f` (contract v6, 4: rounded on
// the exact binary value, half to even, unlike toFixed) and time.Duration's
// String for whole seconds (`1h0m7s`).

/** |x| = mantissa × 2^exponent exactly, for a finite x. */
function exactBinary(x: number): { mantissa: bigint; exponent: number } {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const high = view.getUint32(0);
  const fraction = (BigInt(high & 0xfffff) << 32n) | BigInt(view.getUint32(4));
  const biased = (high >>> 20) & 0x7ff;
  return biased === 0
    ? { mantissa: fraction, exponent: -1074 } // subnormal (or zero)
    : { mantissa: fraction | (1n << 52n), exponent: biased - 1075 };
}

/**
 * printf `%.<digits>f` as Go prints it: the exact value of the double rounded
 * half to even at that many decimals (12.25 → `12.2` at one, 0.35 =
 * 0.3499999… → `0.3`, 0.05 = 0.05000000000000000277… → `0.1`). The sign is
 * kept on values that round to zero (`-0.0`, Go does the same); NaN and
 * infinities print as Go's fmt does (`NaN`, `+Inf`, `-Inf`).
 */
export function fixedN(x: number, places: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return '+Inf';
  if (x === -Infinity) return '-Inf';
  const sign = x < 0 || Object.is(x, -0) ? '-' : '';
  const { mantissa, exponent } = exactBinary(x);
  // units = |x| × 10^places rounded half to even, in exact integer arithmetic
  const scaled = mantissa * 10n ** BigInt(places);
  let units: bigint;
  if (exponent >= 0) {
    units = scaled << BigInt(exponent);
  } else {
    const shift = BigInt(-exponent);
    const quotient = scaled >> shift;
    const remainder = scaled - (quotient << shift);
    const half = 1n << (shift - 1n);
    const roundUp = remainder > half || (remainder === half && (quotient & 1n) === 1n);
    units = roundUp ? quotient + 1n : quotient;
  }
  if (places === 0) return `${sign}${units.toString()}`;
  const digits = units.toString().padStart(places + 1, '0');
  return `${sign}${digits.slice(0, -places)}.${digits.slice(-places)}`;
}

/** printf `%.1f` as Go prints it (see fixedN). */
export function fixed1(x: number): string {
  return fixedN(x, 1);
}

/**
 * A whole number of seconds as Go's time.Duration.String prints it: `0s`,
 * `42s`, `1m0s`, `2m5s`, `1h0m7s`, `-3s`. Hours do not roll over into days.
 * Throws RangeError for anything but a safe integer.
 */
export function goDuration(seconds: number): string {
  if (!Number.isSafeInteger(seconds)) throw new RangeError(`goDuration: not a whole number of seconds: ${seconds}`);
  if (seconds === 0) return '0s';
  const sign = seconds < 0 ? '-' : '';
  const total = Math.abs(seconds);
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const rest = total % 60;
  if (hours > 0) return `${sign}${hours}h${minutes}m${rest}s`;
  if (minutes > 0) return `${sign}${minutes}m${rest}s`;
  return `${sign}${rest}s`;
}
