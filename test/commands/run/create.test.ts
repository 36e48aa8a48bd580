import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { snapshot } from '../../hardening/common';
import { project } from '../../helpers';
import { newRun } from './common';

const ID = /^[a-z0-9]{8}$/;

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

  it('usage errors: no goal, complexity outside 1-5 (exit 3, nothing written)', async () => {
    const p = await project();
    expect(await p.ic(['run', 'create'])).toEqual({ code: 3, stdout: '', stderr: 'ic: run create: --goal is required\n' });
    expect(await p.ic(['run', 'create', '--goal=x', '--complexity=0'])).toMatchObject({ code: 3, stdout: '' });
    expect(await p.ic(['run', 'create', '--goal=x', '--complexity=6'])).toMatchObject({ code: 3, stdout: '' });
    expect(p.db().prepare('SELECT count(*) AS n FROM runs').get()).toEqual({ n: 0 });
  });
});

it('ids are 8 characters of [a-z0-9]', async () => {
  const p = await project();
  expect(await newRun(p)).toMatch(ID);
});

describe('run create: phase chains and budgets (v6)', () => {
  it('--phases: stored compact, the run starts in its first phase, --json says so', async () => {
    const p = await project();
    const r = await p.ic(['--json', 'run', 'create', '--goal=g', '--phases= [ "draft" , "review", "done" ] ']);
    const { id } = JSON.parse(r.stdout) as { id: string };
    expect(r).toEqual({ code: 0, stdout: `{"id":"${id}","phase":"draft"}\n`, stderr: '' });
    expect(p.db().prepare('SELECT phase, phases, token_budget, budget_warn_pct FROM runs').get()).toEqual({
      phase: 'draft',
      phases: '["draft","review","done"]',
      token_budget: null,
      budget_warn_pct: 80,
    });
    // An empty value means no chain of its own.
    const plain = await newRun(p, '--phases=');
    expect(p.db().prepare('SELECT phase, phases FROM runs WHERE id = ?').get(plain)).toEqual({ phase: 'brainstorm', phases: null });
  });

  it.each([
    ['not json', /^ic: run create: parse phase chain: .+\n$/],
    ['["only"]', /^ic: run create: parse phase chain: need at least 2 phases, got 1\n$/],
    ['[]', /^ic: run create: parse phase chain: need at least 2 phases, got 0\n$/],
    ['["a",""]', /^ic: run create: parse phase chain: invalid phase name "" \(must match \[a-zA-Z0-9_-\]\+\)\n$/],
    ['["a","b/c"]', /^ic: run create: parse phase chain: invalid phase name "b\/c" \(must match \[a-zA-Z0-9_-\]\+\)\n$/],
    ['["a","b","a"]', /^ic: run create: parse phase chain: duplicate phase "a"\n$/],
    ['{"a":1}', /^ic: run create: parse phase chain: .+\n$/],
    ['["a",1]', /^ic: run create: parse phase chain: .+\n$/],
  ])('--phases=%s: exit 3, one line, nothing written', async (value, message) => {
    const p = await project();
    const r = await p.ic(['run', 'create', '--goal=g', `--phases=${value}`]);
    expect(r.code).toBe(3);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
    expect(p.db().prepare('SELECT count(*) AS n FROM runs').get()).toEqual({ n: 0 });
  });

  it('--token-budget and --budget-warn-pct: stored; bad values exit 3 with the contract messages', async () => {
    const p = await project();
    const id = await newRun(p, '--token-budget=100000', '--budget-warn-pct=50');
    const other = await newRun(p, '--budget-warn-pct=90');
    expect(p.db().prepare('SELECT id, token_budget, budget_warn_pct FROM runs ORDER BY rowid').all()).toEqual([
      { id, token_budget: 100000, budget_warn_pct: 50 },
      { id: other, token_budget: null, budget_warn_pct: 90 },
    ]);
    for (const v of ['0', '-5', 'abc', '1.5', '', ' 7', '99999999999999999999']) {
      expect(await p.ic(['run', 'create', '--goal=g', `--token-budget=${v}`])).toEqual({
        code: 3,
        stdout: '',
        stderr: `ic: run create: invalid token-budget (positive integer): ${v}`.trimEnd() + '\n',
      });
    }
    for (const v of ['0', '100', 'x', '']) {
      expect(await p.ic(['run', 'create', '--goal=g', `--budget-warn-pct=${v}`])).toEqual({
        code: 3,
        stdout: '',
        stderr: `ic: run create: invalid budget-warn-pct (1-99): ${v}`.trimEnd() + '\n',
      });
    }
    expect(p.db().prepare('SELECT count(*) AS n FROM runs').get()).toEqual({ n: 2 });
  });

  it('status and list show the chain and the budget: text adds Budget after Scope, JSON phases and the budget pair', async () => {
    const p = await project();
    const id = await newRun(p, '--phases=["a","b"]', '--token-budget=5000', '--budget-warn-pct=75', '--scope-id=s1');
    const plain = await newRun(p);
    p.db().prepare('UPDATE runs SET created_at = 1, updated_at = 1').run();
    expect((await p.ic(['run', 'status', id])).stdout).toBe(
      `ID:         ${id}\nStatus:     active\nPhase:      a\nGoal:       ship it\nProject:    ${p.dir}\nComplexity: 3\nScope:      s1\nBudget:     5000 tokens (warn at 75%)\n`,
    );
    expect((await p.ic(['--json', 'run', 'status', id])).stdout).toBe(
      `{"auto_advance":true,"budget_warn_pct":75,"complexity":3,"created_at":1,"force_full":false,"goal":"ship it","id":"${id}","phase":"a","phases":["a","b"],"project_dir":"${p.dir}","scope_id":"s1","status":"active","token_budget":5000,"updated_at":1}\n`,
    );
    // Without a chain or a budget: neither phases nor the budget pair.
    expect(Object.keys(JSON.parse((await p.ic(['--json', 'run', 'status', plain])).stdout) as object)).not.toEqual(
      expect.arrayContaining(['phases']),
    );
    const listed = JSON.parse((await p.ic(['--json', 'run', 'list'])).stdout) as Record<string, unknown>[];
    expect(listed.map((r) => [r.id, r.phases, r.token_budget, r.budget_warn_pct])).toEqual([
      [plain, undefined, undefined, undefined],
      [id, ['a', 'b'], 5000, 75],
    ]);
  });
});

