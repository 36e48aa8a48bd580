import { describe, expect, it } from 'vitest';
import { project } from '../../helpers';
import { disc, events, submit } from './common';

describe('discovery rollback', () => {
  it('dismisses the open discoveries of a source found since a time, printing the count', async () => {
    const p = await project();
    const a = await submit(p, '--source=rb', '--source-id=1', '--title=A');
    const b = await submit(p, '--source=rb', '--source-id=2', '--title=B');
    const promoted = await submit(p, '--source=rb', '--source-id=3', '--title=C', '--score=0.9');
    await p.ic(['discovery', 'promote', promoted, '--bead-id=x']);
    const other = await submit(p, '--source=exa', '--source-id=4', '--title=D');
    expect(await p.ic(['discovery', 'rollback', '--source=rb', '--since=0'])).toEqual({ code: 0, stdout: '2\n', stderr: '' });
    expect([disc(p, a).status, disc(p, b).status, disc(p, promoted).status, disc(p, other).status]).toEqual([
      'dismissed',
      'dismissed',
      'promoted',
      'new',
    ]);
    expect(events(p).filter((e) => e.payload === `{"id":"${a}","reason":"rollback","source":"rb"}`)).toHaveLength(1);
    expect(await p.ic(['discovery', 'rollback', '--source=rb', '--since=0'])).toEqual({ code: 0, stdout: '0\n', stderr: '' });
    expect((await p.ic(['discovery', 'rollback', '--source=rb'])).code).toBe(3);
    expect((await p.ic(['discovery', 'rollback', '--source=rb', '--since=yesterday'])).code).toBe(3);
  });
});
