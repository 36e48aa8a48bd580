import { describe, expect, it } from 'vitest';
import { DEFAULT_CHAIN as PHASES } from '../../generated/phases';
import { type Project, project, runIcConcurrently } from '../helpers';

const ID = /^[a-z0-9]{8}$/;

async function newRun(p: Project, ...flags: string[]): Promise<string> {
  const r = await p.ic(['run', 'create', '--goal=ship it', ...flags]);
  expect(r).toMatchObject({ code: 0, stderr: '' });
  return r.stdout.trim();
}

const events = (p: Project, id: string) =>
  p
    .db()
    .prepare('SELECT from_phase, to_phase, event_type, gate_result, gate_tier, reason FROM phase_events WHERE run_id = ? ORDER BY id')
    .all(id);
const runRow = (p: Project, id: string) =>
  p
    .db()
    .prepare('SELECT status, phase, complexity, force_full, auto_advance, completed_at IS NOT NULL AS completed FROM runs WHERE id = ?')
    .get(id);

describe('run create, status, phase', () => {
  it('creates an active run in brainstorm for the working directory', async () => {
    const p = await project();
    const r = await p.ic(['run', 'create', '--goal=ship the parser', '--scope-id=sprint-1']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^[a-z0-9]{8}\n$/);
    const id = r.stdout.trim();
    expect(
      p.db().prepare('SELECT project_dir, goal, status, phase, complexity, force_full, auto_advance, scope_id FROM runs').all(),
    ).toEqual([
      {
        project_dir: p.dir,
        goal: 'ship the parser',
        status: 'active',
        phase: 'brainstorm',
        complexity: 3,
        force_full: 0,
        auto_advance: 1,
        scope_id: 'sprint-1',
      },
    ]);
    expect(await p.ic(['run', 'status', id])).toEqual({
      code: 0,
      stdout: `ID:         ${id}\nStatus:     active\nPhase:      brainstorm\nGoal:       ship the parser\nProject:    ${p.dir}\nComplexity: 3\nScope:      sprint-1\n`,
      stderr: '',
    });
    expect(await p.ic(['run', 'phase', id])).toEqual({ code: 0, stdout: 'brainstorm\n', stderr: '' });
  });

  it('--json create, and --project relative to the working directory', async () => {
    const p = await project();
    const r = await p.ic(['--json', 'run', 'create', '--goal=g', '--project=sub/dir', '--complexity=1']);
    const out = JSON.parse(r.stdout);
    expect(r.stdout).toBe(`{"id":"${out.id}","phase":"brainstorm"}\n`);
    expect(p.db().prepare('SELECT project_dir, complexity FROM runs').get()).toEqual({ project_dir: `${p.dir}/sub/dir`, complexity: 1 });
  });

  it('status --json: sorted keys, booleans, nulls omitted; ForceFull and AutoAdv lines', async () => {
    const p = await project();
    const id = await newRun(p);
    p.db().prepare('UPDATE runs SET created_at = 100, updated_at = 200, force_full = 1, auto_advance = 0 WHERE id = ?').run(id);
    expect((await p.ic(['--json', 'run', 'status', id])).stdout).toBe(
      `{"auto_advance":false,"complexity":3,"created_at":100,"force_full":true,"goal":"ship it","id":"${id}","phase":"brainstorm","project_dir":"${p.dir}","status":"active","updated_at":200}\n`,
    );
    expect((await p.ic(['run', 'status', id])).stdout).toBe(
      `ID:         ${id}\nStatus:     active\nPhase:      brainstorm\nGoal:       ship it\nProject:    ${p.dir}\nComplexity: 3\nForceFull:  true\nAutoAdv:    false\n`,
    );
  });

  it('usage errors: no goal, complexity outside 1-5 (exit 3, nothing written)', async () => {
    const p = await project();
    expect(await p.ic(['run', 'create'])).toEqual({ code: 3, stdout: '', stderr: 'ic: run create: missing required flag --goal\n' });
    expect(await p.ic(['run', 'create', '--goal=x', '--complexity=0'])).toMatchObject({ code: 3, stdout: '' });
    expect(await p.ic(['run', 'create', '--goal=x', '--complexity=6'])).toMatchObject({ code: 3, stdout: '' });
    expect(p.db().prepare('SELECT count(*) AS n FROM runs').get()).toEqual({ n: 0 });
  });

  it('an unknown run: exit 1 with not found', async () => {
    const p = await project();
    for (const cmd of ['status', 'phase', 'advance', 'cancel']) {
      expect(await p.ic(['run', cmd, 'nosuchid'])).toEqual({ code: 1, stdout: '', stderr: `ic: run ${cmd}: not found: nosuchid\n` });
    }
    expect(await p.ic(['run', 'set', 'nosuchid', '--complexity=2'])).toEqual({
      code: 1,
      stdout: '',
      stderr: 'ic: run set: not found: nosuchid\n',
    });
  });
});

