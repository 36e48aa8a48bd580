// Flag values of the session commands that need a check of their own.
import { UsageError } from '../cli/errors';

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(Z|([+-])(\d{2}):(\d{2}))$/;

/**
 * session list --since: an RFC 3339 time (`2026-07-01T00:00:00Z`,
 * `2026-07-01T02:00:00+02:00`, fractions of a second allowed and dropped), as
 * Go's time.Parse(time.RFC3339) takes it, in Unix seconds. A date or time out
 * of range (February 30th, 24:00) is refused, as Go refuses it.
 */
export function sinceTime(text: string): number {
  const m = RFC3339.exec(text);
  const bad = () => new UsageError(`invalid --since value "${text}": want an RFC 3339 time such as 2026-07-01T00:00:00Z`);
  if (!m) throw bad();
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const offsetMinutes = m[7] === 'Z' ? 0 : (m[8] === '-' ? -1 : 1) * (Number(m[9]) * 60 + Number(m[10]));
  if (month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59 || Number(m[9] ?? 0) > 24 || Number(m[10] ?? 0) > 59) throw bad();
  const ms = Date.UTC(year, month - 1, day, hour, minute, second);
  const date = new Date(ms);
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) throw bad();
  return Math.floor(ms / 1000) - offsetMinutes * 60;
}
