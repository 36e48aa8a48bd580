// Issue 27's acceptance: Clavain 023da26's session and goal calls, made as its code makes them,
// through the built bin/ic in the project directory (no --db; $PWD as a shell sets it), and
// checked for exactly what Clavain reads back (see /work/notes/clavain-calls.md §3, §4):
//   cmd/clavain-cli/phase.go:246  session attribute --session=S --bead=B --run=R --phase=P  (rc)
//   hooks/gate-calibration-session-end.sh:230  ic --json session current --session=S --project=<cwd>
//     (rc; jq: object, .session_id, .project_dir, .phase=="done", .bead_id and .run_id non-empty strings)
//   gate-calibration-session-end.sh:292  ic --json session end --session=S  (ignored: `|| true`)
//   hooks/lib-goal-audit.sh:21  goal audit --project=$PWD --dormant-after=604800
//     (rc>1 skips; stdout other than "", "[]" or "null" is a defect)
//   cmd/clavain-cli/goal.go:59  --json goal create --title=T --project=P --condition-file=F [--charter] [--complexity] [--bead]  ({id})
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SPRINT_CHAIN } from './common';
import { snapshot } from '../hardening/common';
import { project, type IcResult, type Project } from '../helpers';

const CHAIN = SPRINT_CHAIN;
const CONDITION = '`npm test` exits 0, or stop after 20 turns\n';

/** The built ic, run in the project as a hook or clavain-cli runs it. */
function clavain(p: Project, args: string[]): IcResult {
  return p.icProcess(args, { env: { PWD: p.dir } });
}

