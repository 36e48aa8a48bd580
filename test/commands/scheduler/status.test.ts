import { describe, expect, it } from 'vitest';
import { localDateTime } from '../../../src/format/time';
import { schedulerProject, submit } from './common';

describe('scheduler status', () => {
  it('shows a job as Go does, in text and --json; an unknown id is exit 1', async () => {
    const p = await schedulerProject();
    const id = await submit(p, '--session=s1');
    p.db().prepare("UPDATE scheduler_jobs SET created_at = 1700000000, error_msg = 'boom', dispatch_id = NULL WHERE id = ?").run(id);
    expect(await p.ic(['scheduler', 'status', id])).toEqual({
      code: 0,
      stdout: [
        `ID:         ${id}`,
        'Status:     pending',
        'Priority:   2',
        'Agent:      codex',
        'Session:    s1',
        'Retries:    0/3',
        `Created:    ${localDateTime(1700000000)}`,
        'Error:      boom',
        '',
      ].join('\n'),
      stderr: '',
    });
    expect(await p.ic(['--json', 'scheduler', 'status', id])).toEqual({
      code: 0,
      stdout: `{"agent_type":"codex","created_at":1700000000,"error":"boom","id":"${id}","max_retries":3,"priority":2,"retry_count":0,"session_name":"s1","status":"pending"}\n`,
      stderr: '',
    });
    const missing = await p.ic(['scheduler', 'status', 'nope']);
    expect(missing).toMatchObject({ code: 1, stdout: '' });
    expect(missing.stderr).toMatch(/^ic: scheduler status: [^\n]*nope[^\n]*\n$/);
  });
});
