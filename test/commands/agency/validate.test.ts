import { describe, expect, it } from 'vitest';
import { project } from '../../helpers';
import { BUILD, OTHERS, specDir } from './common';

describe('agency validate', () => {
  it('prints PASS <file> for each valid spec, exit 0; reads no database', async () => {
    const p = await project({ init: false });
    const dir = specDir(p);
    expect(await p.ic(['agency', 'validate', '--all', `--spec-dir=${dir}`])).toEqual({
      code: 0,
      stdout: 'PASS build.yaml\nPASS design.yaml\nPASS discover.yaml\nPASS reflect.yaml\nPASS ship.yaml\n',
      stderr: '',
    });
    // --json changes nothing: the answer is text, as Go's.
    expect(await p.ic(['--json', 'agency', 'validate', 'agency/build.yaml'])).toEqual({ code: 0, stdout: 'PASS build.yaml\n', stderr: '' });
  });

  it('an invalid file is one line on stderr with its problems, exit 1; the valid ones still PASS', async () => {
    const p = await project({ init: false });
    const dir = specDir(p, {
      build: BUILD,
      design: OTHERS.design!,
      ship: [
        'meta: {stage: launch, phases: [review, nowhere]}',
        'agents:',
        '  - {phase: done, command: /x, mode: sometimes}',
        '  - {phase: review, command: ""}',
        'gates:',
        '  exit: [{check: magic, phase: limbo, tier: medium}]',
        'budget: {allocation: 1.5}',
        'capabilities: {workflow: {kernel: [Events.Tail]}}',
        '',
      ].join('\n'),
    });
    const r = await p.ic(['agency', 'validate', '--all', `--spec-dir=${dir}`]);
    expect(r).toEqual({
      code: 1,
      stdout: 'PASS build.yaml\nPASS design.yaml\n',
      stderr:
        'ic: agency validate: ship.yaml: meta.stage: unknown stage "launch"; must be one of: discover, design, build, ship, reflect; ' +
        'meta.phases[1]: unknown phase "nowhere"; agents[0].phase: phase "done" not in meta.phases; ' +
        'agents[0].mode: unknown mode "sometimes"; must be interactive, autonomous, or both; agents[1].command: required; ' +
        'gates.exit[0].check: unknown check "magic"; known: agents_complete, artifact_exists, budget_not_exceeded, children_at_phase, upstreams_at_phase, verdict_exists; ' +
        'gates.exit[0].phase: phase "limbo" is not a known kernel phase; gates.exit[0].tier: must be "hard" or "soft", got "medium"; ' +
        'budget.allocation: must be 0.0-1.0, got 1.500000; ' +
        'capabilities.workflow.kernel[0]: capability "Events.Tail" must be dot-separated lowercase (e.g. events.tail)\n',
    });
    expect(await p.ic(['agency', 'validate', 'agency/missing.yaml'])).toEqual({
      code: 1,
      stdout: '',
      stderr: 'ic: agency validate: missing.yaml: no such file\n',
    });
  });

  it('nothing to check is a usage error (exit 3)', async () => {
    const p = await project({ init: false });
    expect(await p.ic(['agency', 'validate'])).toEqual({
      code: 3,
      stdout: '',
      stderr: 'ic: agency validate: give a spec file, or --all --spec-dir=<dir>\n',
    });
    expect(await p.ic(['agency', 'validate', '--all'])).toEqual({
      code: 3,
      stdout: '',
      stderr: 'ic: agency validate: --spec-dir is required with --all\n',
    });
  });
});