describe('Clavain 023da26: sessions and goals', () => {
  it('a sprint attributed after each advance; SessionEnd reads it back and ends the session', async () => {
    const p = await project();
    const run = clavain(p, [
      'run',
      'create',
      `--project=${p.dir}`,
      '--goal=Ship v2',
      '--complexity=3',
      `--phases=${JSON.stringify(CHAIN)}`,
      '--scope-id=iv-7',
      '--token-budget=1000',
    ]);
    expect(run).toEqual({ code: 0, stdout: expect.stringMatching(/^[a-z0-9]{8}\n$/), stderr: '' });
    const R = run.stdout.trim();
    // Before any attribution the hook sees rc 1 (and `null`), and exits quietly.
    expect(clavain(p, ['--json', 'session', 'current', '--session=S1', `--project=${p.dir}`])).toEqual({
      code: 1,
      stdout: 'null\n',
      stderr: '',
    });

    for (let i = 1; i < CHAIN.length; i++) {
      const from = CHAIN[i - 1]!;
      if (['brainstorm', 'brainstorm-reviewed', 'reflect'].includes(from)) {
        await p.ic(['run', 'artifact', 'add', R, `--phase=${from}`, `--path=docs/${from}.md`, `--type=${from}`]);
      }
      const adv = await p.ic(['--json', 'run', 'advance', R, '--priority=0']); // in-process: not what this test is about
      expect(adv, from).toMatchObject({ code: 0, stderr: '' });
      expect(JSON.parse(adv.stdout), from).toMatchObject({ advanced: true, event_type: 'advance', from_phase: from, to_phase: CHAIN[i] });
      // refreshPhaseAdvanceAttribution: only the exit code counts (non-zero prints Clavain's WARNING).
      expect(clavain(p, ['session', 'attribute', '--session=S1', '--bead=iv-7', `--run=${R}`, `--phase=${CHAIN[i]}`])).toEqual({
        code: 0,
        stdout: `Attribution recorded (id=${i})\n`,
        stderr: '',
      });
    }
    expect(
      p.db().prepare('SELECT id, session_id, project_dir, bead_id, run_id, phase FROM session_attributions ORDER BY id').all(),
    ).toEqual(CHAIN.slice(1).map((phase, i) => ({ id: i + 1, session_id: 'S1', project_dir: p.dir, bead_id: 'iv-7', run_id: R, phase })));
    // Attribution never registers a session.
    expect(p.db().prepare('SELECT count(*) FROM sessions').pluck().get()).toBe(0);

    // SessionEnd: every field its jq filter demands, in Go's order.
    const current = clavain(p, ['--json', 'session', 'current', '--session=S1', `--project=${p.dir}`]);
    expect(current).toEqual({
      code: 0,
      stdout: expect.stringMatching(
        new RegExp(
          `^\\{"session_id":"S1","project_dir":${JSON.stringify(p.dir).replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')},"bead_id":"iv-7","run_id":"${R}","phase":"done","updated_at":\\d+\\}\\n$`,
        ),
      ),
      stderr: '',
    });
    expect(JSON.parse(current.stdout)).toMatchObject({ session_id: 'S1', project_dir: p.dir, bead_id: 'iv-7', run_id: R, phase: 'done' });
    // …and the run it then checks (`ic --json run status R`): completed, at done.
    expect(JSON.parse(clavain(p, ['--json', 'run', 'status', R]).stdout)).toMatchObject({ id: R, status: 'completed', phase: 'done' });
    // Another session, or another project, is not this one's.
    expect(clavain(p, ['--json', 'session', 'current', '--session=S2', `--project=${p.dir}`])).toEqual({
      code: 1,
      stdout: 'null\n',
      stderr: '',
    });
    expect(clavain(p, ['--json', 'session', 'current', '--session=S1', '--project=/elsewhere'])).toEqual({
      code: 1,
      stdout: 'null\n',
      stderr: '',
    });

    // Clavain never registers the session itself (no `session start` at 023da26), so its
    // `session end` is exit 2, one line, nothing written — which the hook ignores (`|| true`).
    const before = snapshot(p.db());
    expect(clavain(p, ['--json', 'session', 'end', '--session=S1'])).toEqual({
      code: 2,
      stdout: '',
      stderr: 'ic: session end: no open session "S1" (session start registers one)\n',
    });
    expect(snapshot(p.db())).toBe(before);
    // A session registered by another caller is ended; the attributions stay.
    await p.ic(['session', 'start', '--session=S1', `--project=${p.dir}`]);
    expect(clavain(p, ['--json', 'session', 'end', '--session=S1'])).toEqual({
      code: 0,
      stdout: '{"ended":true,"session_id":"S1"}\n',
      stderr: '',
    });
    expect(p.db().prepare('SELECT session_id, project_dir, ended_at >= started_at AS ended FROM sessions').all()).toEqual([
      { session_id: 'S1', project_dir: p.dir, ended: 1 },
    ]);
    expect(p.db().prepare('SELECT count(*) FROM session_attributions').pluck().get()).toBe(CHAIN.length - 1);
  });

  it('/goal-form mints a goal from a condition file ({id}); the Stop hook audits it quiet until dormant', async () => {
    const p = await project();
    writeFileSync(join(p.dir, 'condition.md'), CONDITION);
    const audit = (): IcResult => clavain(p, ['goal', 'audit', `--project=${p.dir}`, '--dormant-after=604800']);
    // No goals: `null`, rc 0 — no defect.
    expect(audit()).toEqual({ code: 0, stdout: 'null\n', stderr: '' });

    const minted = clavain(p, [
      '--json',
      'goal',
      'create',
      '--title=Ship v2',
      `--project=${p.dir}`,
      '--condition-file=condition.md',
      '--charter=docs/charter.md',
      '--complexity=4',
      '--bead=iv-7',
    ]);
    expect(minted).toEqual({ code: 0, stdout: expect.stringMatching(/^\{"id":"[a-z0-9]{8}","status":"open"\}\n$/), stderr: '' });
    const id = (JSON.parse(minted.stdout) as { id: string }).id;
    expect(
      p
        .db()
        .prepare(
          `SELECT id, project_dir, title, charter_path, condition_text, status, complexity, fence_gen, bead_id,
                  last_run_advanced_at, closed_at, created_at = updated_at AS fresh FROM goals`,
        )
        .all(),
    ).toEqual([
      {
        id,
        project_dir: p.dir,
        title: 'Ship v2',
        charter_path: 'docs/charter.md',
        condition_text: CONDITION,
        status: 'open',
        complexity: 4,
        fence_gen: 0,
        bead_id: 'iv-7',
        last_run_advanced_at: null,
        closed_at: null,
        fresh: 1,
      },
    ]);

    // A fresh goal is no defect.
    expect(audit()).toEqual({ code: 0, stdout: 'null\n', stderr: '' });
    // A week and a second without an attached run's advance: dormant, rc 1 (Clavain skips only rc > 1).
    p.db().prepare('UPDATE goals SET created_at = created_at - 604801, updated_at = updated_at - 604801').run();
    const before = snapshot(p.db());
    const dormant = audit();
    expect(dormant).toEqual({
      code: 1,
      stdout: expect.stringMatching(
        new RegExp(
          `^\\[\\{"goal_id":"${id}","title":"Ship v2","kind":"dormant","detail":"no attached-run advance for 60480\\d+s"\\}\\]\\n$`,
        ),
      ),
      stderr: '',
    });
    expect(snapshot(p.db())).toBe(before); // the audit only reads

    // A run attached to the goal (run create --goal-id) advancing is activity: no longer dormant.
    const R = (
      await p.ic(['run', 'create', `--project=${p.dir}`, '--goal=Ship v2', `--goal-id=${id}`, '--phases=["brainstorm","done"]'])
    ).stdout.trim();
    expect(clavain(p, ['--json', 'run', 'advance', R, '--priority=0'])).toMatchObject({ code: 0 });
    expect(p.db().prepare('SELECT last_run_advanced_at > created_at FROM goals').pluck().get()).toBe(1);
    expect(audit()).toEqual({ code: 0, stdout: 'null\n', stderr: '' });
  });
});