const GATES = {
  'brainstorm→brainstorm-reviewed': [{ check: 'artifact_exists', phase: 'brainstorm', tier: 'hard' }],
  'brainstorm-reviewed→strategized': [],
  'strategized→planned': [],
  'planned→executing': [
    { check: 'artifact_exists', phase: 'planned', tier: 'soft' },
    { check: 'budget_not_exceeded', tier: 'hard' },
  ],
  'executing→review': [],
  'review→polish': [],
  'polish→reflect': [],
  'reflect→done': [],
};

describe('run create: actions, gates, metadata, limits (v39)', () => {
  it('--actions registers each phase action with the run, in one transaction; args a JSON array or its text', async () => {
    const p = await project();
    const id = await newRun(
      p,
      `--actions=${JSON.stringify({
        planned: { command: '/interflux:flux-drive', args: '["${artifact:plan}"]', mode: 'interactive' },
        executing: { command: '/clavain:work', mode: 'both', args: ['a', 'b'] },
        review: { command: '/hook', type: 'hook' },
      })}`,
    );
    expect(p.db().prepare('SELECT run_id, phase, action_type, command, args, mode, priority FROM phase_actions ORDER BY id').all()).toEqual(
      [
        {
          run_id: id,
          phase: 'planned',
          action_type: 'command',
          command: '/interflux:flux-drive',
          args: '["${artifact:plan}"]',
          mode: 'interactive',
          priority: 0,
        },
        { run_id: id, phase: 'executing', action_type: 'command', command: '/clavain:work', args: '["a","b"]', mode: 'both', priority: 0 },
        { run_id: id, phase: 'review', action_type: 'hook', command: '/hook', args: null, mode: 'interactive', priority: 0 },
      ],
    );
  });

  it('a bad --actions leaves no run: not JSON, not an object, no command, args not an array, a phase outside the chain', async () => {
    const p = await project();
    const before = snapshot(p.db());
    const bad: [string, RegExp][] = [
      ['{', /^ic: run create: invalid --actions value: not JSON/],
      ['[]', /^ic: run create: invalid --actions value: want a JSON object\n$/],
      ['{"planned":{"mode":"both"}}', /^ic: run create: invalid --actions value: "planned": "command" must be a non-empty string\n$/],
      ['{"planned":{"command":"/x","args":"plan.md"}}', /^ic: run create: invalid --actions value: "planned": "args": not JSON/],
      [
        '{"planned":{"command":"/x","args":{"a":1}}}',
        /^ic: run create: invalid --actions value: "planned": "args" must be a JSON array or its text\n$/,
      ],
      ['{"nowhere":{"command":"/x"}}', /^ic: run create: --actions: phase "nowhere" is not in the run's chain \(brainstorm, .*done\)\n$/],
      ['{"b c":{"command":"/x"}}', /^ic: run create: invalid --actions value: "b c": not a phase name/],
    ];
    for (const [actions, message] of bad) {
      const r = await p.ic(['run', 'create', '--goal=g', `--actions=${actions}`]);
      expect(r.code, actions).toBe(3);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(message);
    }
    // With its own chain, the phases are the chain's.
    expect(await p.ic(['run', 'create', '--goal=g', '--phases=["a","b"]', '--actions={"planned":{"command":"/x"}}'])).toMatchObject({
      code: 3,
    });
    expect(snapshot(p.db())).toBe(before);
  });

  it('--gates and --gates-file store the rules as Go does; run status --json shows them; rules must cover the chain', async () => {
    const p = await project();
    const id = await newRun(p, `--gates=${JSON.stringify(GATES)}`);
    const stored = p.db().prepare('SELECT gate_rules FROM runs WHERE id = ?').pluck().get(id) as string;
    expect(Object.keys(JSON.parse(stored))).toEqual(Object.keys(GATES).sort());
    expect(JSON.parse(stored)['planned→executing']).toEqual([
      { Check: 'artifact_exists', Phase: 'planned', Tier: 'soft' },
      { Check: 'budget_not_exceeded', Phase: '', Tier: 'hard' },
    ]);
    const status = JSON.parse((await p.ic(['--json', 'run', 'status', id])).stdout) as { gate_rules: Record<string, unknown> };
    expect(Object.keys(status.gate_rules)).toHaveLength(8);
    writeFileSync(join(p.dir, 'gates.json'), JSON.stringify(GATES));
    const fromFile = await newRun(p, '--gates-file=gates.json');
    expect(p.db().prepare('SELECT gate_rules FROM runs WHERE id = ?').pluck().get(fromFile)).toBe(stored);
    const none = await newRun(p);
    expect(JSON.parse((await p.ic(['--json', 'run', 'status', none])).stdout)).not.toHaveProperty('gate_rules');
  });

  it('bad gates leave no run: both flags, not JSON, an unknown check or tier, a move outside the chain, a missing move, a file that cannot be read', async () => {
    const p = await project();
    writeFileSync(join(p.dir, 'gates.json'), JSON.stringify(GATES));
    mkdirSync(join(p.dir, 'gdir'));
    const before = snapshot(p.db());
    const { 'reflect→done': _, ...missing } = GATES;
    const cases: [string[], number, RegExp][] = [
      [[`--gates=${JSON.stringify(GATES)}`, '--gates-file=gates.json'], 3, /--gates and --gates-file are mutually exclusive/],
      [['--gates=not-json'], 3, /invalid --gates value: not JSON/],
      [['--gates={"a→b":[{"check":"nonexistent"}]}'], 3, /parse gate rules: a→b\[0\]: unknown check "nonexistent"/],
      [['--gates={"a→b":[{"check":"artifact_exists","tier":"firm"}]}'], 3, /invalid tier "firm"/],
      [['--gates={"a-b":[]}'], 3, /invalid transition key "a-b"/],
      [[`--gates=${JSON.stringify({ ...GATES, 'a→b': [] })}`], 3, /transition "a→b" is not in the run's phase chain/],
      [[`--gates=${JSON.stringify({ ...GATES, 'brainstorm→planned': [] })}`], 3, /transition "brainstorm→planned" is not adjacent/],
      [[`--gates=${JSON.stringify(missing)}`], 3, /missing transitions for the run's phase chain: reflect→done/],
      [['--gates-file=nope.json'], 2, /read gates file nope\.json: no such file/],
      [['--gates-file=gdir'], 2, /read gates file gdir: not a regular file/],
    ];
    for (const [flags, code, message] of cases) {
      const r = await p.ic(['run', 'create', '--goal=g', ...flags]);
      expect([r.code, r.stdout], flags.join(' ')).toEqual([code, '']);
      expect(r.stderr).toMatch(message);
      expect(r.stderr.split('\n')).toHaveLength(2);
    }
    expect(snapshot(p.db())).toBe(before);
  });

  it('--metadata is stored canonical; a bad one is refused (exit 3, no run)', async () => {
    const p = await project();
    const id = await newRun(p, '--metadata={"z":1, "a":{"y":2,"x":[3]}}');
    expect(p.db().prepare('SELECT metadata FROM runs WHERE id = ?').pluck().get(id)).toBe('{"a":{"x":[3],"y":2},"z":1}');
    const before = snapshot(p.db());
    for (const metadata of ['nope', '[1]', '{"close_gate":"x"}', '{"close_gate":{"requirements":["runtime-evidence/v1"]}}'])
      expect(await p.ic(['run', 'create', '--goal=g', `--metadata=${metadata}`])).toMatchObject({
        code: 3,
        stdout: '',
        stderr: expect.stringMatching(/^ic: run create: invalid run metadata: /),
      });
    expect(snapshot(p.db())).toBe(before);
  });

  it('--budget-enforce, --max-agents, --max-dispatches and --goal-id are stored; run status --json shows the limits', async () => {
    const p = await project();
    const id = await newRun(p, '--budget-enforce', '--max-agents=2', '--max-dispatches=4', '--goal-id=g-1', '--token-budget=1000');
    expect(p.db().prepare('SELECT budget_enforce, max_agents, max_dispatches, goal_id FROM runs WHERE id = ?').get(id)).toEqual({
      budget_enforce: 1,
      max_agents: 2,
      max_dispatches: 4,
      goal_id: 'g-1',
    });
    const status = (await p.ic(['--json', 'run', 'status', id])).stdout;
    expect(status).toContain('"budget_enforce":true');
    expect(status).toContain('"max_agents":2');
    expect(await p.ic(['run', 'create', '--goal=g', '--max-agents=-1'])).toMatchObject({ code: 3, stdout: '' });
  });
});

describe('run create --projects (a portfolio)', () => {
  const RUN_COLUMNS =
    'id, project_dir, goal, status, phase, complexity, scope_id, metadata, phases, token_budget, budget_warn_pct, parent_run_id, max_dispatches, budget_enforce, max_agents, gate_rules';

  it('makes the portfolio (project "", the settings and gates) and a child a project (absolute), in that order; prints the id, then the children', async () => {
    const p = await project();
    const r = await p.ic([
      'run',
      'create',
      '--project=',
      '--goal=pf',
      '--projects=a, /abs/b/ ,./c/../c',
      '--complexity=2',
      '--scope-id=s1',
      '--phases=["x","y","z"]',
      '--gates={"x→y":[],"y→z":[{"check":"artifact_exists","phase":"y"}]}',
      '--metadata={"k":1}',
      '--token-budget=500',
      '--budget-warn-pct=70',
      '--budget-enforce',
      '--max-agents=2',
      '--max-dispatches=4',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const [parent, ...children] = r.stdout.trimEnd().split('\n');
    expect(parent).toMatch(ID);
    expect(children.map((c) => c.replace(/[a-z0-9]{8}$/, 'ID'))).toEqual(['  child: ID', '  child: ID', '  child: ID']);
    const ids = children.map((c) => c.slice('  child: '.length));
    const rows = p.db().prepare(`SELECT ${RUN_COLUMNS} FROM runs ORDER BY rowid`).all();
    const child = { goal: 'pf', status: 'active', phase: 'x', complexity: 2, scope_id: null, metadata: '{"k":1}', phases: '["x","y","z"]' };
    const childRest = {
      token_budget: null,
      budget_warn_pct: 70,
      parent_run_id: parent,
      max_dispatches: 0,
      budget_enforce: 0,
      max_agents: 0,
      gate_rules: null,
    };
    expect(rows).toEqual([
      {
        id: parent,
        project_dir: '',
        ...child,
        scope_id: 's1',
        token_budget: 500,
        budget_warn_pct: 70,
        parent_run_id: null,
        max_dispatches: 4,
        budget_enforce: 1,
        max_agents: 2,
        // Go's stored form (its struct's field names).
        gate_rules: '{"x→y":[],"y→z":[{"Check":"artifact_exists","Phase":"y","Tier":""}]}',
      },
      { id: ids[0], project_dir: `${p.dir}/a`, ...child, ...childRest },
      { id: ids[1], project_dir: '/abs/b', ...child, ...childRest },
      { id: ids[2], project_dir: `${p.dir}/c`, ...child, ...childRest },
    ]);
    // As Go's CreatePortfolio: no replay input, no event.
    expect(p.db().prepare('SELECT count(*) FROM run_replay_inputs').pluck().get()).toBe(0);
    expect(p.db().prepare('SELECT count(*) FROM phase_events').pluck().get()).toBe(0);
  });

  it('--json: {"children": [...], "id"}', async () => {
    const p = await project();
    const r = await p.ic(['--json', 'run', 'create', '--goal=pf', '--projects=/p/a,/p/b']);
    const out = JSON.parse(r.stdout) as { id: string; children: string[] };
    expect(r.stdout).toBe(`{"children":["${out.children[0]}","${out.children[1]}"],"id":"${out.id}"}\n`);
    expect(
      p
        .db()
        .prepare('SELECT parent_run_id FROM runs WHERE id IN (?, ?)')
        .pluck()
        .all(...out.children),
    ).toEqual([out.id, out.id]);
  });

  it('a child is gated by its upstreams (upstreams_at_phase), the portfolio by its children (children_at_phase)', async () => {
    const p = await project();
    const r = JSON.parse(
      (
        await p.ic([
          '--json',
          'run',
          'create',
          '--goal=pf',
          '--projects=/p/a,/p/b',
          '--phases=["a","b","c"]',
          '--gates={"a→b":[],"b→c":[]}',
        ])
      ).stdout,
    ) as { id: string; children: [string, string] };
    const [ca, cb] = r.children;
    expect((await p.ic(['portfolio', 'dep', 'add', r.id, '--upstream=/p/a', '--downstream=/p/b'])).code).toBe(0);
    expect(JSON.parse((await p.ic(['--json', 'gate', 'check', cb, '--priority=0'])).stdout)).toMatchObject({
      result: 'fail',
      source: 'default',
      evidence: {
        conditions: [
          { check: 'upstreams_at_phase', phase: 'b', result: 'fail', count: 1, detail: 'upstreams behind phase "b": [/p/a at a]' },
        ],
      },
    });
    expect(await p.ic(['run', 'advance', cb, '--priority=0'])).toEqual({ code: 1, stdout: 'a (blocked: block)\n', stderr: '' });
    expect(JSON.parse((await p.ic(['--json', 'gate', 'check', r.id])).stdout)).toMatchObject({
      result: 'fail',
      source: 'per-run',
      evidence: {
        conditions: [{ check: 'children_at_phase', phase: 'b', result: 'fail', count: 2, detail: '2 children behind phase "b"' }],
      },
    });
    expect((await p.ic(['run', 'advance', ca, '--priority=0'])).stdout).toBe('a → b\n');
    expect(await p.ic(['run', 'advance', cb, '--priority=0'])).toEqual({ code: 0, stdout: 'a → b\n', stderr: '' });
    expect(p.db().prepare('SELECT reason FROM phase_events WHERE run_id = ? AND event_type = ?').pluck().get(cb, 'advance')).toBe(
      '{"conditions":[{"check":"upstreams_at_phase","phase":"b","result":"pass","count":0}]}',
    );
  });

  it('refuses fewer than two paths, an empty or repeated one, --project, --actions, --goal-id with it: exit 3, one line, nothing written', async () => {
    const p = await project();
    const before = snapshot(p.db());
    const usage = (message: string) => ({ code: 3, stdout: '', stderr: `ic: run create: ${message}\n` });
    const create = (...flags: string[]) => p.ic(['run', 'create', '--goal=pf', ...flags]);
    expect(await create('--projects=/p/a')).toEqual(usage('--projects requires at least 2 comma-separated paths'));
    expect(await create('--projects=/p/a,')).toEqual(usage('--projects: an empty path in "/p/a,"'));
    expect(await create('--projects=/p/a,/p/b/,/p/a')).toEqual(usage('--projects: /p/a is named twice'));
    expect(await create('--projects=/p/a,/p/b', '--project=/p/c')).toEqual(usage('--project and --projects are mutually exclusive'));
    expect(await create('--projects=/p/a,/p/b', '--actions={"brainstorm":{"command":"x"}}')).toEqual(
      usage('--actions is not valid with --projects'),
    );
    expect(await create('--projects=/p/a,/p/b', '--goal-id=g1')).toEqual(usage('--goal-id is not valid with --projects'));
    expect(snapshot(p.db())).toBe(before);
  });
});
