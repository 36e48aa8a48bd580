// The portfolio commands (Go's `ic portfolio`): dependencies between the
// projects of a portfolio run, their order, and where each child run stands
// against its upstreams. A portfolio is a run with project_dir "" whose
// children (runs.parent_run_id) are one run a project; `run create
// --projects` makes them (./create.ts).
import { childRuns } from '../../generated/db/queries/gate';
import { getRun } from '../../generated/db/queries/run';
import {
  deleteProjectDep,
  downstreamProjects,
  insertProjectDep,
  portfolioChildProject,
  projectDeps,
} from '../../generated/db/queries/portfolio';
import type { RunsRow } from '../../generated/entities';
import type {
  PortfolioDepAddArgs,
  PortfolioDepAddData,
  PortfolioDepListArgs,
  PortfolioDepListData,
  PortfolioDepRemoveArgs,
  PortfolioDepRemoveData,
  PortfolioOrderArgs,
  PortfolioOrderData,
  PortfolioStatusArgs,
  PortfolioStatusData,
} from '../../generated/types';
import { isTerminalRunStatus } from '../../generated/values';
import { resolve } from 'node:path';
import type { DbContext } from '../cli/context';
import { FailureError } from '../cli/errors';
import type { Db } from '../db/open';
import { readTransaction } from '../db/transaction';
import { walkOf } from '../phase/machine';
import { topologicalOrder } from './topo';

export { orderText, statusText } from './text';

/** Whether `to` is reachable from `from` over at least one edge (Go's hasPath, a depth-first search). */
function hasPath(db: Db, portfolio: string, from: string, to: string): boolean {
  const next = (p: string) => downstreamProjects(db, { portfolio_run_id: portfolio, upstream_project: p }).map((r) => r.downstream_project);
  const visited = new Set<string>();
  const stack = next(from);
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node === to) return true;
    if (visited.has(node)) continue;
    visited.add(node);
    stack.push(...next(node));
  }
  return false;
}

/** The portfolio run an argument names: exit 2 when it is no run, or a run that is not a portfolio. */
function mustGetPortfolio(db: Db, id: string): RunsRow {
  const run = getRun(db, { id });
  if (!run) throw new FailureError(`add dep: portfolio run not found: ${id}`);
  if (run.project_dir !== '') throw new FailureError(`add dep: run ${id} is not a portfolio run (it has project ${run.project_dir})`);
  return run;
}

export function depAdd(ctx: DbContext, args: PortfolioDepAddArgs): PortfolioDepAddData {
  // Paths as the children's project_dir are stored: absolute, cleaned.
  const upstream = resolve(ctx.cwd, args.upstream);
  const downstream = resolve(ctx.cwd, args.downstream);
  if (upstream === downstream) throw new FailureError('add dep: upstream and downstream cannot be the same project');
  // One write transaction: a concurrent add waits, so two adds cannot together make a cycle.
  ctx.write((tx) => {
    const portfolio = mustGetPortfolio(tx.db, args.portfolio_id);
    for (const project of [upstream, downstream])
      if (!portfolioChildProject(tx.db, { parent_run_id: portfolio.id, project_dir: project }))
        throw new FailureError(`add dep: project ${project} has no run in portfolio ${portfolio.id}`);
    // downstream reaching upstream already: the new edge would close a cycle.
    if (hasPath(tx.db, portfolio.id, downstream, upstream))
      throw new FailureError(`add dep: cycle detected: adding ${upstream} → ${downstream} would create a cycle`);
    if (projectDeps(tx.db, { portfolio_run_id: portfolio.id }).some((d) => d.upstream === upstream && d.downstream === downstream))
      throw new FailureError(`add dep: ${upstream} → ${downstream} already exists`);
    insertProjectDep(tx.db, { portfolio_run_id: portfolio.id, upstream_project: upstream, downstream_project: downstream, now: tx.now });
  });
}

export function depList(ctx: DbContext, args: PortfolioDepListArgs): PortfolioDepListData {
  return projectDeps(ctx.db, { portfolio_run_id: args.portfolio_id }).map((d) => ({
    created_at: d.created_at,
    downstream: d.downstream,
    upstream: d.upstream,
  }));
}

export function depRemove(ctx: DbContext, args: PortfolioDepRemoveArgs): PortfolioDepRemoveData {
  const upstream = resolve(ctx.cwd, args.upstream);
  const downstream = resolve(ctx.cwd, args.downstream);
  ctx.write((tx) => {
    const n = deleteProjectDep(tx.db, { portfolio_run_id: args.portfolio_id, upstream_project: upstream, downstream_project: downstream });
    if (n === 0) throw new FailureError('remove dep: not found');
  });
}

export function order(ctx: DbContext, args: PortfolioOrderArgs): PortfolioOrderData {
  const deps = projectDeps(ctx.db, { portfolio_run_id: args.portfolio_id });
  if (deps.length === 0) return { order: null };
  const sorted = topologicalOrder(deps);
  // dep add refuses cycles; a database another program wrote may still hold one.
  if (!sorted.complete) throw new FailureError(`topo sort: cycle detected (${sorted.nodes} nodes, ${sorted.order.length} sorted)`);
  return { order: sorted.order };
}

/** The index of a phase in a run's chain (-1 when not in it). */
const phaseIndex = (run: RunsRow, phase: string): number => walkOf(run).chain.indexOf(phase);

export function status(ctx: DbContext, args: PortfolioStatusArgs): PortfolioStatusData {
  // One read transaction: the children and the edges are one moment's.
  const db = ctx.db;
  return readTransaction(db, () => {
    const children = childRuns(db, { parent_run_id: args.portfolio_id });
    const upstreamsOf = new Map<string, string[]>();
    for (const d of projectDeps(db, { portfolio_run_id: args.portfolio_id }))
      upstreamsOf.set(d.downstream, [...(upstreamsOf.get(d.downstream) ?? []), d.upstream]);
    const byProject = new Map<string, RunsRow>();
    for (const c of children) if (!byProject.has(c.project_dir)) byProject.set(c.project_dir, c);
    return children.map((child) => {
      const row = { project: child.project_dir, phase: child.phase, status: child.status, ready: true };
      if (isTerminalRunStatus(child.status)) return row;
      const blocked: string[] = [];
      for (const upstream of upstreamsOf.get(child.project_dir) ?? []) {
        const up = byProject.get(upstream);
        if (!up || isTerminalRunStatus(up.status)) continue;
        const target = phaseIndex(up, child.phase);
        if (target >= 0 && phaseIndex(up, up.phase) < target) blocked.push(`${upstream} (at ${up.phase})`);
      }
      return blocked.length > 0 ? { ...row, ready: false, blocked_by: blocked } : row;
    });
  });
}

export { relay } from './relay';
