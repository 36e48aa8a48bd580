import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { snapshot } from '../../hardening/common';
import { project } from '../../helpers';
import { disc, events, floats, submit } from './common';

describe('discovery submit', () => {
  it('records a new discovery with its tier and a submitted event', async () => {
    const p = await project();
    writeFileSync(join(p.dir, 'meta.json'), '{"lang":"go"}');
    const id = await submit(
      p,
      '--source=exa',
      '--source-id=e1',
      '--title=T',
      '--summary=S',
      '--url=https://x',
      '--score=0.75',
      '--metadata=@meta.json',
    );
    expect(disc(p, id)).toMatchObject({
      source: 'exa',
      source_id: 'e1',
      title: 'T',
      summary: 'S',
      url: 'https://x',
      raw_metadata: '{"lang":"go"}',
      relevance_score: 0.75,
      confidence_tier: 'medium',
      status: 'new',
      embedding: null,
    });
    expect(events(p)).toEqual([
      {
        discovery_id: id,
        event_type: 'discovery.submitted',
        from_status: '',
        to_status: 'new',
        payload: `{"id":"${id}","score":0.75,"source":"exa","tier":"medium","title":"T"}`,
      },
    ]);
    const low = await submit(p, '--source=exa', '--source-id=e2', '--title=T2');
    expect(disc(p, low)).toMatchObject({ relevance_score: 0, confidence_tier: 'discard', raw_metadata: '{}', summary: '', url: '' });
  });

  it('a duplicate source and source ID is exit 1; bad input is refused before anything is written', async () => {
    const p = await project();
    await submit(p, '--source=exa', '--source-id=e1', '--title=T');
    const before = snapshot(p.db());
    expect(await p.ic(['discovery', 'submit', '--source=exa', '--source-id=e1', '--title=again'])).toEqual({
      code: 1,
      stdout: '',
      stderr: 'ic: discovery submit: duplicate discovery: source/source_id already exists: source=exa source_id=e1\n',
    });
    expect(await p.ic(['discovery', 'submit', '--source=exa', '--source-id=e9'])).toEqual({
      code: 3,
      stdout: '',
      stderr: 'ic: discovery submit: --title is required\n',
    });
    for (const score of ['NaN', 'Inf', '-0.1', '1.0000001', '1e400', '0x1p-1', 'abc', '']) {
      const r = await p.ic(['discovery', 'submit', '--source=exa', '--source-id=e9', '--title=T', `--score=${score}`]);
      expect(r.code, score).toBe(3);
      expect(r.stderr).toMatch(/^ic: discovery submit: [^\n]*\n$/);
    }
    expect((await p.ic(['discovery', 'submit', '--source=exa', '--source-id=e9', '--title=T', '--metadata={bad'])).code).toBe(2);
    expect((await p.ic(['discovery', 'submit', '--source=exa', '--source-id=e9', '--title=T', '--metadata=@/etc/passwd'])).code).toBe(2);
    expect(
      (
        await p.ic([
          'discovery',
          'submit',
          '--source=exa',
          '--source-id=e9',
          '--title=T',
          '--metadata={"token": "sk-abcdefghijklmnopqrstuvwx"}',
        ])
      ).code,
    ).toBe(2);
    expect(snapshot(p.db())).toBe(before);
    // The limits themselves are accepted.
    await submit(p, '--source=exa', '--source-id=e3', '--title=T', '--score=1');
    await submit(p, '--source=exa', '--source-id=e4', '--title=T', '--score=0.0');
  });

  it('--dedup-threshold returns a similar discovery of the source instead, with a deduped event', async () => {
    const p = await project();
    writeFileSync(join(p.dir, 'a.bin'), floats(1, 0, 0));
    writeFileSync(join(p.dir, 'b.bin'), floats(0.99, 0.05, 0));
    writeFileSync(join(p.dir, 'c.bin'), floats(0, 1, 0));
    const a = await submit(p, '--source=exa', '--source-id=a', '--title=A', '--embedding=@a.bin');
    expect(await submit(p, '--source=exa', '--source-id=b', '--title=B', '--embedding=@b.bin', '--dedup-threshold=0.9')).toBe(a);
    expect(events(p).at(-1)).toEqual({
      discovery_id: a,
      event_type: 'discovery.deduped',
      from_status: '',
      to_status: '',
      payload: `{"existing_id":"${a}","new_source_id":"b","source":"exa"}`,
    });
    const c = await submit(p, '--source=exa', '--source-id=c', '--title=C', '--embedding=@c.bin', '--dedup-threshold=0.9');
    expect(c).not.toBe(a);
    expect(Buffer.from(disc(p, c).embedding as Buffer)).toEqual(floats(0, 1, 0));
  });
});
