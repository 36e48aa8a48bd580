// run replay: a completed run's decisions rebuilt from its events (of every
// source) and the nondeterministic inputs recorded for them; `run replay
// inputs` lists those inputs and `run replay record` adds one. Live
// re-execution does not exist: asking for it is answered, and refused.
import { getRun } from '../../generated/db/queries/run';
import { insertReplayInput, replayInputs, runDispatchStatuses } from '../../generated/db/queries/rollback';
import type { RunReplayArgs, RunReplayData } from '../../generated/types';
import { DispatchStatus, RunStatus } from '../../generated/values';
import type { DbContext } from '../cli/context';
import { NotFoundError, UsageError } from '../cli/errors';
import type { Db } from '../db/open';
import { envelopeOf } from '../events/envelope';
import { NOTHING_DELIVERED, readBatch } from '../events/tail';
import { walkOf } from '../phase/machine';
import { refusal } from '../phase/refusals';

type InputRow = ReturnType<typeof replayInputs>[number];

/** An input as Go prints it: key "" when unset, artifact_ref, event_source and event_id left out when unset. */
const inputJson = (r: InputRow) => ({
  id: r.id,
  run_id: r.run_id,
  kind: r.kind,
  key: r.input_key ?? '',
  payload: r.payload,
  ...(r.artifact_ref != null && { artifact_ref: r.artifact_ref }),
  ...(r.event_source && { event_source: r.event_source }),
  ...(r.event_id != null && { event_id: r.event_id }),
  created_at: r.created_at,
});

/** The flags each form takes (besides --json and the global ones). */
const FORM_FLAGS = {
  replay: ['mode', 'allow_live', 'limit'],
  inputs: ['limit'],
  record: ['kind', 'key', 'payload', 'artifact_ref', 'event_source', 'event_id'],
} as const;
const ALL_FLAGS = [...new Set(Object.values(FORM_FLAGS).flat())];

export function replay(ctx: DbContext, args: RunReplayArgs): RunReplayData {
  const form = args.target === 'inputs' || args.target === 'record' ? args.target : 'replay';
  for (const flag of ALL_FLAGS) {
    const given = flag === 'allow_live' ? args.allow_live : args[flag] !== undefined;
    if (given && !(FORM_FLAGS[form] as readonly string[]).includes(flag))
      throw new UsageError(`--${flag.replace(/_/g, '-')} does not go with run replay${form === 'replay' ? ' <run_id>' : ` ${form}`}`);
  }
  if (form === 'replay') {
    if (args.run_id !== undefined)
      throw new UsageError(`unexpected argument ${args.run_id} (run replay <run_id> | inputs <run_id> | record <run_id>)`);
    return replayRun(ctx, args.target, args);
  }
  if (args.run_id === undefined || args.run_id === '') throw new UsageError(`missing argument <run_id> (run replay ${form} <run_id>)`);
  return form === 'inputs' ? listInputs(ctx.db, args.run_id, args.limit ?? 1000) : record(ctx, args.run_id, args);
}

function listInputs(db: Db, runId: string, limit: number): RunReplayData {
  const rows = replayInputs(db, { run_id: runId, limit });
  return {
    text: rows.map((r) => `${r.id}\t${r.kind}\t${r.input_key ?? ''}\t${r.payload}`).join('\n'),
    json: rows.length === 0 ? 'null' : JSON.stringify(rows.map(inputJson)),
    refused: false,
  };
}

function record(ctx: DbContext, runId: string, args: RunReplayArgs): RunReplayData {
  if (!args.kind) throw new UsageError('--kind is required');
  if (args.event_id !== undefined && args.event_id <= 0) throw new UsageError(`invalid --event-id: ${args.event_id}`);
  const payload = args.payload || '{}';
  try {
    JSON.parse(payload);
  } catch {
    throw new UsageError('invalid --payload: not JSON');
  }
  const id = ctx.write((tx) => {
    if (!getRun(tx.db, { id: runId })) throw refusal.notFound(runId);
    return insertReplayInput(tx.db, {
      run_id: runId,
      kind: args.kind!,
      input_key: args.key ?? '',
      payload,
      artifact_ref: args.artifact_ref ?? '',
      event_source: args.event_source ?? '',
      event_id: args.event_id ?? null,
      now: tx.now,
    })!.id;
  });
  return { text: String(id), json: JSON.stringify({ id }), refused: false };
}

