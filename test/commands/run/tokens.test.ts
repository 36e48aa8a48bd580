import { describe, expect, it } from 'vitest';
import { project } from '../../helpers';

describe('run tokens', () => {
  it('sums the dispatches of the run (scope_id = run id); the ratio whenever input + cache > 0', async () => {
    const p = await project();
    const db = p.db();
    const add = (id: string, scope: string | null, i: number, o: number, c: number | null) =>
      db
        .prepare('INSERT INTO dispatches (id, project_dir, scope_id, input_tokens, output_tokens, cache_hits) VALUES (?, ?, ?, ?, ?, ?)')
        .run(id, p.dir, scope, i, o, c);
    add('d0000001', 'run00001', 300, 100, 100);
    add('d0000002', 'run00001', 700, 50, null);
    add('d0000003', 'other', 9999, 9999, 9999);
    expect(await p.ic(['run', 'tokens', 'run00001'])).toEqual({
      code: 0,
      stdout:
        'Run: run00001\n  Input tokens:  1000\n  Output tokens: 150\n  Cache hits:    100\n  Cache ratio:   9.1%\n  Total tokens:  1150\n',
      stderr: '',
    });
    expect(await p.ic(['--json', 'run', 'tokens', 'run00001'])).toEqual({
      code: 0,
      stdout:
        '{"cache_hits":100,"cache_ratio":9.090909090909092,"input_tokens":1000,"output_tokens":150,"run_id":"run00001","total_tokens":1150}\n',
      stderr: '',
    });
    // No input but cache: the ratio is 100 (the original printed 0).
    add('d0000004', 'cacheonly', 0, 5, 40);
    expect(JSON.parse((await p.ic(['--json', 'run', 'tokens', 'cacheonly'])).stdout)).toMatchObject({ cache_ratio: 100, total_tokens: 5 });
  });

  it('an unknown run gives zeros and no ratio, exit 0', async () => {
    const p = await project();
    expect(await p.ic(['run', 'tokens', 'nosuch01'])).toEqual({
      code: 0,
      stdout: 'Run: nosuch01\n  Input tokens:  0\n  Output tokens: 0\n  Cache hits:    0\n  Total tokens:  0\n',
      stderr: '',
    });
    expect((await p.ic(['--json', 'run', 'tokens', 'nosuch01'])).stdout).toBe(
      '{"cache_hits":0,"input_tokens":0,"output_tokens":0,"run_id":"nosuch01","total_tokens":0}\n',
    );
  });

  it('the ratio rounds its exact binary value half to even: 12.25% prints 12.2', async () => {
    const p = await project();
    // cache 49 of 400 = 12.25 exactly.
    p.db()
      .prepare("INSERT INTO dispatches (id, project_dir, scope_id, input_tokens, cache_hits) VALUES ('d1', ?, 'r', 351, 49)")
      .run(p.dir);
    expect((await p.ic(['run', 'tokens', 'r'])).stdout).toContain('  Cache ratio:   12.2%\n');
  });
});
