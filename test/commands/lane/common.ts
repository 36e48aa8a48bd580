// Shared by the lane command tests: a lane made through ic, its id returned.
import type { Project } from '../../helpers';

export async function makeLane(p: Project, name: string, ...flags: string[]): Promise<string> {
  const r = await p.ic(['lane', 'create', `--name=${name}`, ...flags]);
  if (r.code !== 0) throw new Error(`lane create failed: ${r.stderr}`);
  return r.stdout.trim();
}

/** Sets a lane's times (tests of time-dependent output). */
export function setLaneTimes(p: Project, id: string, at: number): void {
  const db = p.db();
  db.prepare('UPDATE lanes SET created_at = ?, updated_at = ? WHERE id = ?').run(at, at, id);
  db.prepare('UPDATE lane_events SET created_at = ? WHERE lane_id = ?').run(at, id);
}
