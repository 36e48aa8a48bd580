import { describe, expect, it } from 'vitest';
import { project } from '../../helpers';
import { reserve } from './common';

describe('coordination check', () => {
  it('clear: exit 0, nothing as text, [] as JSON', async () => {
    const p = await project();
    await reserve(p, 'a', 's', 'src/*.ts');
    expect(await p.ic(['coordination', 'check', '--scope=s', '--pattern=docs/x'])).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(await p.ic(['--json', 'coordination', 'check', '--scope=s', '--pattern=src/x.go'])).toEqual({
      code: 0,
      stdout: '[]\n',
      stderr: '',
    });
  });

  it('lists the overlapping active locks (exit 1), shared ones too; --exclude-owner leaves one owner out; writes nothing', async () => {
    const p = await project();
    const b = await reserve(p, 'b', 's', 'src/[a-f]*', '--exclusive=false');
    // a's exclusive lock would conflict with b's now; written as another program might have.
    p.db()
      .prepare(
        `INSERT INTO coordination_locks (id, type, owner, scope, pattern, exclusive, reason, created_at) VALUES ('aaaaaaaa', 'file_reservation', 'a', 's', 'src/*.ts', 1, 'edit', 1)`,
      )
      .run();
    const a = 'aaaaaaaa';
    await reserve(p, 'c', 's', 'src/x/*.ts');
    await reserve(p, 'd', 't', 'src/a.ts');
    const created = p.db().prepare('SELECT id, created_at FROM coordination_locks').all() as { id: string; created_at: number }[];
    const at = (id: string) => created.find((r) => r.id === id)!.created_at;
    const eventsBefore = p.db().prepare('SELECT count(*) AS n FROM coordination_events').get();
    expect(await p.ic(['coordination', 'check', '--scope=s', '--pattern=src/a.ts'])).toEqual({
      code: 1,
      stdout: 'a\tsrc/*.ts\tedit\nb\tsrc/[a-f]*\t\n',
      stderr: '',
    });
    expect(await p.ic(['--json', 'coordination', 'check', '--scope=s', '--pattern=src/a.ts', '--exclude-owner=a'])).toEqual({
      code: 1,
      stdout: `[{"id":"${b}","type":"file_reservation","owner":"b","scope":"s","pattern":"src/[a-f]*","exclusive":false,"created_at":${at(b)}}]\n`,
      stderr: '',
    });
    expect(a).toBeTruthy();
    expect(p.db().prepare('SELECT count(*) AS n FROM coordination_events').get()).toEqual(eventsBefore);
  });

  it('needs --scope and a valid --pattern (exit 3)', async () => {
    const p = await project();
    expect(await p.ic(['coordination', 'check', '--pattern=x'])).toEqual({
      code: 3,
      stdout: '',
      stderr: 'ic: coordination check: --scope is required\n',
    });
    expect(await p.ic(['coordination', 'check', '--scope=s', '--pattern=[x'])).toEqual({
      code: 3,
      stdout: '',
      stderr: 'ic: coordination check: invalid --pattern: a [ class is not closed\n',
    });
  });
});
