import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { snapshot } from '../../hardening/common';
import { project } from '../../helpers';
import { events, submit } from './common';

const signals = (p: Awaited<ReturnType<typeof project>>) =>
  p.db().prepare('SELECT discovery_id, signal_type, signal_data, actor FROM feedback_signals ORDER BY id').all();

describe('discovery feedback', () => {
  it('records a signal and its event each time without a key', async () => {
    const p = await project();
    const id = await submit(p, '--source=exa', '--source-id=1', '--title=A');
    writeFileSync(join(p.dir, 'd.json'), '{"why":"relevant"}\n');
    expect(await p.ic(['discovery', 'feedback', id, '--signal=upvote', '--actor=user', '--data=@d.json'])).toEqual({
      code: 0,
      stdout: `feedback recorded: ${id} upvote\n`,
      stderr: '',
    });
    await p.ic(['discovery', 'feedback', id, '--signal=upvote']);
    expect(signals(p)).toEqual([
      { discovery_id: id, signal_type: 'upvote', signal_data: '{"why":"relevant"}', actor: 'user' },
      { discovery_id: id, signal_type: 'upvote', signal_data: '{}', actor: 'system' },
    ]);
    expect(events(p).at(-1)).toMatchObject({ event_type: 'feedback.recorded', payload: `{"discovery_id":"${id}","signal_type":"upvote"}` });
    expect((await p.ic(['discovery', 'feedback', 'nope', '--signal=x'])).code).toBe(1);
  });

  it('with --idempotency-key records once; the key with other content is refused, writing nothing', async () => {
    const p = await project();
    const id = await submit(p, '--source=exa', '--source-id=1', '--title=A');
    for (let i = 0; i < 3; i++) {
      expect(await p.ic(['discovery', 'feedback', id, '--signal=boost', '--idempotency-key=k1'])).toEqual({
        code: 0,
        stdout: `feedback recorded: ${id} boost\n`,
        stderr: '',
      });
    }
    expect(signals(p)).toHaveLength(1);
    const key = p.db().prepare('SELECT * FROM feedback_idempotency').get() as Record<string, unknown>;
    expect(key).toMatchObject({
      idempotency_key: 'k1',
      discovery_id: id,
      signal_type: 'boost',
      signal_data: '{}',
      actor: 'system',
      signal_id: 1,
    });
    expect(events(p).filter((e) => e.event_type === 'feedback.recorded')).toEqual([
      expect.objectContaining({ payload: `{"discovery_id":"${id}","idempotency_key":"k1","signal_type":"boost"}` }),
    ]);
    const before = snapshot(p.db());
    expect(await p.ic(['discovery', 'feedback', id, '--signal=penalize', '--idempotency-key=k1'])).toEqual({
      code: 2,
      stdout: '',
      stderr: 'ic: discovery feedback: idempotency key "k1" conflicts with existing signal\n',
    });
    expect((await p.ic(['discovery', 'feedback', id, '--signal=boost', '--idempotency-key= '])).code).toBe(3);
    expect((await p.ic(['discovery', 'feedback', id, '--signal=boost', '--data=[1,'])).code).toBe(2);
    expect(snapshot(p.db())).toBe(before);
  });
});
