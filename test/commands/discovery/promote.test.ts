import { describe, expect, it } from 'vitest';
import { project } from '../../helpers';
import { disc, events, submit } from './common';

describe('discovery promote', () => {
  it('promotes at 0.5 or more (or with --force), once; dismissed never', async () => {
    const p = await project();
    const id = await submit(p, '--source=exa', '--source-id=1', '--title=A', '--score=0.4');
    expect(await p.ic(['discovery', 'promote', id, '--bead-id=b1'])).toEqual({
      code: 1,
      stdout: '',
      stderr: 'ic: discovery promote: gate blocked: confidence 0.40 below promotion threshold 0.50 (--force to promote anyway)\n',
    });
    expect(await p.ic(['discovery', 'promote', id, '--bead-id=b1', '--force'])).toEqual({
      code: 0,
      stdout: `promoted ${id} → b1\n`,
      stderr: '',
    });
    expect(disc(p, id)).toMatchObject({ status: 'promoted', bead_id: 'b1', promoted_at: expect.any(Number) });
    expect(events(p).at(-1)).toMatchObject({
      event_type: 'discovery.promoted',
      payload: `{"bead_id":"b1","force":true,"id":"${id}","score":0.4}`,
    });
    const n = events(p).length;
    expect((await p.ic(['discovery', 'promote', id, '--bead-id=b2'])).code).toBe(0);
    expect(disc(p, id)).toMatchObject({ bead_id: 'b1' });
    expect(events(p)).toHaveLength(n);
    const d = await submit(p, '--source=exa', '--source-id=2', '--title=B', '--score=0.9');
    await p.ic(['discovery', 'dismiss', d]);
    expect(await p.ic(['discovery', 'promote', d, '--bead-id=b3', '--force'])).toEqual({
      code: 1,
      stdout: '',
      stderr: 'ic: discovery promote: invalid lifecycle transition: cannot promote dismissed discovery\n',
    });
    expect((await p.ic(['discovery', 'promote', d])).code).toBe(3);
  });
});
