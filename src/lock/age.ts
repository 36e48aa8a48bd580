// Ages as Go prints a time.Duration of whole seconds: 0s, 42s, 1m0s, 2m5s,
// 1h0m7s, -3s. Hooks parse `lock list`, so the text must match Go's.

/** A whole number of seconds (fractions are dropped toward zero first). */
export function formatAge(seconds: number): string {
  const whole = Math.trunc(seconds);
  if (whole === 0) return '0s';
  const sign = whole < 0 ? '-' : '';
  let rest = Math.abs(whole);
  const h = Math.floor(rest / 3600);
  rest -= h * 3600;
  const m = Math.floor(rest / 60);
  const s = rest - m * 60;
  if (h > 0) return `${sign}${h}h${m}m${s}s`;
  if (m > 0) return `${sign}${m}m${s}s`;
  return `${sign}${s}s`;
}

/** now − created in seconds, rounded down: floor of the clock, minus created. */
export function ageSeconds(createdSec: number, nowMs: number): number {
  return Math.floor(nowMs / 1000) - createdSec;
}
