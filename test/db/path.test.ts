import { mkdirSync, readdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { project, runIc, tempDir } from '../helpers';

describe('database path', () => {
  it('walks up to the nearest .clavain/intercore.db', async () => {
    const p = await project();
    mkdirSync(join(p.dir, 'a/b'), { recursive: true });
    await p.ic(['state', 'set', 'k', 's'], { stdin: '1', cwd: join(p.dir, 'a/b') });
    expect(p.db().prepare('SELECT payload FROM state').all()).toEqual([{ payload: '1' }]);
  });

  it('--db anywhere on the line, with = or a space', async () => {
    const dir = tempDir();
    expect(await runIc(['--db=x.db', 'init'], dir)).toEqual({ code: 0, stdout: 'initialized x.db (schema v39)\n', stderr: '' });
    expect(await runIc(['state', '--db', 'x.db', 'set', 'k', 's'], dir, '1')).toMatchObject({ code: 0 });
    expect(await runIc(['state', 'get', 'k', 's', '--db', 'x.db'], dir)).toEqual({ code: 0, stdout: '1\n', stderr: '' });
  });

  it('refuses unsafe --db paths with exit 2', async () => {
    const dir = tempDir();
    const outside = tempDir();
    mkdirSync(join(dir, 'real'));
    symlinkSync(join(dir, 'real'), join(dir, 'link'));
    symlinkSync(outside, join(dir, 'out'));
    const cases: [string, string][] = [
      ['data.sqlite', 'must end in .db'],
      ['a/../x.db', 'must not contain ".."'],
      [join(outside, 'x.db'), 'must be under the working directory'],
      ['link/x.db', 'its directory is a symbolic link'],
      ['out/sub/x.db', 'leads outside the working directory through a symbolic link'],
    ];
    for (const [path, why] of cases) {
      expect(await runIc(['--db', path, 'init'], dir)).toEqual({
        code: 2,
        stdout: '',
        stderr: `ic: init: invalid --db path "${path}": ${why}\n`,
      });
    }
    expect(readdirSync(outside)).toEqual([]);
  });
});
