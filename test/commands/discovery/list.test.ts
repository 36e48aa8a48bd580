import { describe, expect, it } from 'vitest';
import { project } from '../../helpers';
import { submit } from './common';

describe('discovery list', () => {
  it('lists by relevance then id, filtered by source, status and tier, up to --limit', async () => {
    const p = await project();
    expect(await p.ic(['--json', 'discovery', 'list'])).toEqual({ code: 0, stdout: '[]\n', stderr: '' });
    const a = await submit(p, '--source=exa', '--source-id=1', '--title=A', '--score=0.6');
    const b = await submit(p, '--source=exa', '--source-id=2', '--title=B', '--score=0.9', '--metadata={"x":1}');
    const c = await submit(p, '--source=hn', '--source-id=3', '--title=C', '--score=0.6');
    const [first, second] = [a, c].sort();
    expect((await p.ic(['discovery', 'list'])).stdout).toBe(
      `${b}\texa\tB\tnew\t0.90\thigh\n${first}\t${first === a ? 'exa' : 'hn'}\t${first === a ? 'A' : 'C'}\tnew\t0.60\tmedium\n` +
        `${second}\t${second === a ? 'exa' : 'hn'}\t${second === a ? 'A' : 'C'}\tnew\t0.60\tmedium\n`,
    );
    const ids = async (...flags: string[]) =>
      (JSON.parse((await p.ic(['--json', 'discovery', 'list', ...flags])).stdout) as { id: string }[]).map((d) => d.id);
    expect(await ids('--source=exa')).toEqual([b, a]);
    expect(await ids('--tier=medium', '--source=hn')).toEqual([c]);
    expect(await ids('--status=new', '--limit=1')).toEqual([b]);
    const listed = JSON.parse((await p.ic(['--json', 'discovery', 'list', '--limit=1'])).stdout) as Record<string, unknown>[];
    expect(listed[0]).not.toHaveProperty('raw_metadata');
    expect((await p.ic(['discovery', 'list', '--tier=great'])).code).toBe(3);
  });
});
