import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { localDateTime } from '../../../src/format/time';
import { project, tempDir } from '../../helpers';

/** A stand-in for interstat's cost-query.sh (and, in bin/, for bd), in a directory of the caller's own. */
function fakes() {
  const dir = tempDir('ic-cost-');
  const script = join(dir, 'cost-query.sh');
  writeFileSync(
    script,
    `case "$1" in
  aggregate) echo '[{"agent":"fd-arch","runs":4,"tokens":10000,"input_tokens":8000,"output_tokens":2000},{"agent":"codex","runs":1,"tokens":1250,"input_tokens":1000,"output_tokens":250}]';;
  by-bead) echo '[{"bead_id":"b1","runs":2,"tokens":1250,"input_tokens":1000,"output_tokens":250},{"bead_id":"b2","runs":1,"tokens":2500000,"input_tokens":2000000,"output_tokens":500000},{"bead_id":"zz","runs":1,"tokens":5,"input_tokens":5,"output_tokens":0}]';;
  by-bead-phase) echo '[{"bead_id":"b1","phase":"executing","runs":1,"tokens":1000,"input_tokens":900,"output_tokens":100},{"bead_id":"b2","phase":"executing","runs":1,"tokens":3000,"input_tokens":2000,"output_tokens":1000},{"bead_id":"b2","phase":"planned","runs":1,"tokens":50,"input_tokens":40,"output_tokens":10}]';;
  *) echo "unknown mode $1" >&2; exit 4;;
esac
`,
    { mode: 0o600 },
  );
  mkdirSync(join(dir, 'bin'), { mode: 0o700 });
  const bd = join(dir, 'bin', 'bd');
  writeFileSync(
    bd,
    `#!/bin/bash\necho '[{"id":"b1","status":"closed","closed_at":"${new Date(Date.now() - 3600_000).toISOString().slice(0, 19)}Z"},{"id":"b9","closed_at":"2020-01-01T00:00:00Z"},{"id":"b2","closed_at":"bad"}]'\n`,
    { mode: 0o700 },
  );
  return { dir, script, bin: join(dir, 'bin') };
}

interface Period {
  days: number;
  start: string;
  end: string;
}
const periodAt = (days: number, now: number): Period => ({
  days,
  start: localDateTime(now - days * 86400).slice(0, 10),
  end: localDateTime(now).slice(0, 10),
});

/**
 * Runs `call`, and the periods ic can have reported: it read its clock
 * somewhere between before and after, so one period, or two when a midnight
 * fell in between (a test must not race the clock).
 */
async function withPeriods<T>(days: number, call: () => T | Promise<T>): Promise<{ result: T; periods: Period[] }> {
  const before = Math.floor(Date.now() / 1000);
  const result = await call();
  const after = Math.ceil(Date.now() / 1000);
  const [first, last] = [periodAt(days, before), periodAt(days, after)];
  return { result, periods: JSON.stringify(first) === JSON.stringify(last) ? [first] : [first, last] };
}

