import { describe, expect, it } from 'vitest';
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
