// Acceptance test of issue 25: Clavain's sprint (hooks/lib-sprint.sh and
// cmd/clavain-cli sprint.go/phase.go at 023da26) driven through ic with the
// exact call shapes it makes (notes/clavain-calls.md), asserting what Clavain
// reads at each step: stdout values, JSON fields and exit codes, then the
// rows the walk leaves in the database.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SPRINT_CHAIN } from './common';
import { type Project, project } from '../helpers';

const PHASES = SPRINT_CHAIN;

/** sprint.go:70's defaultActions as json.Marshal writes them (keys sorted; args a JSON array held in a string). */
const ACTIONS =
  '{"brainstorm":{"command":"/clavain:strategy","mode":"interactive"},' +
  '"executing":{"command":"/clavain:quality-gates","mode":"interactive"},' +
  '"plan-reviewed":{"args":"[\\"${artifact:plan}\\"]","command":"/clavain:work","mode":"both"},' +
  '"planned":{"args":"[\\"${artifact:plan}\\"]","command":"/interflux:flux-drive","mode":"interactive"},' +
  '"shipping":{"command":"/clavain:reflect","mode":"interactive"},' +
  '"strategized":{"command":"/clavain:write-plan","mode":"interactive"}}';

/**
 * Each phase of the walk: the command sprint-next-step reads (.[0].command,
 * undefined when the list is empty and Clavain falls back to its static
 * table), and the artifact Clavain records at that phase (set-artifact,
 * --phase = the run's phase) — where the built-in gate asks for one, the first
 * advance is blocked until it is there.
 */
const WALK: { phase: string; command?: string; args?: string[]; artifact?: string; gated: boolean }[] = [
  { phase: 'brainstorm', command: '/clavain:strategy', artifact: 'brainstorm', gated: true },
  { phase: 'brainstorm-reviewed', artifact: 'prd', gated: true },
  { phase: 'strategized', command: '/clavain:write-plan', gated: false },
  { phase: 'strategy-reviewed', gated: false },
  { phase: 'planned', command: '/interflux:flux-drive', args: ['${artifact:plan}'], artifact: 'plan', gated: false },
  { phase: 'plan-reviewed', command: '/clavain:work', args: ['${artifact:plan}'], gated: false },
  { phase: 'executing', command: '/clavain:quality-gates', gated: false },
  { phase: 'shipping', command: '/clavain:reflect', gated: false },
  { phase: 'reflect', artifact: 'reflection', gated: true },
];

/** What Clavain reads from run advance --json (AdvanceResult, phase.go:174). */
async function advance(p: Project, run: string, calibration: string) {
  const r = await p.ic(['--json', 'run', 'advance', run, '--priority=0', `--calibration-file=${calibration}`]);
  const j = JSON.parse(r.stdout) as Record<string, unknown>;
  return {
    code: r.code,
    stderr: r.stderr,
    advanced: j.advanced,
    event_type: j.event_type,
    from_phase: j.from_phase,
    to_phase: j.to_phase,
    gate_result: j.gate_result,
    gate_tier: j.gate_tier,
  };
}

