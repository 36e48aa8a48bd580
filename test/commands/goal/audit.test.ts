import { describe, expect, it } from 'vitest';
import { project } from '../../helpers';
import { fixtureGoal } from './common';

describe('goal audit', () => {
  it("each defect, by goal id, in Go's words and key order; exit 1 with defects", async () => {
    const p = await project();
    const now = Math.floor(Date.now() / 1000);
    fixtureGoal(p, 'a-closed', { status: 'closed', created: now });
    fixtureGoal(p, 'b-closed-ok', { status: 'closed', successor: 'iv-1', created: 1 });
    fixtureGoal(p, 'c-stuck', { status: 'closing', leaseExpires: 1000, created: now + 100, lastAdvance: now + 100 });
    fixtureGoal(p, 'd-fresh', { created: now + 100 });
    fixtureGoal(p, 'e-advanced', { created: 1, lastAdvance: now + 100 });
    fixtureGoal(p, 'f-dormant', { created: 1000, title: 'old "one"' });
    fixtureGoal(p, 'g-other', { created: 1, project: '/q' });
    const r = await p.ic(['goal', 'audit', '--project=/p', '--dormant-after=604800']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    const defects = JSON.parse(r.stdout) as { goal_id: string; title: string; kind: string; detail: string }[];
    expect(
      r.stdout.startsWith(
        '[{"goal_id":"a-closed","title":"title of a-closed","kind":"closed_without_successor","detail":"goal closed with no successor_ref recorded"}',
      ),
    ).toBe(true);
    expect(defects.map((d) => [d.goal_id, d.kind])).toEqual([
      ['a-closed', 'closed_without_successor'],
      ['c-stuck', 'stuck_closing'],
      ['f-dormant', 'dormant'],
    ]);
    expect(defects[1]!.detail).toMatch(/^close lease expired \d+s ago$/);
    expect(defects[2]).toMatchObject({ title: 'old "one"', detail: expect.stringMatching(/^no attached-run advance for \d+s$/) });
    // Every project when none is named; --json is the same text.
    const all = JSON.parse((await p.ic(['--json', 'goal', 'audit'])).stdout) as { goal_id: string }[];
    expect(all.map((d) => d.goal_id)).toEqual(['a-closed', 'c-stuck', 'f-dormant', 'g-other']);
  });

  it('an expired lease that is also dormant is both; none at all: null, exit 0', async () => {
    const p = await project();
    fixtureGoal(p, 'g1', { status: 'closing', leaseExpires: 50, created: 10 });
    const kinds = JSON.parse((await p.ic(['goal', 'audit', '--dormant-after=60'])).stdout) as { kind: string }[];
    expect(kinds.map((d) => d.kind)).toEqual(['stuck_closing', 'dormant']);
    expect(await p.ic(['goal', 'audit', '--project=/elsewhere'])).toEqual({ code: 0, stdout: 'null\n', stderr: '' });
    expect(await p.ic(['goal', 'audit', '--dormant-after=x'])).toMatchObject({ code: 3, stdout: '' });
  });
});
