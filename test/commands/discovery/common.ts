// Shared by the discovery command tests.
import { expect } from 'vitest';
import type { Project } from '../../helpers';

export type Row = Record<string, unknown>;
export const disc = (p: Project, id: string) => p.db().prepare('SELECT * FROM discoveries WHERE id = ?').get(id) as Row;
export const events = (p: Project) =>
  p.db().prepare('SELECT discovery_id, event_type, from_status, to_status, payload FROM discovery_events ORDER BY id').all() as Row[];

/** discovery submit with the given flags; returns the new id. */
export async function submit(p: Project, ...flags: string[]): Promise<string> {
  const r = await p.ic(['discovery', 'submit', ...flags]);
  expect(r).toMatchObject({ code: 0, stderr: '' });
  expect(r.stdout).toMatch(/^[a-z0-9]{12}\n$/);
  return r.stdout.trim();
}

/** Little-endian float32s, as an embedding is stored. */
export function floats(...v: number[]): Buffer {
  const b = Buffer.alloc(v.length * 4);
  v.forEach((x, i) => b.writeFloatLE(x, i * 4));
  return b;
}
