// The session commands: the ledger of agent sessions per project, what each
// worked on, and its token totals. Each mutation is one write transaction.
import {
  addAttribution,
  addSessionTokens,
  currentAttribution,
  endSession,
  listSessions,
  startSession,
} from '../../generated/db/queries/session';
import type {
  SessionAttributeArgs,
  SessionAttributeData,
  SessionCurrentArgs,
  SessionCurrentData,
  SessionEndArgs,
  SessionEndData,
  SessionListArgs,
  SessionListData,
  SessionStartArgs,
  SessionStartData,
  SessionTokensArgs,
  SessionTokensData,
} from '../../generated/types';
import type { DbContext } from '../cli/context';
import { FailureError } from '../cli/errors';
import { sessionProject } from './project';

/** What session list returns at most when --limit is 0 or less (Go's). */
const UNBOUNDED_LIST = 1000;

/** "" (an unset shell variable) means not given, as Go's NULLIF(?, '') has it. */
const given = (value: string | undefined): string | null => (value ? value : null);

export function start(ctx: DbContext, args: SessionStartArgs): SessionStartData {
  const project = sessionProject(ctx, args.project);
  const row = ctx.write((tx) =>
    startSession(tx.db, {
      session_id: args.session,
      project_dir: project,
      agent_type: args.agent_type || 'claude-code',
      model: given(args.model),
      metadata: given(args.metadata),
      now: tx.now,
    }),
  )!;
  return { id: row.id, project, session_id: args.session };
}

export function attribute(ctx: DbContext, args: SessionAttributeArgs): SessionAttributeData {
  const row = ctx.write((tx) =>
    addAttribution(tx.db, {
      session_id: args.session,
      project_dir: sessionProject(ctx, args.project),
      bead_id: given(args.bead),
      run_id: given(args.run),
      phase: given(args.phase),
      now: tx.now,
    }),
  )!;
  // Go answers with the flags as given ("" for one not given), and no run.
  return { bead_id: args.bead ?? '', id: row.id, phase: args.phase ?? '', session_id: args.session };
}

export function current(ctx: DbContext, args: SessionCurrentArgs): SessionCurrentData {
  const row = currentAttribution(ctx.db, { session_id: args.session, project_dir: sessionProject(ctx, args.project) });
  if (!row) return null;
  return {
    session_id: row.session_id,
    project_dir: row.project_dir,
    bead_id: row.bead_id ?? undefined,
    run_id: row.run_id ?? undefined,
    phase: row.phase ?? undefined,
    updated_at: row.updated_at,
  };
}

export function end(ctx: DbContext, args: SessionEndArgs): SessionEndData {
  const ended = ctx.write((tx) => endSession(tx.db, { session_id: args.session, now: tx.now }));
  if (ended === 0) throw new FailureError(`no open session ${JSON.stringify(args.session)} (session start registers one)`);
  return { ended: true, session_id: args.session };
}

export function list(ctx: DbContext, args: SessionListArgs): SessionListData {
  return listSessions(ctx.db, {
    project_dir: args.project ? sessionProject(ctx, args.project) : null,
    session_id: given(args.session),
    since: args.since !== undefined && args.since > 0 ? args.since : null,
    active_only: args.active_only,
    limit: args.limit > 0 ? args.limit : UNBOUNDED_LIST,
  });
}

export function tokens(ctx: DbContext, args: SessionTokensArgs): SessionTokensData {
  const project = sessionProject(ctx, args.project);
  const changed = ctx.write((tx) =>
    addSessionTokens(tx.db, {
      session_id: args.session,
      project_dir: project,
      input_tokens: args.input,
      output_tokens: args.output,
      cache_creation_tokens: args.cache_creation,
      cache_read_tokens: args.cache_read,
    }),
  );
  if (changed === 0) throw new FailureError(`no session ${JSON.stringify(args.session)} in ${project} (session start registers one)`);
  return {
    added_billing_tokens: args.input + args.output,
    added_cache_creation: args.cache_creation,
    added_cache_read: args.cache_read,
    added_input_tokens: args.input,
    added_output_tokens: args.output,
    session_id: args.session,
  };
}
