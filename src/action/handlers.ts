// run action add, list, update and delete: a run's phase actions.
import { deleteAction, insertAction, phaseActions, runActions, updateAction } from '../../generated/db/queries/action';
import { getRun } from '../../generated/db/queries/run';
import type {
  RunActionAddArgs,
  RunActionAddData,
  RunActionDeleteArgs,
  RunActionDeleteData,
  RunActionListArgs,
  RunActionListData,
  RunActionUpdateArgs,
  RunActionUpdateData,
} from '../../generated/types';
import type { DbContext } from '../cli/context';
import { ConflictError, NotFoundError } from '../cli/errors';
import { refusal } from '../phase/refusals';
import { actionView } from './store';

export function add(ctx: DbContext, args: RunActionAddArgs): RunActionAddData {
  return ctx.write((tx) => {
    if (!getRun(tx.db, { id: args.run_id })) throw refusal.runNotFound();
    const row = insertAction(tx.db, {
      run_id: args.run_id,
      phase: args.phase,
      action_type: args.type,
      command: args.command,
      args: args.args ?? null,
      mode: args.mode,
      priority: args.priority,
      now: tx.now,
    });
    if (!row) throw new ConflictError('duplicate action for run/phase/command');
    return { command: args.command, id: row.id, phase: args.phase };
  });
}

export function list(ctx: DbContext, args: RunActionListArgs): RunActionListData {
  const rows =
    args.phase !== undefined && args.phase !== ''
      ? phaseActions(ctx.db, { run_id: args.run_id, phase: args.phase })
      : runActions(ctx.db, { run_id: args.run_id });
  return rows.map((a) => actionView(a));
}

const notFound = () => new NotFoundError('action not found');

export function update(ctx: DbContext, args: RunActionUpdateArgs): RunActionUpdateData {
  return ctx.write((tx) => {
    const changed = updateAction(tx.db, {
      run_id: args.run_id,
      phase: args.phase,
      command: args.command,
      args: args.args ?? null,
      mode: args.mode || null,
      priority: args.priority ?? null,
      now: tx.now,
    });
    if (changed === 0) throw notFound();
    return { command: args.command, phase: args.phase };
  });
}

export function remove(ctx: DbContext, args: RunActionDeleteArgs): RunActionDeleteData {
  return ctx.write((tx) => {
    if (deleteAction(tx.db, { run_id: args.run_id, phase: args.phase, command: args.command }) === 0) throw notFound();
    return { command: args.command, phase: args.phase };
  });
}
