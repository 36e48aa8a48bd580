import { describe, expect, it } from 'vitest';
import { project } from '../../helpers';

describe('lane create', () => {
  it('prints the new id; --json gives id, lane_type and name; writes the lane and a created event', async () => {
    const p = await project();
    const r = await p.ic(['lane', 'create', '--name=interop', '--type=standing', '--description=Plugin interop', '--intent=ship it']);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toMatch(/^[a-z0-9]{8}\n$/);
    const id = r.stdout.trim();
    const arc = await p.ic(['--json', 'lane', 'create', '--name', 'e8-bigend', '--type', 'arc']);
    const arcId = (JSON.parse(arc.stdout) as { id: string }).id;
    expect(arc).toEqual({ code: 0, stdout: `{"id":"${arcId}","lane_type":"arc","name":"e8-bigend"}\n`, stderr: '' });
    const db = p.db();
    expect(
      db.prepare('SELECT id, name, lane_type, status, description, intent, metadata, closed_at FROM lanes ORDER BY name').all(),
    ).toEqual([
      { id: arcId, name: 'e8-bigend', lane_type: 'arc', status: 'active', description: '', intent: '', metadata: '{}', closed_at: null },
      {
        id,
        name: 'interop',
        lane_type: 'standing',
        status: 'active',
        description: 'Plugin interop',
        intent: 'ship it',
        metadata: '{}',
        closed_at: null,
      },
    ]);
    expect(db.prepare('SELECT lane_id, event_type, payload FROM lane_events ORDER BY id').all()).toEqual([
      { lane_id: id, event_type: 'created', payload: '{}' },
      { lane_id: arcId, event_type: 'created', payload: '{}' },
    ]);
    // The default type is standing.
    expect((await p.ic(['--json', 'lane', 'create', '--name=plain'])).stdout).toMatch(/"lane_type":"standing"/);
  });

  it('refuses a taken name (exit 2), a missing or bad name or type (exit 3), and writes nothing', async () => {
    const p = await project();
    await p.ic(['lane', 'create', '--name=interop']);
    const before = p.db().prepare('SELECT count(*) AS n FROM lane_events').get();
    expect(await p.ic(['lane', 'create', '--name=interop'])).toEqual({
      code: 2,
      stdout: '',
      stderr: 'ic: lane create: a lane named interop already exists\n',
    });
    expect(await p.ic(['lane', 'create'])).toEqual({ code: 3, stdout: '', stderr: 'ic: lane create: --name is required\n' });
    expect(await p.ic(['lane', 'create', '--name='])).toEqual({ code: 3, stdout: '', stderr: 'ic: lane create: --name is required\n' });
    expect(await p.ic(['lane', 'create', '--name=a\nb'])).toEqual({
      code: 3,
      stdout: '',
      stderr: 'ic: lane create: --name must be one line, without control characters\n',
    });
    expect(await p.ic(['lane', 'create', `--name=${'x'.repeat(201)}`])).toEqual({
      code: 3,
      stdout: '',
      stderr: 'ic: lane create: --name is 201 bytes long; at most 200\n',
    });
    expect(await p.ic(['lane', 'create', '--name=x', '--type=epic'])).toEqual({
      code: 3,
      stdout: '',
      stderr: 'ic: lane create: invalid --type value "epic": want one of standing, arc\n',
    });
    expect(p.db().prepare('SELECT count(*) AS n FROM lane_events').get()).toEqual(before);
    expect(p.db().prepare('SELECT name FROM lanes').all()).toEqual([{ name: 'interop' }]);
  });
});
