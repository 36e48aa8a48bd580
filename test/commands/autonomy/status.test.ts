import { describe, expect, it } from 'vitest';
import { project } from '../../helpers';
import { newRun } from '../run/common';

describe('autonomy status', () => {
  it('unset: L2 by default, auto_advance on new runs, and how to declare it', async () => {
    const p = await project();
    const r = await p.ic(['autonomy', 'status']);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n').slice(0, 7)).toEqual([
      'delegation: L2  (human reviews evidence post-hoc)',
      'derives:    auto_advance=true on new runs',
      'source:     default (unset)',
      '',
      'Not declared. Set it with:',
      '  ic config set autonomy.delegation_level <0-5>',
      '',
    ]);
    expect(r.stdout).toContain('  git-push-main     needs L3  BLOCKED — publishes commits');
    expect(r.stdout).toContain('  bead-close        no floor          — local and reversible');
    const j = JSON.parse((await p.ic(['--json', 'autonomy', 'status'])).stdout);
    expect(j).toMatchObject({
      declared: false,
      derives_auto_advance: true,
      level: 2,
      name: 'human reviews evidence post-hoc',
      source: 'default (unset)',
    });
    expect(j.ops[0]).toEqual({ op: 'bd-push-dolt', floor: 3, reason: expect.any(String) });
  });

  it('a declared level decides a new run auto_advance (L1: paused at every move), and a bad stored value falls back visibly', async () => {
    const p = await project();
    await p.ic(['config', 'set', 'autonomy.delegation_level', '1']);
    expect((await p.ic(['autonomy', 'status'])).stdout).toMatch(
      /^delegation: L1  \(human approves at phase gates\)\nderives:    auto_advance=false on new runs\nsource:     autonomy\.delegation_level\n/,
    );
    const id = await newRun(p);
    expect(p.db().prepare('SELECT auto_advance FROM runs WHERE id = ?').pluck().get(id)).toBe(0);
    expect(await p.ic(['run', 'advance', id])).toEqual({ code: 1, stdout: 'brainstorm (blocked: pause)\n', stderr: '' });
    await p.ic(['config', 'set', 'autonomy.delegation_level', 'L4']);
    expect(
      p
        .db()
        .prepare('SELECT auto_advance FROM runs WHERE id = ?')
        .pluck()
        .get(await newRun(p)),
    ).toBe(1);
    p.db().prepare("UPDATE state SET payload = '\"L9\"' WHERE key = 'kernel.autonomy.delegation_level'").run();
    expect(JSON.parse((await p.ic(['--json', 'autonomy', 'status'])).stdout)).toMatchObject({
      level: 2,
      declared: false,
      source: 'default (stored value "L9" invalid)',
    });
  });
});
