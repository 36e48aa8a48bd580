// The goal commands: minting a goal behind its condition's lint, listing and
// auditing goals, and the fenced close lease. Every mutation is one write
// transaction (BEGIN IMMEDIATE) whose change is a compare-and-set: the lease
// is taken only while it is free, and a step, finish or release holds only
// under the fence the lease was taken with.
import {
  acquireGoalClose,
  auditGoals,
  finishGoalClose,
  getGoal,
  insertGoal,
  listGoals,
  releaseGoalClose,
  setGoalSuccessor,
  stampGoalStep,
} from '../../generated/db/queries/goal';
import type { GoalsRow } from '../../generated/entities';
import type {
  GoalAuditArgs,
  GoalAuditData,
  GoalCloseBeginArgs,
  GoalCloseBeginData,
  GoalCloseFinishArgs,
  GoalCloseFinishData,
  GoalCloseReleaseArgs,
  GoalCloseReleaseData,
  GoalCloseStepArgs,
  GoalCloseStepData,
  GoalCreateArgs,
  GoalCreateData,
  GoalLintConditionArgs,
  GoalLintConditionData,
  GoalListArgs,
  GoalListData,
  GoalShowArgs,
  GoalShowData,
  GoalSuccessorArgs,
  GoalSuccessorData,
} from '../../generated/types';
import { GoalStatus } from '../../generated/values';
import type { Context, DbContext } from '../cli/context';
import { FailureError, UsageError } from '../cli/errors';
import type { Db } from '../db/open';
import { sessionProject } from '../session/project';
import { auditDefects } from './audit';
import { readConditionFile } from './condition';
import { lintCondition } from './lint';
import { closeRefusal } from './refusals';

/** The condition a command was given: the file's text (it wins, as in Go), else --text/--condition, else "". */
function conditionOf(ctx: Context, text: string | undefined, file: string | undefined, flag: string): string {
  return file ? readConditionFile(ctx.cwd, flag, file) : (text ?? '');
}

function mustGetGoal(db: Db, id: string): GoalsRow {
  const goal = getGoal(db, { id });
  if (!goal) throw closeRefusal.notFound(id);
  return goal;
}

export function create(ctx: DbContext, args: GoalCreateArgs): GoalCreateData {
  const condition = conditionOf(ctx, args.condition, args.condition_file, '--condition-file');
  // The lint first, before the database is opened. A refusal is one line naming the errors;
  // otherwise each finding is a line on stderr, as the original prints them.
  const findings = lintCondition(condition);
  const errors = findings.filter((f) => f.severity === 'error');
  if (errors.length > 0 && !args.force) {
    throw new UsageError(`condition failed lint: ${errors.map((f) => f.message).join('; ')} (use --force to override)`);
  }
  for (const f of findings) ctx.stderr(`lint ${f.severity}: ${f.message}`);
  const goal = ctx.write((tx) =>
    insertGoal(tx.db, {
      project_dir: sessionProject(ctx, args.project),
      title: args.title,
      charter_path: args.charter || null,
      condition_text: condition,
      complexity: args.complexity,
      bead_id: args.bead || null,
      now: tx.now,
    }),
  )!;
  return { id: goal.id, status: goal.status };
}

export function show(ctx: DbContext, args: GoalShowArgs): GoalShowData {
  return mustGetGoal(ctx.db, args.id);
}

export function list(ctx: DbContext, args: GoalListArgs): GoalListData {
  return listGoals(ctx.db, { project_dir: args.project ? sessionProject(ctx, args.project) : null, status: args.status ?? null });
}

export function lint(ctx: Context, args: GoalLintConditionArgs): GoalLintConditionData {
  return lintCondition(conditionOf(ctx, args.text, args.file, '--file'));
}

export function successor(ctx: DbContext, args: GoalSuccessorArgs): GoalSuccessorData {
  ctx.write((tx) => {
    if (setGoalSuccessor(tx.db, { id: args.id, successor_ref: args.ref, now: tx.now }) === 0) throw closeRefusal.notFound(args.id);
  });
}

export function audit(ctx: DbContext, args: GoalAuditArgs): GoalAuditData {
  const rows = auditGoals(ctx.db, { project_dir: args.project ? sessionProject(ctx, args.project) : null });
  return auditDefects(rows, ctx.now(), args.dormant_after);
}

export function closeBegin(ctx: DbContext, args: GoalCloseBeginArgs): GoalCloseBeginData {
  return ctx.write((tx) => {
    const goal = mustGetGoal(tx.db, args.id);
    const won = acquireGoalClose(tx.db, {
      id: goal.id,
      // Go stores what it was given, "" for a flag not given.
      closing_run_id: args.run ?? '',
      lease_owner: args.owner ?? '',
      lease_expires_at: tx.now + args.ttl,
      now: tx.now,
    });
    if (!won) throw closeRefusal.leaseNotFree(goal, tx.now);
    return { fence: won.fence_gen };
  });
}

/** Runs a fenced change; when it changed nothing, says why (unknown goal, stale fence, what else). */
function fenced(
  ctx: DbContext,
  id: string,
  fence: number,
  change: (db: Db, now: number) => number,
  otherwise?: (goal: GoalsRow) => FailureError | undefined,
): void {
  ctx.write((tx) => {
    if (change(tx.db, tx.now) === 1) return;
    const goal = mustGetGoal(tx.db, id);
    if (goal.status !== GoalStatus.Closing || goal.fence_gen !== fence) throw closeRefusal.staleFence(goal, fence);
    throw otherwise?.(goal) ?? closeRefusal.staleFence(goal, fence);
  });
}

export function closeStep(ctx: DbContext, args: GoalCloseStepArgs): GoalCloseStepData {
  fenced(ctx, args.id, args.fence, (db, now) => stampGoalStep(db, { id: args.id, fence: args.fence, step: args.name, now }));
}

export function closeFinish(ctx: DbContext, args: GoalCloseFinishArgs): GoalCloseFinishData {
  fenced(
    ctx,
    args.id,
    args.fence,
    (db, now) => finishGoalClose(db, { id: args.id, fence: args.fence, now }),
    (goal) => closeRefusal.incomplete(goal),
  );
}

export function closeRelease(ctx: DbContext, args: GoalCloseReleaseArgs): GoalCloseReleaseData {
  fenced(ctx, args.id, args.fence, (db, now) => releaseGoalClose(db, { id: args.id, fence: args.fence, now }));
}
