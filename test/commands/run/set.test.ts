import { describe, expect, it } from 'vitest';
import { project } from '../../helpers';
import { events, newRun, runRow } from './common';

describe('run cancel and set', () => {
  it('set: every spelling of the booleans, one set event naming what changed', async () => {
    const p = await project();
    const id = await newRun(p);
    // auto_advance off differs from what the default delegation level (L2) implies: recorded, and said on stderr.
    expect(await p.ic(['run', 'set', id, '--complexity=2', '--force-full=T', '--auto-advance=0'])).toEqual({
      code: 0,
      stdout: 'updated\n',
      stderr:
        'note: auto_advance=false overrides the L2 default (true) — run no longer matches the declared delegation level\n      recorded on the run as metadata.autonomy_override\n',
    });
    expect(runRow(p, id)).toMatchObject({ complexity: 2, force_full: 1, auto_advance: 0 });
    const metadata = JSON.parse(p.db().prepare('SELECT metadata FROM runs WHERE id = ?').pluck().get(id) as string);
    expect(metadata).toEqual({
      autonomy_override: {
        auto_advance: false,
        delegation_declared: false,
        delegation_level: 2,
        delegation_name: 'human reviews evidence post-hoc',
        delegation_source: 'default (unset)',
        implied_by_level: true,
        recorded_at: expect.any(Number),
      },
    });
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
