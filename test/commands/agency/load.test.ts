import { describe, expect, it } from 'vitest';
import { project } from '../../helpers';
import { BUILD, actions, newRun, specDir, stateOf } from './common';

const BUILD_GATES =
  '{"entry":[{"check":"artifact_exists","phase":"planned","tier":"hard","description":"Plan first"}],"exit":[{"check":"agents_complete","tier":"hard"},{"check":"verdict_exists","tier":"soft"}]}';

describe('agency load', () => {
  it('loads all five stages: agents become phase actions, models, gates and capabilities go into state under the run (as Go writes them)', async () => {
    const p = await project();
    const dir = specDir(p);
    const run = await newRun(p);
    expect(await p.ic(['agency', 'load', 'all', `--run=${run}`, `--spec-dir=${dir}`])).toEqual({
      code: 0,
      stdout:
        'loaded discover: agents=0 models=0 gates=0\nloaded design: agents=0 models=0 gates=0\nloaded build: agents=2 models=2 gates=3\n' +
        'loaded ship: agents=1 models=0 gates=0\nloaded reflect: agents=0 models=0 gates=0\n',
      stderr: '',
    });
    const rows = [
      { phase: 'executing', action_type: 'command', command: '/work', args: null, mode: 'both', priority: 10 },
      { phase: 'planned', action_type: 'command', command: '/review', args: '["${artifact:plan}"]', mode: 'interactive', priority: 0 },
      { phase: 'polish', action_type: 'command', command: '/ship', args: null, mode: 'interactive', priority: 0 },
    ];
    expect(actions(p, run)).toEqual(rows);
    const state = [
      {
        key: 'agency.capabilities.build',
        payload: '{"workflow":{"kernel":["events.tail","run.advance"],"filesystem":["read"]}}',
        expires_at: null,
      },
      { key: 'agency.capabilities.discover', payload: '{"workflow":{"dispatch":["spawn"]}}', expires_at: null },
      { key: 'agency.gates.executing', payload: BUILD_GATES, expires_at: null },
      { key: 'agency.gates.planned', payload: BUILD_GATES, expires_at: null },
      { key: 'agency.models.executing', payload: '{"default":"haiku"}', expires_at: null },
      { key: 'agency.models.planned', payload: '{"default":"sonnet","categories":{"review":"opus"}}', expires_at: null },
    ];
    expect(stateOf(p, run)).toEqual(state);

    // Loading again (--json: one JSON line per stage) keeps the actions the run has and writes the same state.
    expect(await p.ic(['--json', 'agency', 'load', 'build', `--run=${run}`, `--spec-dir=${dir}`])).toEqual({
      code: 0,
      stdout: '{"stage":"build","agents":2,"models":2,"gates":3}\n',
      stderr: '',
    });
    expect(actions(p, run)).toEqual(rows);
    expect(stateOf(p, run)).toEqual(state);
  });

  it('writes nothing unless every spec is valid; an unknown run is exit 1; usage errors are exit 3', async () => {
    const p = await project();
    const run = await newRun(p);
    const bad = specDir(p, { build: BUILD, ship: 'meta: {stage: ship, phases: [review, launch]}\n' }, 'bad');
    const before = stateOf(p, run);
    expect(await p.ic(['agency', 'load', 'all', `--run=${run}`, `--spec-dir=${bad}`])).toEqual({
      code: 1,
      stdout: '',
      stderr: 'ic: agency load: discover.yaml: no such file\n',
    });
    expect(await p.ic(['agency', 'load', 'ship', `--run=${run}`, `--spec-dir=${bad}`])).toEqual({
      code: 1,
      stdout: '',
      stderr: 'ic: agency load: ship.yaml: invalid: meta.phases[1]: unknown phase "launch"\n',
    });
    expect(stateOf(p, run)).toEqual(before);
    expect(actions(p, run)).toEqual([]);

    expect(await p.ic(['agency', 'load', 'build', '--run=nosuchrn', `--spec-dir=${bad}`])).toEqual({
      code: 1,
      stdout: '',
      stderr: 'ic: agency load: run not found: nosuchrn\n',
    });
    expect(p.db().prepare("SELECT count(*) AS n FROM state WHERE key LIKE 'agency.%'").get()).toEqual({ n: 0 });

    const unknown = await p.ic(['agency', 'load', 'deploy', `--run=${run}`, `--spec-dir=${bad}`]);
    expect(unknown).toMatchObject({ code: 3, stdout: '' });
    expect(unknown.stderr).toMatch(
      /^ic: agency load: unknown stage "deploy"; want one of: discover, design, build, ship, reflect, or all\n$/,
    );
    expect(await p.ic(['agency', 'load', 'build', `--spec-dir=${bad}`])).toMatchObject({ code: 3, stdout: '' });
    expect(await p.ic(['agency', 'load', 'build', `--run=${run}`])).toMatchObject({ code: 3, stdout: '' });
  });
});
