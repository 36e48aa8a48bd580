// Timestamps as Go's time.RFC3339 writes them in the process's local zone
// (contract v6, 6.2, the event envelope): seconds precision, `Z` for a zero
// offset, else `±hh:mm`.

import { goDuration } from './numbers';

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/**
 * unixSeconds (floored to whole seconds) as RFC 3339 at a fixed UTC offset
 * given in seconds east of UTC. Like Go: `Z` whenever the offset is 0 (so a
 * zone such as Europe/London in winter prints `Z` too, not only UTC); an
 * offset with leftover seconds (historical local mean times) shifts the wall
 * clock by all of it but prints only its whole minutes, truncated toward zero.
 */
export function formatRfc3339(unixSeconds: number, offsetSeconds: number): string {
  const wall = new Date((Math.floor(unixSeconds) + offsetSeconds) * 1000);
  const year = wall.getUTCFullYear();
  const date = `${year < 0 ? '-' : ''}${pad(Math.abs(year), 4)}-${pad(wall.getUTCMonth() + 1, 2)}-${pad(wall.getUTCDate(), 2)}`;
  const time = `${pad(wall.getUTCHours(), 2)}:${pad(wall.getUTCMinutes(), 2)}:${pad(wall.getUTCSeconds(), 2)}`;
  if (offsetSeconds === 0) return `${date}T${time}Z`;
  const minutes = Math.trunc(offsetSeconds / 60);
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${date}T${time}${sign}${pad(Math.floor(abs / 60), 2)}:${pad(abs % 60, 2)}`;
}

/**
 * The local zone's offset from UTC at that instant, in seconds east. Taken
 * from the local calendar fields rather than getTimezoneOffset(), which
 * rounds offsets that are not whole minutes.
 */
export function localOffsetSeconds(unixSeconds: number): number {
  const instant = Math.floor(unixSeconds) * 1000;
  const local = new Date(instant);
  const asUtc = new Date(0);
  asUtc.setUTCFullYear(local.getFullYear(), local.getMonth(), local.getDate());
  asUtc.setUTCHours(local.getHours(), local.getMinutes(), local.getSeconds(), 0);
  return (asUtc.getTime() - instant) / 1000;
}

/** unixSeconds as RFC 3339 in the process's local time zone (TZ), as Go's time.Unix(s, 0).Format(time.RFC3339). */
export function rfc3339Local(unixSeconds: number): string {
  return formatRfc3339(unixSeconds, localOffsetSeconds(unixSeconds));
}

/**
 * unixSeconds as local `YYYY-MM-DD hh:mm:ss` (Go's time.Unix(s, 0).Format("2006-01-02 15:04:05")),
 * or `YYYY-MM-DD hh:mm` with `minutes` ("2006-01-02 15:04").
 */
export function localDateTime(unixSeconds: number, to: 'seconds' | 'minutes' = 'seconds'): string {
  const rfc = rfc3339Local(unixSeconds);
  const t = rfc.indexOf('T'); // years past 9999 have more digits
  return `${rfc.slice(0, t)} ${rfc.slice(t + 1, t + (to === 'minutes' ? 6 : 9))}`;
}

/** unixSeconds as Go's Format("15:04:05"): the local wall-clock time. */
export function localClock(unixSeconds: number): string {
  return localDateTime(unixSeconds).slice(-8);
}

/** The whole seconds from unixSeconds until now, as Go's time.Since(t).Truncate(time.Second) prints (`0s`, `1m5s`; toward zero when t is ahead). */
export function ageOf(unixSeconds: number, nowMs = Date.now()): string {
  return goDuration(Math.trunc((nowMs - Math.floor(unixSeconds) * 1000) / 1000) || 0);
}
