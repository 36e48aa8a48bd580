// Goals for the goal command tests, made with SQL so a test sets exactly the columns it needs.
import type { Project } from '../../helpers';

export interface GoalFixture {
  project?: string;
  title?: string;
  status?: 'open' | 'closing' | 'closed';
  created?: number;
  fence?: number;
  leaseExpires?: number | null;
  successor?: string | null;
  lastAdvance?: number | null;
  steps?: boolean;
}

export function fixtureGoal(p: Project, id: string, f: GoalFixture = {}): string {
  const steps = f.steps ? 100 : null;
  p.db()
    .prepare(
      `INSERT INTO goals (id, project_dir, title, condition_text, status, fence_gen, lease_expires_at, successor_ref, last_run_advanced_at,
         verified_at, reflected_at, compounded_at, successor_proposed_at, created_at, updated_at)
       VALUES (?, ?, ?, 'tests pass', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      id,
      f.project ?? '/p',
      f.title ?? `title of ${id}`,
      f.status ?? 'open',
      f.fence ?? 0,
      f.leaseExpires ?? null,
      f.successor ?? null,
      f.lastAdvance ?? null,
      steps,
      steps,
      steps,
      steps,
      f.created ?? 100,
      f.created ?? 100,
    );
  return id;
}

/** A condition that passes the lint without a finding. */
export const GOOD_CONDITION = '`npm test` exits 0, or stop after 20 turns';
