import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, project } from '../../helpers';
import { type JsonSchema, validate } from '../../json-schema';

const SCHEMA = JSON.parse(readFileSync(join(ROOT, 'generated/schemas/records/agency-event.json'), 'utf8')) as JsonSchema;

describe('events list-agency', () => {
  it('prints agency events in id order, of one agency or run, after --since, at most --limit (times in UTC)', async () => {
    const p = await project();
    const record = (agency: string, key: string, run?: string) =>
      p.ic([
        'events',
        'record',
        '--source=agency',
        '--type=stage.started',
        `--payload={"agency_name":"${agency}","cycle_id":"c1","stage":"s1","context":{"b":1,"a":[true]}}`,
        `--idempotency-key=${key}`,
        ...(run ? [`--run=${run}`] : []),
      ]);
    expect((await record('build', 'k1', 'run00001')).stdout).toBe('1\n');
    expect((await record('ship', 'k1')).stdout).toBe('2\n');
    expect((await record('build', 'k2')).stdout).toBe('3\n');
    p.db().prepare('UPDATE agency_events SET created_at = 60').run();
    const r = await p.ic(['events', 'list-agency']);
    expect(r.stdout.split('\n')[0]).toBe(
      `{"id":1,"run_id":"run00001","agency_name":"build","event_type":"stage.started","cycle_id":"c1","stage":"s1","context_json":"{\\"a\\":[true],\\"b\\":1}","idempotency_key":"k1","project_dir":"${p.dir}","timestamp":"1970-01-01T00:01:00Z"}`,
    );
    for (const line of r.stdout.trim().split('\n')) expect(validate(SCHEMA, JSON.parse(line))).toEqual([]);
    const ids = async (...args: string[]) =>
      (await p.ic(['events', 'list-agency', ...args])).stdout
        .trim()
        .split('\n')
        .filter(Boolean)
        .map((l) => (JSON.parse(l) as { id: number }).id);
    expect(await ids('--agency=build')).toEqual([1, 3]);
    expect(await ids('--run=run00001')).toEqual([1]);
    expect(await ids('--since=1', '--limit=1')).toEqual([2]);
    expect((await p.ic(['--json', 'events', 'list-agency'])).stdout).toBe(r.stdout);
    expect((await p.ic(['events', 'list-agency', '--limit=x'])).code).toBe(3);
  });
});
