import { describe, expect, it } from 'vitest';
import { snapshot } from '../../hardening/common';
import { project } from '../../helpers';
import { disc, events, submit } from './common';

describe('discovery score', () => {
  it('sets the score and tier, moves new to scored, with an event; settled discoveries refuse (exit 1)', async () => {
    const p = await project();
    const id = await submit(p, '--source=exa', '--source-id=1', '--title=A', '--score=0.4');
    expect(await p.ic(['discovery', 'score', id, '--score=0.9'])).toEqual({ code: 0, stdout: `scored ${id}: 0.90 (high)\n`, stderr: '' });
    expect(disc(p, id)).toMatchObject({ relevance_score: 0.9, confidence_tier: 'high', status: 'scored' });
    expect(events(p).at(-1)).toMatchObject({
      event_type: 'discovery.scored',
      from_status: 'new',
      to_status: 'scored',
      payload: `{"id":"${id}","new_score":0.9,"old_score":0.4,"tier":"high"}`,
    });
    await p.ic(['discovery', 'dismiss', id]);
    const before = snapshot(p.db());
    expect(await p.ic(['discovery', 'score', id, '--score=0.5'])).toEqual({
      code: 1,
      stdout: '',
      stderr: 'ic: discovery score: invalid lifecycle transition: cannot score discovery in "dismissed" status\n',
    });
    expect((await p.ic(['discovery', 'score', 'nope', '--score=0.5'])).code).toBe(1);
    for (const bad of ['2', '-1', 'NaN', '+Inf']) expect((await p.ic(['discovery', 'score', id, `--score=${bad}`])).code).toBe(3);
    expect(snapshot(p.db())).toBe(before);
  });
});
