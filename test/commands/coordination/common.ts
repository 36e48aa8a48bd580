// Shared by the coordination command tests.
import type { Project } from '../../helpers';

/** Reserves through ic; the lock's id, or throws. */
export async function reserve(p: Project, owner: string, scope: string, pattern: string, ...flags: string[]): Promise<string> {
  const r = await p.ic(['coordination', 'reserve', `--owner=${owner}`, `--scope=${scope}`, `--pattern=${pattern}`, ...flags]);
  if (r.code !== 0) throw new Error(`reserve failed (${r.code}): ${r.stderr}`);
  return r.stdout.trim();
}

export const events = (p: Project) =>
  p.db().prepare('SELECT lock_id, event_type, owner, pattern, scope, reason FROM coordination_events ORDER BY id').all();
