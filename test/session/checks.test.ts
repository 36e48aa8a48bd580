import { describe, expect, it } from 'vitest';
import { sinceTime } from '../../src/session/checks';

describe('session list --since (RFC 3339, as Go parses it)', () => {
  it.each([
    ['1970-01-01T00:00:00Z', 0],
    ['2026-07-01T00:00:00Z', 1782864000],
    ['2026-07-01T02:00:00+02:00', 1782864000],
    ['2026-06-30T19:30:00-04:30', 1782864000],
    ['2026-07-01T00:00:00.999Z', 1782864000],
    ['2024-02-29T12:00:00Z', 1709208000],
  ])('%s is %d', (text, seconds) => {
    expect(sinceTime(text)).toBe(seconds);
  });

  it.each([
    '2026-07-01',
    '2026-07-01 00:00:00Z',
    '2026-07-01t00:00:00z',
    '2026-02-30T00:00:00Z',
    '2026-13-01T00:00:00Z',
    '2026-07-01T24:00:00Z',
    '2026-07-01T00:00:00+0200',
    '',
  ])('%j is a usage error', (text) => {
    expect(() => sinceTime(text)).toThrow(/^invalid --since value/);
  });
});