describe('Clavain sprint through ic (issue 25)', () => {
  it('creates the sprint run, routes each phase by its kernel action, passes gates with artifacts and a calibration file, and completes at done', async () => {
    const p = await project();
    // gateCalibrationFilePath(): .clavain/gate-tier-calibration.json beside intercore.db; fresh, one unlocked hard entry, one locked.
    const calibration = join(p.dir, '.clavain/gate-tier-calibration.json');
    const now = Math.floor(Date.now() / 1000);
    writeFileSync(
      calibration,
      JSON.stringify({
        created_at: now,
        since_id: 4,
        tiers: {
          'artifact_exists:brainstorm→brainstorm-reviewed': {
            tier: 'hard',
            locked: false,
            fpr: 0.05,
            fnr: 0.1,
            weighted_n: 12,
            updated_at: now,
          },
          'artifact_exists:reflect→done': { tier: 'soft', locked: true, fpr: 0.4, fnr: 0, weighted_n: 30, updated_at: now },
        },
      }),
    );

    // sprint_create / sprint-create: stdout is the run id, then run phase must be brainstorm.
    const created = await p.ic([
      'run',
      'create',
      `--project=${p.dir}`,
      '--goal=T',
      '--complexity=3',
      `--phases=${JSON.stringify(PHASES)}`,
      '--scope-id=S',
      '--token-budget=250000',
      `--actions=${ACTIONS}`,
    ]);
    expect(created.code).toBe(0);
    expect(created.stderr).toBe('');
    expect(created.stdout).toMatch(/^[a-z0-9]{8}\n$/);
    const run = created.stdout.trim();
    expect(await p.ic(['run', 'phase', run])).toEqual({ code: 0, stdout: 'brainstorm\n', stderr: '' });

    // sprint_read_state: --json run status (.phase, .complexity, .auto_advance, .token_budget).
    const status = JSON.parse((await p.ic(['--json', 'run', 'status', run])).stdout) as Record<string, unknown>;
    expect(status).toMatchObject({
      phase: 'brainstorm',
      status: 'active',
      complexity: 3,
      auto_advance: true,
      token_budget: 250000,
      scope_id: 'S',
      goal: 'T',
      phases: PHASES,
    });

    for (const [i, step] of WALK.entries()) {
      const next = PHASES[i + 1];
      // sprint-next-step: the first action's command for the run's phase.
      const list = await p.ic(['--json', 'run', 'action', 'list', run, `--phase=${step.phase}`]);
      expect(list.code).toBe(0);
      const actions = JSON.parse(list.stdout) as { command: string; args?: unknown; mode: string; phase: string }[];
      expect(actions.length, step.phase).toBe(step.command ? 1 : 0);
      expect(actions[0]?.command, step.phase).toBe(step.command);
      if (step.command) expect(actions[0]!.phase).toBe(step.phase);
      expect(actions[0]?.args, step.phase).toEqual(step.args);

      // sprint-advance's budget check: exit 0 is within budget.
      expect((await p.ic(['run', 'budget', run])).code).toBe(0);

      if (step.gated) {
        // The calibration file is read: its unlocked entry is what gate check names as the tier's source.
        if (step.phase === 'brainstorm')
          expect((await p.ic(['gate', 'check', run, `--calibration-file=${calibration}`])).stdout.split('\n')[0]).toBe(
            'brainstorm → brainstorm-reviewed: fail (tier: hard, source: calibrated)',
          );
        // Without its artifact the gate blocks: gate check exits 1, advance says block (gate_blocked|<to_phase>).
        expect((await p.ic(['gate', 'check', run, `--calibration-file=${calibration}`])).code, step.phase).toBe(1);
        expect(await advance(p, run, calibration), step.phase).toEqual({
          code: 1,
          stderr: '',
          advanced: false,
          event_type: 'block',
          from_phase: step.phase,
          to_phase: next,
          gate_result: 'fail',
          gate_tier: 'hard',
        });
        expect((await p.ic(['run', 'phase', run])).stdout).toBe(`${step.phase}\n`);
      }
      if (step.artifact) {
        const added = await p.ic([
          'run',
          'artifact',
          'add',
          run,
          `--phase=${step.phase}`,
          `--path=docs/${step.artifact}.md`,
          `--type=${step.artifact}`,
        ]);
        expect(added.code, step.phase).toBe(0);
        expect(added.stdout).toMatch(/^[a-z0-9]{8}\n$/);
      }
      expect(await p.ic(['gate', 'check', run, `--calibration-file=${calibration}`]), step.phase).toMatchObject({ code: 0, stderr: '' });
      expect(await advance(p, run, calibration), step.phase).toEqual({
        code: 0,
        stderr: '',
        advanced: true,
        event_type: 'advance',
        from_phase: step.phase,
        to_phase: next,
        gate_result: 'pass',
        gate_tier: 'hard',
      });
      expect((await p.ic(['run', 'phase', run])).stdout).toBe(`${next}\n`);
    }

    // The sprint is over: status completed at done.
    const final = JSON.parse((await p.ic(['--json', 'run', 'status', run])).stdout) as Record<string, unknown>;
    expect([final.status, final.phase]).toEqual(['completed', 'done']);
    expect(typeof final.completed_at).toBe('number');

    // A late sprint-advance fails (nonzero); Clavain then reads run phase to report the stale phase.
    expect(await p.ic(['--json', 'run', 'advance', run, '--priority=0', `--calibration-file=${calibration}`])).toEqual({
      code: 1,
      stdout: '',
      stderr: 'ic: run advance: run is in a terminal status\n',
    });
    expect(await p.ic(['run', 'phase', run])).toEqual({ code: 0, stdout: 'done\n', stderr: '' });

    // The rows: the run, its phase events (three blocks, nine advances, each hard), its artifacts; a fresh calibration file leaves no stale event.
    const db = p.db();
    expect(db.prepare('SELECT status, phase, scope_id, token_budget FROM runs').all()).toEqual([
      { status: 'completed', phase: 'done', scope_id: 'S', token_budget: 250000 },
    ]);
    const rows = db
      .prepare('SELECT event_type, from_phase, to_phase, gate_result, gate_tier FROM phase_events WHERE run_id = ? ORDER BY id')
      .all(run);
    const expected: unknown[] = [];
    for (const [i, step] of WALK.entries()) {
      const move = { from_phase: step.phase, to_phase: PHASES[i + 1] };
      if (step.gated) expected.push({ event_type: 'block', ...move, gate_result: 'fail', gate_tier: 'hard' });
      expected.push({ event_type: 'advance', ...move, gate_result: 'pass', gate_tier: 'hard' });
    }
    expect(rows).toEqual(expected);
    expect(rows).toHaveLength(12);
    expect(db.prepare('SELECT phase, type, path FROM run_artifacts WHERE run_id = ? ORDER BY rowid').all(run)).toEqual([
      { phase: 'brainstorm', type: 'brainstorm', path: 'docs/brainstorm.md' },
      { phase: 'brainstorm-reviewed', type: 'prd', path: 'docs/prd.md' },
      { phase: 'planned', type: 'plan', path: 'docs/plan.md' },
      { phase: 'reflect', type: 'reflection', path: 'docs/reflection.md' },
    ]);
    expect(db.prepare("SELECT count(*) AS n FROM interspect_events WHERE event_type = 'calibration_file_stale'").get()).toEqual({ n: 0 });
  });
});
