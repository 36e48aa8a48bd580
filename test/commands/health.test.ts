import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runIc, tempDir } from '../helpers';

describe('version and health', () => {
  it('health: ok, or the reason and exit 2', async () => {
    const dir = tempDir();
    expect(await runIc(['health'], dir)).toEqual({
      code: 2,
      stdout: '',
      stderr: 'ic: health: no database at .clavain/intercore.db; run ic init\n',
    });
    await runIc(['init'], dir);
    expect(await runIc(['health'], dir)).toEqual({ code: 0, stdout: 'ok\n', stderr: '' });
    new Database(join(dir, '.clavain/intercore.db')).pragma('user_version = 3');
    expect(await runIc(['health'], dir)).toEqual({
      code: 2,
      stdout: '',
      stderr: 'ic: health: database schema is v3, this ic needs v6; run ic init\n',
    });
  });
});
