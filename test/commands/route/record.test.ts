import { describe, expect, it } from 'vitest';
import { snapshot } from '../../hardening/common';
import { project } from '../../helpers';

describe('route record', () => {
  it('records a decision as Clavain does (the project: the working directory); unset fields NULL, 0 complexity unset', async () => {
    const p = await project();
    expect(await p.ic(['route', 'record', '--agent=fd-arch', '--model=sonnet', '--rule=B2', '--phase=executing', '--session=s1'])).toEqual({
      code: 0,
      stdout: 'Routing decision recorded: id=1 agent=fd-arch model=sonnet rule=B2\n',
      stderr: '',
    });
    expect(await p.ic(['route', 'record', '--agent=a', '--model=m', '--rule=r', '--phase=', '--complexity=0'])).toEqual({
      code: 0,
      stdout: 'Routing decision recorded: id=2 agent=a model=m rule=r\n',
      stderr: '',
    });
    expect(p.db().prepare('SELECT * FROM routing_decisions ORDER BY id').all()).toEqual([
      expect.objectContaining({
        id: 1,
        project_dir: p.dir,
        phase: 'executing',
        session_id: 's1',
        agent: 'fd-arch',
        selected_model: 'sonnet',
        rule_matched: 'B2',
        floor_applied: 0,
        complexity: null,
        category: null,
      }),
      expect.objectContaining({ id: 2, project_dir: p.dir, phase: null, complexity: null, dispatch_id: null, run_id: null }),
    ]);
  });

  it('every field, --json', async () => {
    const p = await project();
    const flags = [
      '--project=/p',
      '--dispatch=d',
      '--run=r',
      '--session=s',
      '--bead=b',
      '--phase=ph',
      '--category=c',
      '--floor-applied',
      '--floor-from=haiku',
      '--floor-to=opus',
      '--candidates=["a","b"]',
      '--excluded=[]',
      '--policy-hash=h',
      '--override-id=o',
      '--complexity',
      '3',
      '--context={"x":1}',
    ];
    expect(await p.ic(['--json', 'route', 'record', '--agent=a2', '--model=opus', '--rule=R', ...flags])).toEqual({
      code: 0,
      stdout: '{"agent":"a2","id":1,"model":"opus","rule":"R"}\n',
      stderr: '',
    });
    const { decided_at, ...row } = p.db().prepare('SELECT * FROM routing_decisions').get() as Record<string, unknown>;
    expect(typeof decided_at).toBe('number');
    expect(row).toEqual({
      id: 1,
      dispatch_id: 'd',
      run_id: 'r',
      session_id: 's',
      bead_id: 'b',
      project_dir: '/p',
      phase: 'ph',
      agent: 'a2',
      category: 'c',
      selected_model: 'opus',
      rule_matched: 'R',
      floor_applied: 1,
      floor_from: 'haiku',
      floor_to: 'opus',
      candidates: '["a","b"]',
      excluded: '[]',
      policy_hash: 'h',
      override_id: 'o',
      complexity: 3,
      context_json: '{"x":1}',
    });
  });

  it("hostile input (Clavain's B3 shadow call among them): one line, exit 3, nothing written", async () => {
    const p = await project();
    const before = snapshot(p.db());
    const cases: [string[], string][] = [
      // Clavain's lib-routing.sh:1012 passes flags Go never had: Go ignores them and fails the same way (exit 3).
      [
        ['--rule', 'B3', '--agent', 'A', '--selected-model', 'M', '--meta', 'x'],
        'ic: route record: unknown flag --selected-model (see: ic route record --help)\n',
      ],
      [['--agent=a', '--rule=r'], 'ic: route record: --model is required\n'],
      [['--agent=a', '--model=', '--rule=r'], 'ic: route record: --model is required\n'],
      [['--agent=a', '--model=m', '--rule=r', '--complexity=abc'], 'ic: route record: invalid --complexity value "abc": want an integer\n'],
    ];
    for (const [args, stderr] of cases) expect(await p.ic(['route', 'record', ...args])).toEqual({ code: 3, stdout: '', stderr });
    expect(snapshot(p.db())).toEqual(before);
  });
});
