import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { legacyDb } from '../fixtures';
import { project, runIc, tempDir } from '../helpers';

describe('a missing or unmigrated database', () => {
  it('says to run ic init (exit 2) and creates nothing', async () => {
    const dir = tempDir();
    expect(await runIc(['state', 'get', 'k', 's'], dir)).toEqual({
      code: 2,
      stdout: '',
      stderr: 'ic: state get: no database at .clavain/intercore.db; run ic init\n',
    });
    expect(await runIc(['sentinel', 'check', 'a', 'b', '--interval=0'], dir)).toMatchObject({ code: 2 });
    expect(existsSync(join(dir, '.clavain'))).toBe(false);
  });

  it('an older schema says to run ic init, never "no such table"', async () => {
    const dir = tempDir();
    legacyDb(join(dir, '.clavain/intercore.db'), 3);
    expect(await runIc(['run', 'agent', 'list', 'r1234567'], dir)).toEqual({
      code: 2,
      stdout: '',
      stderr: 'ic: run agent list: database schema is v3, this ic needs v39; run ic init\n',
    });
  });

  it('a file that is not SQLite is exit 2 with a clear message', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, '.clavain'));
    writeFileSync(
      join(dir, '.clavain/intercore.db'),
      'this is not a database, just text that is long enough to fill a header page'.repeat(20),
    );
    expect(await runIc(['state', 'get', 'k', 's'], dir)).toEqual({
      code: 2,
      stdout: '',
      stderr: 'ic: state get: .clavain/intercore.db is not a SQLite database\n',
    });
  });
});

describe('foreign keys', () => {
  it('are enforced on every connection ic opens', async () => {
    const p = await project();
    const r = await p.ic(['run', 'agent', 'add', 'nosuchrun']);
    expect(r).toEqual({ code: 1, stdout: '', stderr: 'ic: run agent add: run not found\n' });
    expect(p.db().prepare('SELECT count(*) AS n FROM run_agents').get()).toEqual({ n: 0 });
  });
});
