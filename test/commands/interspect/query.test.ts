import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, project } from '../../helpers';
import { type JsonSchema, validate } from '../../json-schema';

const SCHEMA = JSON.parse(readFileSync(join(ROOT, 'generated/schemas/records/interspect-event.json'), 'utf8')) as JsonSchema;

describe('interspect query', () => {
  it('prints interspect events in id order, of one agent, after --since, at most --limit (default 100)', async () => {
    const p = await project();
    const insert = p
      .db()
      .prepare(
        "INSERT INTO interspect_events (agent_name, event_type, override_reason, context_json, created_at) VALUES (?, 'correction', ?, ?, 70)",
      );
    insert.run('a', 'why', '{"x":1}');
    insert.run('b', null, null);
    for (let i = 0; i < 120; i++) insert.run('a', null, null);
    const r = await p.ic(['interspect', 'query', '--limit=2']);
    expect(r).toEqual({
      code: 0,
      stdout:
        '{"id":1,"agent_name":"a","event_type":"correction","override_reason":"why","context_json":"{\\"x\\":1}","timestamp":"1970-01-01T00:01:10Z"}\n' +
        '{"id":2,"agent_name":"b","event_type":"correction","timestamp":"1970-01-01T00:01:10Z"}\n',
      stderr: '',
    });
    for (const line of r.stdout.trim().split('\n')) expect(validate(SCHEMA, JSON.parse(line))).toEqual([]);
    const count = async (...args: string[]) =>
      (await p.ic(['interspect', 'query', ...args])).stdout.trim().split('\n').filter(Boolean).length;
    expect(await count()).toBe(100);
    expect(await count('--limit=0')).toBe(122);
    expect(await count('--agent=b')).toBe(1);
    expect(await count('--agent=a', '--since=100')).toBe(22);
    expect((await p.ic(['--json', 'interspect', 'query', '--limit=2'])).stdout).toBe(r.stdout);
  });
});