describe('run advance', () => {
  it('walks the whole chain at complexity 3 and completes the run at done', async () => {
    const p = await project();
    const id = await newRun(p);
    for (let i = 0; i + 1 < PHASES.length; i++) {
      expect(await p.ic(['run', 'advance', id])).toEqual({ code: 0, stdout: `${PHASES[i]} → ${PHASES[i + 1]}\n`, stderr: '' });
    }
    expect(runRow(p, id)).toEqual({ status: 'completed', phase: 'done', complexity: 3, force_full: 0, auto_advance: 1, completed: 1 });
    expect(events(p, id)).toHaveLength(7);
    expect(await p.ic(['run', 'advance', id])).toEqual({ code: 1, stdout: '', stderr: 'ic: run advance: run already completed\n' });
    expect(events(p, id)).toHaveLength(7);
  });

  it('--json, compact and sorted, with reason "" when none', async () => {
    const p = await project();
    const id = await newRun(p);
    expect(await p.ic(['--json', 'run', 'advance', id])).toEqual({
      code: 0,
      stdout:
        '{"advanced":true,"event_type":"advance","from_phase":"brainstorm","gate_result":"pass","gate_tier":"none","reason":"","to_phase":"brainstorm-reviewed"}\n',
      stderr: '',
    });
  });

  it('complexity 1 skips, records a skip event with the skip reason', async () => {
    const p = await project();
    const id = await newRun(p, '--complexity=1');
    expect(await p.ic(['run', 'advance', id, '--skip-reason=tiny change', '--priority=1'])).toEqual({
      code: 0,
      stdout: 'brainstorm → planned\n',
      stderr: '',
    });
    expect(events(p, id)).toEqual([
      { from_phase: 'brainstorm', to_phase: 'planned', event_type: 'skip', gate_result: 'pass', gate_tier: 'hard', reason: 'tiny change' },
    ]);
  });

  it('auto_advance off: a pause event, no move, exit 1 silently; a skip reason moves it', async () => {
    const p = await project();
    const id = await newRun(p);
    expect(await p.ic(['run', 'set', id, '--auto-advance=false'])).toEqual({ code: 0, stdout: 'updated\n', stderr: '' });
    expect(await p.ic(['run', 'advance', id])).toEqual({ code: 1, stdout: 'brainstorm (blocked: pause)\n', stderr: '' });
    expect(await p.ic(['--json', 'run', 'advance', id])).toEqual({
      code: 1,
      stdout:
        '{"advanced":false,"event_type":"pause","from_phase":"brainstorm","gate_result":"none","gate_tier":"none","reason":"auto_advance disabled","to_phase":"brainstorm-reviewed"}\n',
      stderr: '',
    });
    expect(runRow(p, id)).toMatchObject({ phase: 'brainstorm', auto_advance: 0 });
    expect(await p.ic(['run', 'advance', id, '--skip-reason=forced', '--disable-gates'])).toEqual({
      code: 0,
      stdout: 'brainstorm → brainstorm-reviewed\n',
      stderr: '',
    });
    expect(events(p, id)).toEqual([
      {
        from_phase: 'brainstorm',
        to_phase: 'brainstorm',
        event_type: 'set',
        gate_result: null,
        gate_tier: null,
        reason: 'auto_advance=false',
      },
      {
        from_phase: 'brainstorm',
        to_phase: 'brainstorm-reviewed',
        event_type: 'pause',
        gate_result: 'none',
        gate_tier: 'none',
        reason: 'auto_advance disabled',
      },
      {
        from_phase: 'brainstorm',
        to_phase: 'brainstorm-reviewed',
        event_type: 'pause',
        gate_result: 'none',
        gate_tier: 'none',
        reason: 'auto_advance disabled',
      },
      {
        from_phase: 'brainstorm',
        to_phase: 'brainstorm-reviewed',
        event_type: 'advance',
        gate_result: 'none',
        gate_tier: 'none',
        reason: 'forced',
      },
    ]);
  });

  it('--priority must be a whole number >= 0 (exit 3)', async () => {
    const p = await project();
    const id = await newRun(p);
    expect(await p.ic(['run', 'advance', id, '--priority=-1'])).toMatchObject({ code: 3, stdout: '' });
    expect(await p.ic(['run', 'advance', id, '--priority=high'])).toMatchObject({ code: 3, stdout: '' });
    expect(events(p, id)).toEqual([]);
  });

  it('16 concurrent advances: each success is one step, no step taken twice, none exits 2', async () => {
    const p = await project();
    const id = await newRun(p);
    const results = await runIcConcurrently(16, ['run', 'advance', id], p.dir);
    const wins = results.filter((r) => r.code === 0);
    expect(results.filter((r) => r.code !== 0 && r.code !== 1)).toEqual([]);
    expect(wins.length).toBeGreaterThanOrEqual(1);
    for (const w of wins) expect(w.stdout).toMatch(/^[a-z-]+ → [a-z-]+\n$/);
    const moves = events(p, id) as { from_phase: string; to_phase: string }[];
    expect(moves).toHaveLength(wins.length);
    expect(new Set(moves.map((e) => e.from_phase)).size).toBe(moves.length);
    for (const [i, e] of moves.entries()) expect([e.from_phase, e.to_phase]).toEqual([PHASES[i], PHASES[i + 1]]);
    expect(runRow(p, id)).toMatchObject({ phase: PHASES[wins.length] });
    // The losers either lost the race (stale phase) or found the run already done.
    for (const r of results.filter((r) => r.code === 1)) {
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/^ic: run advance: (phase changed: .*|run already completed)\n$/);
    }
  });
});