describe('cost baseline', () => {
  it('landed changes as the denominator: percentiles of their beads, by phase and by agent (keys sorted)', async () => {
    const p = await project();
    const f = fakes();
    for (const [c, b] of [
      ['a', 'b1'],
      ['b', 'b2'],
      ['c', ''],
    ])
      await p.ic(['landed', 'record', `--commit=${c}`, '--project=/p', `--bead=${b}`]);
    const { result: r, periods: week } = await withPeriods(7, () =>
      p.ic(['--json', 'cost', 'baseline', `--script=${f.script}`, '--by-phase', '--by-agent', '--days=7']),
    );
    expect(r.code).toBe(0);
    const stats = (o: object) => ({ p50: 0, p90: 0, p95: 0, mean: 0, total: 0, input_total: 0, output_total: 0, count: 0, ...o });
    const report = (period: Period) =>
      JSON.stringify({
        period,
        landed_changes: 3,
        source: 'landed_changes',
        stats: stats({
          p50: 2500000,
          p90: 2500000,
          p95: 2500000,
          mean: 1250625,
          total: 2501250,
          input_total: 2001000,
          output_total: 500250,
          count: 2,
        }),
        by_phase: {
          executing: stats({ p50: 3000, p90: 3000, p95: 3000, mean: 2000, total: 4000, input_total: 2900, output_total: 1100, count: 2 }),
          planned: stats({ p50: 50, p90: 50, p95: 50, mean: 50, total: 50, input_total: 40, output_total: 10, count: 1 }),
        },
        by_agent: {
          codex: stats({ mean: 1250, total: 1250, input_total: 1000, output_total: 250, count: 1 }),
          'fd-arch': stats({ mean: 2500, total: 10000, input_total: 8000, output_total: 2000, count: 4 }),
        },
      }) + '\n';
    expect(week.map(report)).toContain(r.stdout);
    const text = await withPeriods(30, () => p.ic(['cost', 'baseline', `--script=${f.script}`, '--by-phase']));
    expect(
      text.periods.map(({ start, end }) => ({
        code: 0,
        stdout:
          `Cost Baseline (${start} to ${end})\n══════════════════════════════════════\n  Landed changes: 3 (source: landed_changes)\n  Beads w/ data:  2\n\n` +
          '  Cost per landed change (tokens):\n    p50:   2.5M\n    p90:   2.5M\n    p95:   2.5M\n    mean:  1.3M\n    total: 2.5M\n    (input: 2.0M, output: 500.2k)\n' +
          '\n  By Phase:\n    executing            4.0k (2 runs)\n    planned              50 (1 runs)\n',
        stderr: '',
      })),
    ).toContainEqual(text.result);
    // --last=1: the latest landed change only (the one without a bead): no token data to correlate.
    const last = await withPeriods(30, () => p.ic(['cost', 'baseline', `--script=${f.script}`, '--last=1', '--by-agent']));
    expect(
      last.periods.map(
        ({ start, end }) =>
          `Cost Baseline (${start} to ${end})\n══════════════════════════════════════\n  Landed changes: 1 (source: landed_changes)\n  Token data:     no correlated data yet\n\n` +
          '  Beads exist but no token data is tagged with bead IDs.\n  Token tagging started with the interstat bead_id column.\n  Run more sprints and re-check.\n' +
          '\n  Global Agent Totals (all sessions):\n    codex                          1.2k (1 runs)\n    fd-arch                        10.0k (4 runs)\n',
      ),
    ).toContain(last.result.stdout);
  });

  it("no landed changes: bd's beads closed in the period; no bd is exit 2", async () => {
    const p = await project();
    const f = fakes();
    const { result: r, periods } = await withPeriods(30, () =>
      p.icProcess(['--json', 'cost', 'baseline', `--script=${f.script}`], { env: { PATH: `${f.bin}:/usr/bin:/bin` } }),
    );
    expect(
      periods.map((period) => ({
        code: 0,
        stdout: `{"period":${JSON.stringify(period)},"landed_changes":1,"source":"shipped_beads","stats":{"p50":1250,"p90":1250,"p95":1250,"mean":1250,"total":1250,"input_total":1000,"output_total":250,"count":1}}\n`,
        stderr: '',
      })),
    ).toContainEqual(r);
    expect(p.icProcess(['cost', 'baseline', `--script=${f.script}`], { env: { PATH: '/usr/bin:/bin' } })).toEqual({
      code: 2,
      stdout: '',
      stderr: 'ic: cost baseline: bd list --status=closed: bd not found in PATH\n',
    });
  });

  it('hostile input: a missing, foreign or failing script, bad numbers: one line, the right exit code', async () => {
    const p = await project();
    const f = fakes();
    await p.ic(['landed', 'record', '--commit=a', '--project=/p', '--bead=b1']);
    expect(await p.ic(['cost', 'baseline', `--script=${f.dir}/nope.sh`])).toEqual({
      code: 2,
      stdout: '',
      stderr: `ic: cost baseline: ${f.dir}/nope.sh: no such file (use --script=<path to cost-query.sh>)\n`,
    });
    chmodSync(f.script, 0o666);
    expect(await p.ic(['cost', 'baseline', `--script=${f.script}`])).toEqual({
      code: 2,
      stdout: '',
      stderr: `ic: cost baseline: not running ${f.script}: ${f.script} is writable by others (mode 0666)\n`,
    });
    const bad = join(f.dir, 'bad.sh');
    writeFileSync(bad, 'echo "oops" >&2; exit 5\n', { mode: 0o600 });
    expect(await p.ic(['cost', 'baseline', `--script=${bad}`])).toEqual({
      code: 2,
      stdout: '',
      stderr: 'ic: cost baseline: cost-query.sh by-bead failed (exit 5): oops\n',
    });
    writeFileSync(bad, `echo '[{"bead_id":1}]'\n`, { mode: 0o600 });
    expect(await p.ic(['cost', 'baseline', `--script=${bad}`])).toEqual({
      code: 2,
      stdout: '',
      stderr: 'ic: cost baseline: cost-query.sh by-bead: "bead_id" is not a string\n',
    });
    expect(await p.ic(['cost', 'baseline', '--days=x'])).toEqual({
      code: 3,
      stdout: '',
      stderr: 'ic: cost baseline: invalid --days value "x": want an integer\n',
    });
  });
});
