import { describe, expect, it } from 'vitest';
import { localDateTime } from '../../../src/format/time';
import { project } from '../../helpers';

async function seeded() {
  const p = await project();
  const add = p
    .db()
    .prepare(
      'INSERT INTO sessions (session_id, project_dir, agent_type, model, started_at, ended_at, metadata, input_tokens, output_tokens) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
  add.run('s1', '/p', 'claude-code', 'opus', 1000, null, null, 0, 0);
  add.run('s2', '/p', 'codex', null, 3000, 3500, '{"k":1}', 10, 7);
  add.run('s3', '/q', 'claude-code', null, 2000, null, null, 0, 0);
  return p;
}

describe('session list', () => {
  it("latest started first; --json in Go's key order, unset ones left out", async () => {
    const p = await seeded();
    const r = await p.ic(['--json', 'session', 'list']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      '[{"id":2,"session_id":"s2","project_dir":"/p","agent_type":"codex","started_at":3000,"ended_at":3500,"metadata":"{\\"k\\":1}","input_tokens":10,"output_tokens":7,"cache_creation_tokens":0,"cache_read_tokens":0},' +
        '{"id":3,"session_id":"s3","project_dir":"/q","agent_type":"claude-code","started_at":2000,"input_tokens":0,"output_tokens":0,"cache_creation_tokens":0,"cache_read_tokens":0},' +
        '{"id":1,"session_id":"s1","project_dir":"/p","agent_type":"claude-code","model":"opus","started_at":1000,"input_tokens":0,"output_tokens":0,"cache_creation_tokens":0,"cache_read_tokens":0}]\n',
    );
    expect(await p.ic(['session', 'list'])).toEqual({
      code: 0,
      stdout:
        `[${localDateTime(3000, 'minutes')}] s2  /p  ended tokens=17\n` +
        `[${localDateTime(2000, 'minutes')}] s3  /q  active\n` +
        `[${localDateTime(1000, 'minutes')}] s1  /p  active model=opus\n\n3 session(s)\n`,
      stderr: '',
    });
  });

  it('filters: --project, --session, --since (RFC 3339), --active-only, --limit', async () => {
    const p = await seeded();
    const ids = async (...flags: string[]) =>
      ((JSON.parse((await p.ic(['--json', 'session', 'list', ...flags])).stdout) ?? []) as { id: number }[]).map((s) => s.id);
    expect(await ids('--project=/p')).toEqual([2, 1]);
    expect(await ids('--session=s3')).toEqual([3]);
    expect(await ids('--since=1970-01-01T00:33:20Z')).toEqual([2, 3]);
    expect(await ids('--since=1970-01-01T01:33:20+01:00')).toEqual([2, 3]);
    expect(await ids('--active-only')).toEqual([3, 1]);
    expect(await ids('--limit=1')).toEqual([2]);
    expect(await ids('--limit=0')).toEqual([2, 3, 1]);
    expect(await ids('--project=/p', '--active-only')).toEqual([1]);
  });

  it('none: "No sessions found.", --json null; a bad --since is exit 3', async () => {
    const p = await project();
    expect(await p.ic(['session', 'list'])).toEqual({ code: 0, stdout: 'No sessions found.\n', stderr: '' });
    expect(await p.ic(['--json', 'session', 'list'])).toEqual({ code: 0, stdout: 'null\n', stderr: '' });
    expect(await p.ic(['session', 'list', '--since=2026-02-30T00:00:00Z'])).toEqual({
      code: 3,
      stdout: '',
      stderr: 'ic: session list: invalid --since value "2026-02-30T00:00:00Z": want an RFC 3339 time such as 2026-07-01T00:00:00Z\n',
    });
  });
});
