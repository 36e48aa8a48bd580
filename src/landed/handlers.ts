// The landed commands: commits that reached a branch, and what produced
// them. Each mutation is one write transaction.
import {
  findLandedChange,
  insertLandedChange,
  landedByBead,
  landedByRun,
  landedTotals,
  listLandedChanges,
  revertLandedChange,
} from '../../generated/db/queries/landed';
import type {
  LandedListArgs,
  LandedListData,
  LandedRecordArgs,
  LandedRecordData,
  LandedRevertArgs,
  LandedRevertData,
  LandedSummaryArgs,
  LandedSummaryData,
} from '../../generated/types';
import type { DbContext } from '../cli/context';
import { FailureError } from '../cli/errors';

/** What landed list returns at most when --limit is 0 or less (Go's). */
const UNBOUNDED_LIST = 1000;
const DAY = 86400;

/** "" (an unset shell variable) means not given, as Go's NULLIF(?, '') has it. */
const given = (value: string | undefined): string | null => (value ? value : null);
/** A count of 0 is stored as unset (Go's NULLIF(?, 0)). */
const count = (n: number): number | null => (n === 0 ? null : n);

export function record(ctx: DbContext, args: LandedRecordArgs): LandedRecordData {
  const key = { commit_sha: args.commit, project_dir: args.project };
  const id = ctx.write((tx) => {
    const inserted = insertLandedChange(tx.db, {
      ...key,
      branch: args.branch || 'main',
      dispatch_id: given(args.dispatch),
      run_id: given(args.run),
      bead_id: given(args.bead),
      session_id: given(args.session),
      files_changed: count(args.files),
      insertions: count(args.insertions),
      deletions: count(args.deletions),
      now: tx.now,
    });
    return inserted ? inserted.id : findLandedChange(tx.db, key)!.id;
  })!;
  return { commit_sha: args.commit, id, project: args.project };
}

export function list(ctx: DbContext, args: LandedListArgs): LandedListData {
  return listLandedChanges(ctx.db, {
    project_dir: given(args.project),
    bead_id: given(args.bead),
    run_id: given(args.run),
    session_id: given(args.session),
    since: args.since !== undefined && args.since > 0 ? args.since : null,
    include_reverted: args.include_reverted,
    limit: args.limit > 0 ? args.limit : UNBOUNDED_LIST,
  });
}

export function revert(ctx: DbContext, args: LandedRevertArgs): LandedRevertData {
  const marked = ctx.write((tx) =>
    revertLandedChange(tx.db, { commit_sha: args.commit, project_dir: args.project, reverted_by: args.reverted_by, now: tx.now }),
  );
  if (marked === 0) {
    throw new FailureError(`no landed change of ${args.commit} in ${args.project} that is not reverted already (landed list shows them)`);
  }
  return { commit: args.commit, project: args.project, reverted_by: args.reverted_by };
}

export function summary(ctx: DbContext, args: LandedSummaryArgs): LandedSummaryData {
  let since = args.since !== undefined && args.since > 0 ? args.since : null;
  if (args.days !== undefined) since = ctx.now() - args.days * DAY;
  const filters = { project_dir: given(args.project), bead_id: given(args.bead), since };
  const totals = landedTotals(ctx.db, filters)!;
  // Go's maps: left out when empty, keys sorted as Go prints a map.
  const map = (rows: { key: string; n: number }[]) => (rows.length ? Object.fromEntries(rows.map((r) => [r.key, r.n])) : undefined);
  return {
    total: totals.total,
    reverted: totals.reverted,
    by_bead: map(landedByBead(ctx.db, filters)),
    by_run: map(landedByRun(ctx.db, filters)),
    first_landing: totals.first_landing || undefined,
    last_landing: totals.last_landing || undefined,
  };
}
