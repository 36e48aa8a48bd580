import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runIc, tempDir } from '../helpers';

describe('version and health', () => {
  it('version with and without a database', async () => {
    const dir = tempDir();
    expect(await runIc(['version'], dir)).toEqual({ code: 0, stdout: 'ic 0.6.0\nschema: unknown (no database)\n', stderr: '' });
    expect(await runIc(['version', '--json'], dir)).toEqual({ code: 0, stdout: '{"ic":"0.6.0"}\n', stderr: '' });
    await runIc(['init'], dir);
    expect(await runIc(['version'], dir)).toEqual({ code: 0, stdout: 'ic 0.6.0\nschema: v39\n', stderr: '' });
    expect(await runIc(['version', '--json'], dir)).toEqual({ code: 0, stdout: '{"ic":"0.6.0","schema":39}\n', stderr: '' });
  });
});

describe('read-only commands never create a database (v6)', () => {
  it('version, health, compat status and every reader leave a directory without a database as it was', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'sub'));
    for (const args of [
      ['version'],
      ['health'],
      ['compat', 'status'],
      ['state', 'get', 'k', 's'],
      ['run', 'list'],
      ['--db=sub/other.db', 'version'],
      ['--db=sub/other.db', 'health'],
    ]) {
      const r = await runIc(args, dir);
      expect(r.code, args.join(' ')).toBe(args.at(-1) === 'version' || args[0] === 'compat' ? 0 : 2);
    }
    expect(readdirSync(dir)).toEqual(['sub']);
    expect(readdirSync(join(dir, 'sub'))).toEqual([]);
  });
});