function replayRun(ctx: DbContext, runId: string, args: RunReplayArgs): RunReplayData {
  const mode = args.mode ?? 'simulate';
  if (mode !== 'simulate' && mode !== 'reexecute') throw new UsageError(`invalid --mode: ${mode} (simulate or reexecute)`);
  const limit = args.limit ?? 2000;
  const run = getRun(ctx.db, { id: runId });
  if (!run) throw refusal.notFound(runId);
  if (run.status !== RunStatus.Completed) throw new NotFoundError(`run must be completed for deterministic replay (it is ${run.status})`);
  const events = readBatch(ctx.db, run.id, NOTHING_DELIVERED, limit);
  const inputs = replayInputs(ctx.db, { run_id: run.id, limit: limit * 2 });
  const byEvent = new Map<string, number[]>();
  for (const i of inputs) {
    if (!i.event_source || i.event_id == null) continue;
    const k = `${i.event_source}:${i.event_id}`;
    byEvent.set(k, [...(byEvent.get(k) ?? []), i.id]);
  }
  const decisions = events.map((e) => {
    const env = envelopeOf(e);
    const refs = [...(env.envelope?.input_artifact_refs ?? []), ...(env.envelope?.output_artifact_refs ?? [])];
    const ids = byEvent.get(`${env.source}:${env.id}`);
    return {
      event_id: env.id,
      source: env.source,
      type: env.type,
      from_state: env.from_state,
      to_state: env.to_state,
      ...(env.reason && { reason: env.reason }),
      timestamp: e.row.created_at,
      ...(ids && { input_ids: ids }),
      ...(refs.length > 0 && { artifact_refs: refs }),
    };
  });
  // A lower bound: one spawn and one end event per dispatch, one advance per move of the chain.
  const statuses = runDispatchStatuses(ctx.db, { run_id: run.id });
  const ended = statuses.filter((d) => d.status !== DispatchStatus.Spawned && d.status !== DispatchStatus.Running).length;
  const expected = statuses.length + ended + Math.max(0, walkOf(run).chain.length - 1);
  const sparse = decisions.length < expected;
  const reason =
    mode === 'simulate'
      ? 'simulate mode has no side effects'
      : args.allow_live
        ? 'live reexecute is not implemented'
        : 'live reexecute is gated: pass --allow-live to request it';
  const out = {
    run_id: run.id,
    mode,
    run_status: run.status,
    decisions,
    inputs: inputs.length === 0 ? null : inputs.map(inputJson),
    events_expected: expected,
    events_found: decisions.length,
    sparse,
    reexecute: { allowed: false, reason },
  };
  const text = [
    `Run: ${run.id} (${run.status})`,
    `Mode: ${mode}`,
    `Decisions: ${decisions.length}`,
    `Recorded inputs: ${inputs.length}`,
    `Events: ${decisions.length} found / ${expected} expected`,
    ...(sparse ? ['SPARSE: the event record is incomplete — this replay does NOT certify the full timeline'] : []),
    ...decisions.map((d) => `  [${d.source}#${d.event_id}] ${d.type} ${d.from_state} -> ${d.to_state}`),
    `Reexecute: allowed=false (${reason})`,
  ].join('\n');
  let refused = false;
  if (mode === 'reexecute') {
    ctx.stderr('ic: run replay: --mode=reexecute is not implemented: the kernel has no live re-execution path');
    refused = true;
  } else if (sparse) {
    ctx.stderr(
      `ic: run replay: event record is sparse (${decisions.length}/${expected} events) — replay is not a completeness certificate`,
    );
    refused = true;
  }
  return { text, json: JSON.stringify(out), refused };
}
