import { describe, expect, it } from 'vitest';
import { localDateTime } from '../../../src/format/time';
import { project } from '../../helpers';

async function seeded() {
  const p = await project();
  const add = p
    .db()
    .prepare(
      'INSERT INTO routing_decisions (dispatch_id, project_dir, agent, selected_model, rule_matched, floor_applied, complexity, decided_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
  add.run(null, '/p', 'fd-architecture', 'sonnet', 'B2-shadow', 0, null, 1000);
  add.run('d1', '/q', 'fd-quality', 'opus', 'B1', 1, 4, 3000);
  add.run(null, '/p', 'fd-quality', 'haiku', 'B2', 0, null, 2000);
  return p;
}

describe('route list', () => {
  it("latest first; --json compact in Go's key order (floor_applied always), as Clavain's doctor reads it", async () => {
    const p = await seeded();
    expect(await p.ic(['--json', 'route', 'list', '--limit=2'])).toEqual({
      code: 0,
      stdout:
        '[{"id":2,"dispatch_id":"d1","project_dir":"/q","agent":"fd-quality","selected_model":"opus","rule_matched":"B1","floor_applied":true,"complexity":4,"decided_at":3000},' +
        '{"id":3,"project_dir":"/p","agent":"fd-quality","selected_model":"haiku","rule_matched":"B2","floor_applied":false,"decided_at":2000}]\n',
      stderr: '',
    });
    const head = `${'ID'.padEnd(6)} ${'AGENT'.padEnd(35)} ${'MODEL'.padEnd(8)} ${'RULE'.padEnd(18)} DECIDED\n${'-'.repeat(80)}\n`;
    expect(await p.ic(['route', 'list', '--agent=fd-architecture'])).toEqual({
      code: 0,
      stdout: `${head}1      fd-architecture                     sonnet   B2-shadow          ${localDateTime(1000, 'minutes')}\n`,
      stderr: '',
    });
  });

  it('filters: --project, --agent, --model, --dispatch, --since, --until', async () => {
    const p = await seeded();
    const ids = async (...flags: string[]) =>
      ((JSON.parse((await p.ic(['--json', 'route', 'list', ...flags])).stdout) ?? []) as { id: number }[]).map((d) => d.id);
    expect(await ids()).toEqual([2, 3, 1]);
    expect(await ids('--project=/p')).toEqual([3, 1]);
    expect(await ids('--agent=fd-quality', '--model=haiku')).toEqual([3]);
    expect(await ids('--dispatch=d1')).toEqual([2]);
    expect(await ids('--since=2000', '--until=2999')).toEqual([3]);
    expect(await ids('--since=0', '--limit=0')).toEqual([2, 3, 1]);
  });

  it('none: "No routing decisions found.", --json null; a bad number is exit 3', async () => {
    const p = await project();
    expect(await p.ic(['route', 'list'])).toEqual({ code: 0, stdout: 'No routing decisions found.\n', stderr: '' });
    expect(await p.ic(['--json', 'route', 'list'])).toEqual({ code: 0, stdout: 'null\n', stderr: '' });
    expect((await p.ic(['route', 'list', '--limit=x'])).code).toBe(3);
  });
});