describe('run cancel and set', () => {
  it('cancel: status cancelled, completed_at, a cancel event; twice exits 1', async () => {
    const p = await project();
    const id = await newRun(p);
    expect(await p.ic(['run', 'cancel', id])).toEqual({ code: 0, stdout: 'cancelled\n', stderr: '' });
    expect(runRow(p, id)).toMatchObject({ status: 'cancelled', completed: 1 });
    expect(events(p, id)).toEqual([
      { from_phase: 'brainstorm', to_phase: 'brainstorm', event_type: 'cancel', gate_result: null, gate_tier: null, reason: null },
    ]);
    expect(await p.ic(['run', 'cancel', id])).toEqual({ code: 1, stdout: '', stderr: 'ic: run cancel: run already cancelled\n' });
    expect(await p.ic(['run', 'advance', id])).toEqual({ code: 1, stdout: '', stderr: 'ic: run advance: run already cancelled\n' });
    expect(await p.ic(['run', 'set', id, '--complexity=1'])).toEqual({
      code: 1,
      stdout: '',
      stderr: 'ic: run set: run already cancelled\n',
    });
    expect(events(p, id)).toHaveLength(1);
  });

  it('set: every spelling of the booleans, one set event naming what changed', async () => {
    const p = await project();
    const id = await newRun(p);
    expect(await p.ic(['run', 'set', id, '--complexity=2', '--force-full=T', '--auto-advance=0'])).toEqual({
      code: 0,
      stdout: 'updated\n',
      stderr: '',
    });
    expect(runRow(p, id)).toMatchObject({ complexity: 2, force_full: 1, auto_advance: 0 });
    expect(events(p, id)).toEqual([
      {
        from_phase: 'brainstorm',
        to_phase: 'brainstorm',
        event_type: 'set',
        gate_result: null,
        gate_tier: null,
        reason: 'complexity=2 auto_advance=false force_full=true',
      },
    ]);
    for (const t of ['1', 't', 'T', 'TRUE', 'true', 'True']) expect((await p.ic(['run', 'set', id, `--auto-advance=${t}`])).code).toBe(0);
    for (const f of ['0', 'f', 'F', 'FALSE', 'false', 'False']) expect((await p.ic(['run', 'set', id, `--force-full=${f}`])).code).toBe(0);
    expect(runRow(p, id)).toMatchObject({ force_full: 0, auto_advance: 1 });
    expect(await p.ic(['--json', 'run', 'set', id, '--complexity=5'])).toEqual({
      code: 0,
      stdout: `{"id":"${id}","updated":true}\n`,
      stderr: '',
    });
  });

  it('set: no setting, a bad boolean or complexity is a usage error and writes nothing', async () => {
    const p = await project();
    const id = await newRun(p);
    expect(await p.ic(['run', 'set', id])).toMatchObject({ code: 3, stdout: '' });
    expect(await p.ic(['run', 'set', id, '--auto-advance=yes'])).toMatchObject({ code: 3, stdout: '' });
    expect(await p.ic(['run', 'set', id, '--complexity=9'])).toMatchObject({ code: 3, stdout: '' });
    expect(events(p, id)).toEqual([]);
  });
});

