// run create --projects: a portfolio run (project_dir "") and one child run
// a project, in one write transaction (a create killed half way leaves
// nothing), as Go's Store.CreatePortfolio writes them: the parent takes the
// flags' settings and the gate rules, each child the goal, complexity,
// chain, metadata, warning percentage and auto_advance, and its parent.
import { insertRun } from '../../generated/db/queries/run';
import type { RunCreateArgs, RunCreateData } from '../../generated/types';
import { resolve } from 'node:path';
import { type DbContext } from '../cli/context';
import { UsageError } from '../cli/errors';
import { resolveDelegation } from '../config/autonomy';
import { newId } from '../db/ids';
import { type RunRules, runRulesJson } from '../gate/rules';
import { chainJson } from '../phase/chain';
import { checkRuntimeRun } from '../phase/metadata';

/** The project directories of --projects: at least two, absolute, none empty, none twice. */
export function portfolioProjects(cwd: string, projects: string): string[] {
  const parts = projects.split(',');
  if (parts.length < 2) throw new UsageError('--projects requires at least 2 comma-separated paths');
  const dirs = parts.map((p) => {
    const trimmed = p.trim();
    if (trimmed === '') throw new UsageError(`--projects: an empty path in "${projects}"`);
    return resolve(cwd, trimmed);
  });
  const twice = dirs.find((d, i) => dirs.indexOf(d) !== i);
  if (twice !== undefined) throw new UsageError(`--projects: ${twice} is named twice`);
  return dirs;
}

export function createPortfolio(ctx: DbContext, args: RunCreateArgs, chain: readonly string[], rules: RunRules | undefined): RunCreateData {
  if (args.project) throw new UsageError('--project and --projects are mutually exclusive');
  if (args.actions !== undefined) throw new UsageError('--actions is not valid with --projects');
  if (args.goal_id) throw new UsageError('--goal-id is not valid with --projects');
  const dirs = portfolioProjects(ctx.cwd, args.projects!);
  const metadata = args.metadata ?? null;
  checkRuntimeRun('', chain, metadata);
  for (const dir of dirs) checkRuntimeRun(dir, chain, metadata);
  const phases = args.phases ? chainJson(args.phases) : null;
  return ctx.write((tx) => {
    const delegation = resolveDelegation(tx.db, tx.now);
    const common = {
      goal: args.goal,
      phase: chain[0]!,
      complexity: args.complexity,
      auto_advance: delegation.derives_auto_advance,
      metadata,
      phases,
      budget_warn_pct: args.budget_warn_pct,
      now: tx.now,
    };
    const parent = insertRun(tx.db, {
      ...common,
      id: newId(),
      project_dir: '',
      scope_id: args.scope_id ?? null,
      token_budget: args.token_budget ?? null,
      parent_run_id: null,
      max_dispatches: args.max_dispatches,
      budget_enforce: args.budget_enforce,
      max_agents: args.max_agents,
      gate_rules: rules ? runRulesJson(rules) : null,
    })!;
    const children = dirs.map(
      (dir) =>
        insertRun(tx.db, {
          ...common,
          id: newId(),
          project_dir: dir,
          scope_id: null,
          token_budget: null,
          parent_run_id: parent.id,
          max_dispatches: 0,
          budget_enforce: false,
          max_agents: 0,
          gate_rules: null,
        })!.id,
    );
    return { id: parent.id, children };
  });
}
