import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, project } from '../../helpers';
import { type JsonSchema, validate } from '../../json-schema';

const SCHEMA = JSON.parse(readFileSync(join(ROOT, 'generated/schemas/records/review-event.json'), 'utf8')) as JsonSchema;

describe('events list-review', () => {
  it('prints review events after --since, in id order, at most --limit, a JSON line each (Go field order, empty ones left out)', async () => {
    const p = await project();
    const insert = p
      .db()
      .prepare(
        "INSERT INTO review_events (run_id, finding_id, agents_json, resolution, dismissal_reason, chosen_severity, impact, event_type, session_id, project_dir, created_at) VALUES (?, ?, '{\"a\":\"P1\"}', 'accepted', ?, 'P1', 'none', ?, ?, ?, ?)",
      );
    insert.run('run00001', 'F-1', 'agent_wrong', 'disagreement_resolved', 's', '/p', 30);
    insert.run(null, 'F-2', null, 'execution_defect', null, null, 20); // a clock stepped back: still after F-1
    insert.run(null, 'F-3', null, 'execution_defect', null, null, 40);
    const r = await p.ic(['events', 'list-review']);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe(
      '{"id":1,"run_id":"run00001","finding_id":"F-1","agents_json":"{\\"a\\":\\"P1\\"}","resolution":"accepted","dismissal_reason":"agent_wrong","chosen_severity":"P1","impact":"none","event_type":"disagreement_resolved","session_id":"s","project_dir":"/p","timestamp":"1970-01-01T00:00:30Z"}',
    );
    expect(r.stdout.split('\n')[1]).toBe(
      '{"id":2,"finding_id":"F-2","agents_json":"{\\"a\\":\\"P1\\"}","resolution":"accepted","chosen_severity":"P1","impact":"none","event_type":"execution_defect","timestamp":"1970-01-01T00:00:20Z"}',
    );
    for (const line of r.stdout.trim().split('\n')) expect(validate(SCHEMA, JSON.parse(line))).toEqual([]);
    const ids = async (...args: string[]) =>
      (await p.ic(['events', 'list-review', ...args])).stdout
        .trim()
        .split('\n')
        .filter(Boolean)
        .map((l) => (JSON.parse(l) as { id: number }).id);
    expect(await ids('--since=1')).toEqual([2, 3]);
    expect(await ids('--since', '3')).toEqual([]);
    expect(await ids('--limit=2')).toEqual([1, 2]);
    expect(await ids('--limit=0')).toEqual([1, 2, 3]);
    expect((await p.ic(['--json', 'events', 'list-review'])).stdout).toBe(r.stdout);
    expect(await p.ic(['events', 'list-review', '--since=x'])).toEqual({
      code: 3,
      stdout: '',
      stderr: 'ic: events list-review: invalid --since: x\n',
    });
  });
});
