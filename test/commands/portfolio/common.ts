// Shared by the portfolio command tests: a portfolio over projects of the test's directory, and its tables as rows.
import type { Project } from '../../helpers';

export interface Portfolio {
  id: string;
  /** Child run ids, in the order of --projects. */
  children: string[];
  /** The absolute project directories, in the same order. */
  dirs: string[];
}

/** `run create --projects` over <dir>/<name> for each name. */
export async function makePortfolio(p: Project, names: string[], extra: string[] = []): Promise<Portfolio> {
  const r = await p.ic(['--json', 'run', 'create', '--goal=pf', `--projects=${names.join(',')}`, ...extra]);
  if (r.code !== 0) throw new Error(`run create --projects: ${r.stderr}`);
  const out = JSON.parse(r.stdout) as { id: string; children: string[] };
  return { id: out.id, children: out.children, dirs: names.map((n) => `${p.dir}/${n}`) };
}

/** Every dependency row, oldest first. */
export function depRows(p: Project): { portfolio_run_id: string; upstream_project: string; downstream_project: string }[] {
  return p.db().prepare('SELECT portfolio_run_id, upstream_project, downstream_project FROM project_deps ORDER BY id').all() as never;
}
