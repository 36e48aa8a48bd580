import { describe, expect, it } from 'vitest';
import { project } from '../../helpers';
import { disc, events, submit } from './common';

describe('discovery dismiss', () => {
  it('dismisses with an event; again changes nothing; unknown is exit 1', async () => {
    const p = await project();
    const id = await submit(p, '--source=exa', '--source-id=1', '--title=A');
    expect(await p.ic(['discovery', 'dismiss', id])).toEqual({ code: 0, stdout: `dismissed ${id}\n`, stderr: '' });
    expect(disc(p, id)).toMatchObject({ status: 'dismissed', reviewed_at: expect.any(Number) });
    expect(events(p).at(-1)).toMatchObject({
      event_type: 'discovery.dismissed',
      from_status: 'new',
      to_status: 'dismissed',
      payload: `{"id":"${id}"}`,
    });
    expect(await p.ic(['discovery', 'dismiss', id])).toEqual({ code: 0, stdout: `dismissed ${id}\n`, stderr: '' });
    expect(events(p)).toHaveLength(2);
    expect((await p.ic(['discovery', 'dismiss', 'nope'])).code).toBe(1);
  });
});
