import { describe, expect, it } from 'vitest';
import { snapshot } from '../../hardening/common';
import { project } from '../../helpers';
import { disc, events, submit } from './common';

describe('discovery decay', () => {
  it('multiplies the scores of open discoveries older than --min-age by (1 - rate), retiering them, with one event', async () => {
    const p = await project();
    const old = await submit(p, '--source=exa', '--source-id=1', '--title=A', '--score=0.8');
    const fresh = await submit(p, '--source=exa', '--source-id=2', '--title=B', '--score=0.8');
    const settled = await submit(p, '--source=exa', '--source-id=3', '--title=C', '--score=0.8');
    await p.ic(['discovery', 'dismiss', settled]);
    p.db().prepare('UPDATE discoveries SET discovered_at = discovered_at - 2 * 86400 WHERE id IN (?, ?)').run(old, settled);
    expect(await p.ic(['discovery', 'decay', '--rate=0.5'])).toEqual({ code: 0, stdout: '1 decayed\n', stderr: '' });
    expect(disc(p, old)).toMatchObject({ relevance_score: 0.4, confidence_tier: 'low' });
    expect(disc(p, fresh)).toMatchObject({ relevance_score: 0.8 });
    expect(events(p).at(-1)).toMatchObject({ discovery_id: '', event_type: 'discovery.decayed', payload: '{"count":1,"rate":0.5}' });
    // The limits: rate 0 changes nothing, rate 1 zeroes; beyond them is refused with nothing written.
    expect(await p.ic(['discovery', 'decay', '--rate=1', '--min-age=86400'])).toEqual({ code: 0, stdout: '1 decayed\n', stderr: '' });
    expect(disc(p, old)).toMatchObject({ relevance_score: 0, confidence_tier: 'discard' });
    const before = snapshot(p.db());
    for (const rate of ['1.5', '-0.1', 'NaN', 'Infinity', '1e309'])
      expect((await p.ic(['discovery', 'decay', `--rate=${rate}`])).code, rate).toBe(3);
    expect((await p.ic(['discovery', 'decay', '--rate=0.1', '--min-age=-1'])).code).toBe(3);
    expect((await p.ic(['discovery', 'decay'])).code).toBe(3);
    expect(snapshot(p.db())).toBe(before);
  });
});
