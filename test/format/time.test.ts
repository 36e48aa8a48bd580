import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatRfc3339 } from '../../src/format/time';

const T = 1771560628; // 2026-02-20T04:10:28Z, the contract's example

describe('formatRfc3339', () => {
  it.each([
    [T, 0, '2026-02-20T04:10:28Z'],
    [T, -8 * 3600, '2026-02-19T20:10:28-08:00'],
    [T, 5.5 * 3600, '2026-02-20T09:40:28+05:30'],
    [T, 5.75 * 3600, '2026-02-20T09:55:28+05:45'], // Kathmandu
    [T, -3.5 * 3600, '2026-02-20T00:40:28-03:30'], // Newfoundland
    [T, 14 * 3600, '2026-02-20T18:10:28+14:00'], // Kiritimati
    [T, -12 * 3600, '2026-02-19T16:10:28-12:00'],
    [T + 0.999, 0, '2026-02-20T04:10:28Z'], // whole seconds only
    [0, 0, '1970-01-01T00:00:00Z'],
    [-1, 0, '1969-12-31T23:59:59Z'],
    [-1.5, 0, '1969-12-31T23:59:58Z'], // floored, as a time before the epoch
    [951782400, 0, '2000-02-29T00:00:00Z'],
    [253402300799, 0, '9999-12-31T23:59:59Z'],
    [-62135596800, 0, '0001-01-01T00:00:00Z'],
    // offsets with leftover seconds (local mean time): the clock moves by all
    // of it, the suffix shows whole minutes truncated toward zero
    [0, 19 * 60 + 32, '1970-01-01T00:19:32+00:19'],
    [0, -(7 * 3600 + 52 * 60 + 58), '1969-12-31T16:07:02-07:52'],
    [0, -30, '1969-12-31T23:59:30+00:00'],
  ])('%d at %d s → %s', (seconds, offset, expected) => {
    expect(formatRfc3339(seconds, offset)).toBe(expected);
  });
});

describe('rfc3339Local in real time zones', () => {
  // One child process per zone, since TZ is read when the process starts.
  const inZone = (tz: string, seconds: number[]): string[] => {
    const script = `const { rfc3339Local } = require(${JSON.stringify(join(__dirname, '../../src/format/time.ts'))});
process.stdout.write(JSON.stringify(${JSON.stringify(seconds)}.map(rfc3339Local)));`;
    const out = execFileSync(process.execPath, ['--import', 'tsx', '-e', script], { env: { ...process.env, TZ: tz }, encoding: 'utf8' });
    return JSON.parse(out) as string[];
  };

  const LA_SPRING_FORWARD = 1772964000; // 2026-03-08T10:00:00Z: 02:00 PST becomes 03:00 PDT
  const LA_FALL_BACK = 1793523600; // 2026-11-01T09:00:00Z: 02:00 PDT becomes 01:00 PST
  const KOLKATA_1900 = -2208988800; // 1900-01-01T00:00:00Z, Madras time +05:21:10

  it.each<[string, number[], string[]]>([
    ['UTC', [T, 0], ['2026-02-20T04:10:28Z', '1970-01-01T00:00:00Z']],
    ['', [T], ['2026-02-20T04:10:28Z']], // empty TZ is UTC
    ['America/Los_Angeles', [T], ['2026-02-19T20:10:28-08:00']],
    [
      'America/Los_Angeles',
      [LA_SPRING_FORWARD - 1, LA_SPRING_FORWARD, LA_FALL_BACK - 1, LA_FALL_BACK],
      ['2026-03-08T01:59:59-08:00', '2026-03-08T03:00:00-07:00', '2026-11-01T01:59:59-07:00', '2026-11-01T01:00:00-08:00'],
    ],
    ['Asia/Kolkata', [T], ['2026-02-20T09:40:28+05:30']],
    ['Asia/Kolkata', [KOLKATA_1900], ['1900-01-01T05:21:10+05:21']],
    ['Europe/London', [T, T + 120 * 86400], ['2026-02-20T04:10:28Z', '2026-06-20T05:10:28+01:00']], // offset 0 prints Z, as in Go
  ])('TZ=%j', (tz, seconds, expected) => {
    expect(inZone(tz, seconds)).toEqual(expected);
  });
});
