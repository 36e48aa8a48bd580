import { describe, expect, it } from 'vitest';
import { snapshot } from '../../hardening/common';
import { project } from '../../helpers';
import { newRun } from '../run/common';

describe('gate check', () => {
  it('a dry run at priority 3 (soft): the text and JSON of a failing gate, exit 1, nothing written', async () => {
    const p = await project();
    const id = await newRun(p);
    const before = snapshot(p.db());
    expect(await p.ic(['gate', 'check', id])).toEqual({
      code: 1,
      stdout:
        'brainstorm → brainstorm-reviewed: fail (tier: soft, source: default)\n  [FAIL] artifact_exists (count: 0) — no artifacts found for phase "brainstorm"\n',
      stderr: '',
    });
    expect(await p.ic(['--json', 'gate', 'check', id])).toEqual({
      code: 1,
      stdout: `{"evidence":{"conditions":[{"check":"artifact_exists","phase":"brainstorm","result":"fail","count":0,"detail":"no artifacts found for phase \\"brainstorm\\""}]},"from_phase":"brainstorm","result":"fail","run_id":"${id}","source":"default","tier":"soft","to_phase":"brainstorm-reviewed"}\n`,
      stderr: '',
    });
    expect(snapshot(p.db())).toBe(before);
  });

  it('pass (exit 0) with the count; tier none evaluates nothing; a pair without a rule passes without evidence', async () => {
    const p = await project();
    const id = await newRun(p);
    await p.ic(['run', 'artifact', 'add', id, '--phase=brainstorm', '--path=notes.md']);
    await p.ic(['run', 'artifact', 'add', id, '--phase=brainstorm', '--path=more.md']);
    expect(await p.ic(['gate', 'check', id, '--priority=0'])).toEqual({
      code: 0,
      stdout: 'brainstorm → brainstorm-reviewed: pass (tier: hard, source: default)\n  [PASS] artifact_exists (count: 2)\n',
      stderr: '',
    });
    expect(await p.ic(['--json', 'gate', 'check', id, '--priority=4'])).toEqual({
      code: 0,
      stdout: `{"from_phase":"brainstorm","result":"none","run_id":"${id}","source":"default","tier":"none","to_phase":"brainstorm-reviewed"}\n`,
      stderr: '',
    });
    const custom = await newRun(p, '--phases=["x","y"]');
    expect(await p.ic(['gate', 'check', custom])).toEqual({ code: 0, stdout: 'x → y: pass (tier: soft, source: default)\n', stderr: '' });
  });

  it('the target passes over skipped phases, as run advance would; verdict_exists has no count', async () => {
    const p = await project();
    const id = await newRun(p, '--scope-id=sp');
    p.db().prepare("UPDATE runs SET phase = 'executing' WHERE id = ?").run(id);
    await p.ic(['run', 'skip', id, 'review', '--reason=r']);
    expect(await p.ic(['gate', 'check', id])).toEqual({
      code: 0,
      stdout: 'executing → polish: pass (tier: soft, source: default)\n',
      stderr: '',
    });
    p.db().prepare("UPDATE runs SET phase = 'review' WHERE id = ?").run(id);
    expect(await p.ic(['gate', 'check', id])).toEqual({
      code: 1,
      stdout: 'review → polish: fail (tier: soft, source: default)\n  [FAIL] verdict_exists — no passing verdict found\n',
      stderr: '',
    });
  });

  it('refusals: unknown, terminal, at the last phase (exit 1, one line)', async () => {
    const p = await project();
    const id = await newRun(p, '--phases=["a","b"]');
    expect(await p.ic(['gate', 'check', 'nosuch01'])).toEqual({ code: 1, stdout: '', stderr: 'ic: gate check: not found: nosuch01\n' });
    p.db().prepare("UPDATE runs SET phase = 'b' WHERE id = ?").run(id);
    expect(await p.ic(['gate', 'check', id])).toEqual({
      code: 1,
      stdout: '',
      stderr: 'ic: gate check: run is already in terminal phase\n',
    });
    await p.ic(['run', 'cancel', id]);
    expect(await p.ic(['gate', 'check', id])).toEqual({ code: 1, stdout: '', stderr: 'ic: gate check: run is in a terminal status\n' });
  });
});