describe('run list and events', () => {
  it('list: newest first (ties to the later insert), --active, --scope', async () => {
    const p = await project();
    const a = await newRun(p, '--scope-id=s1');
    const b = await newRun(p);
    p.db().prepare('UPDATE runs SET created_at = 100').run();
    await p.ic(['run', 'cancel', a]);
    expect(await p.ic(['run', 'list'])).toEqual({
      code: 0,
      stdout: `${b}\tactive\tbrainstorm\tship it\n${a}\tcancelled\tbrainstorm\tship it\n`,
      stderr: '',
    });
    expect((await p.ic(['run', 'list', '--active'])).stdout).toBe(`${b}\tactive\tbrainstorm\tship it\n`);
    expect((await p.ic(['run', 'list', '--scope=s1'])).stdout).toBe(`${a}\tcancelled\tbrainstorm\tship it\n`);
    expect(await p.ic(['run', 'list', '--scope=none'])).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(await p.ic(['--json', 'run', 'list', '--scope=none'])).toEqual({ code: 0, stdout: '[]\n', stderr: '' });
  });

  it('events: oldest first, empty fields for nulls; --json omits nulls', async () => {
    const p = await project();
    const id = await newRun(p);
    await p.ic(['run', 'advance', id, '--skip-reason=why']);
    await p.ic(['run', 'cancel', id]);
    p.db().prepare('UPDATE phase_events SET created_at = 7').run();
    expect(await p.ic(['run', 'events', id])).toEqual({
      code: 0,
      stdout: 'brainstorm → brainstorm-reviewed\tadvance\tpass\twhy\nbrainstorm-reviewed → brainstorm-reviewed\tcancel\t\t\n',
      stderr: '',
    });
    const ids = (p.db().prepare('SELECT id FROM phase_events ORDER BY id').all() as { id: number }[]).map((e) => e.id);
    expect((await p.ic(['--json', 'run', 'events', id])).stdout).toBe(
      `[{"created_at":7,"event_type":"advance","from_phase":"brainstorm","gate_result":"pass","gate_tier":"none","id":${ids[0]},"reason":"why","run_id":"${id}","to_phase":"brainstorm-reviewed"},` +
        `{"created_at":7,"event_type":"cancel","from_phase":"brainstorm-reviewed","id":${ids[1]},"run_id":"${id}","to_phase":"brainstorm-reviewed"}]\n`,
    );
    expect(await p.ic(['run', 'events', 'nosuchid'])).toEqual({ code: 0, stdout: '', stderr: '' });
  });
});

it('ids are 8 characters of [a-z0-9]', async () => {
  const p = await project();
  expect(await newRun(p)).toMatch(ID);
});
