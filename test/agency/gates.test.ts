// A loaded spec's gates are the rules run advance and gate check evaluate:
// the stage's exit rules, for each of its phases (state agency.gates.<phase>,
// read by src/gate/rules.ts), in place of the built-in table.
import { describe, expect, it } from 'vitest';
import { project } from '../helpers';
import { newRun, specDir } from '../commands/agency/common';

describe('agency gates in run advance', () => {
  it("a run at a loaded stage's phase is gated by that stage's exit rules (source spec), as ic-go gates it", async () => {
    const p = await project();
    const run = await newRun(p);
    expect(await p.ic(['agency', 'load', 'build', `--run=${run}`, `--spec-dir=${specDir(p)}`])).toMatchObject({ code: 0 });
    for (let i = 0; i < 3; i++) expect(await p.ic(['run', 'advance', run, '--disable-gates'])).toMatchObject({ code: 0 });
    expect(await p.ic(['run', 'phase', run])).toEqual({ code: 0, stdout: 'planned\n', stderr: '' });
    // planned → executing: the built-in table asks for a plan artifact; build's exit rules ask agents_complete (hard) and verdict_exists (soft).
    expect(await p.ic(['--json', 'gate', 'check', run])).toEqual({
      code: 1,
      stdout:
        '{"evidence":{"conditions":[{"check":"agents_complete","result":"pass","count":0},' +
        '{"check":"verdict_exists","result":"fail","detail":"no passing verdict found"}]},' +
        `"from_phase":"planned","result":"fail","run_id":"${run}","source":"spec","tier":"hard","to_phase":"executing"}\n`,
      stderr: '',
    });
    expect(await p.ic(['run', 'advance', run])).toMatchObject({ code: 1, stdout: 'planned (blocked: block)\n' });
    // A verdict passes the soft rule too: the move goes through, with no plan artifact (the built-in rule is not asked)..
    const db = p.db();
    db.prepare("UPDATE runs SET scope_id = 'scope-1' WHERE id = ?").run(run);
    db.prepare(
      "INSERT INTO dispatches (id, project_dir, status, scope_id, verdict_status, created_at) VALUES ('d0000001', ?, 'completed', 'scope-1', 'pass', 1)",
    ).run(p.dir);
    const advanced = await p.ic(['run', 'advance', run]);
    expect(advanced).toMatchObject({ code: 0, stderr: '' });
    expect(await p.ic(['run', 'phase', run])).toEqual({ code: 0, stdout: 'executing\n', stderr: '' });
  });
});
