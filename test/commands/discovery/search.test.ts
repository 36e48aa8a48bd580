import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { project } from '../../helpers';
import { floats, submit } from './common';

describe('discovery search', () => {
  it('ranks discoveries with an embedding by cosine similarity, filtered, up to --limit', async () => {
    const p = await project();
    writeFileSync(join(p.dir, 'a.bin'), floats(1, 0));
    writeFileSync(join(p.dir, 'b.bin'), floats(1, 1));
    writeFileSync(join(p.dir, 'c.bin'), floats(0, 1));
    writeFileSync(join(p.dir, 'q.bin'), floats(1, 0));
    const a = await submit(p, '--source=exa', '--source-id=1', '--title=A', '--embedding=@a.bin', '--score=0.5');
    const b = await submit(p, '--source=exa', '--source-id=2', '--title=B', '--embedding=@b.bin');
    const c = await submit(p, '--source=hn', '--source-id=3', '--title=C', '--embedding=@c.bin');
    await submit(p, '--source=hn', '--source-id=4', '--title=none');
    expect(await p.ic(['discovery', 'search', '--embedding=@q.bin'])).toEqual({
      code: 0,
      stdout: `${a}\texa\tA\t0.50\t1.0000\tmedium\n${b}\texa\tB\t0.00\t0.7071\tdiscard\n${c}\thn\tC\t0.00\t0.0000\tdiscard\n`,
      stderr: '',
    });
    const json = JSON.parse(
      (await p.ic(['--json', 'discovery', 'search', '--embedding=@q.bin', '--min-score=0.5', '--limit=5'])).stdout,
    ) as {
      id: string;
      similarity: number;
    }[];
    expect(json.map((r) => r.id)).toEqual([a, b]);
    expect(json[1]!.similarity).toBeCloseTo(Math.SQRT1_2, 6);
    expect((await p.ic(['--json', 'discovery', 'search', '--embedding=@q.bin', '--source=hn'])).stdout).toMatch(
      new RegExp(`^\\[\\{[^\\]]*"id":"${c}"`),
    );
    expect((await p.ic(['discovery', 'search', '--embedding=@q.bin', '--min-score=2'])).code).toBe(3);
    expect((await p.ic(['discovery', 'search'])).code).toBe(3);
    expect((await p.ic(['discovery', 'search', '--embedding=@missing.bin'])).code).toBe(2);
  });
});
