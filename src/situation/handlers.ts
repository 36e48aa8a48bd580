// situation snapshot: what is going on, as one JSON document (Go's
// internal/observation). Read in one transaction, so every part of it is
// of the same moment.
import { sumScopeTokens } from '../../generated/db/queries/dispatch';
import { getRun } from '../../generated/db/queries/run';
import { activeDispatches, activeRuns, latestAgencyEvents, queueCounts } from '../../generated/db/queries/situation';
import type { RunsRow } from '../../generated/entities';
import type { ProducerSummary, RunSummary, SituationSnapshot } from '../../generated/records';
import type { SituationSnapshotArgs } from '../../generated/types';
import type { DbContext } from '../cli/context';
import { FailureError } from '../cli/errors';
import type { RecordStream } from '../cli/output';
import { readTransaction } from '../db/transaction';
import { envelopeOf } from '../events/envelope';
import { readLatest } from '../events/tail';
import { formatRfc3339 } from '../format/time';
import { unixNanos } from '../sys/clock';

/** --events 0 or less. */
const DEFAULT_EVENTS = 20;

/**
 * The OODARC leg an agent performs while a run sits in a phase of the
 * default chain (Go's pkg/phase roles: the vocabulary Clavain's sprint
 * headings share). A phase not listed has no known role.
 */
const OODARC_ROLES: Readonly<Record<string, string>> = {
  brainstorm: 'observe',
  'brainstorm-reviewed': 'observe',
  strategized: 'orient',
  planned: 'decide',
  executing: 'act',
  review: 'observe',
  polish: 'act',
  reflect: 'reflect+compound',
  done: 'terminal',
};

/** Now in UTC as Go's time.Time marshals: RFC 3339 with the fraction of a second, trailing zeros dropped. */
function nowRfc3339Nano(): string {
  const ns = unixNanos();
  const seconds = Number(ns / 1_000_000_000n);
  const nanos = Number(ns % 1_000_000_000n);
  const base = formatRfc3339(seconds, 0).slice(0, -1);
  const fraction = nanos ? `.${String(nanos).padStart(9, '0').replace(/0+$/, '')}` : '';
  return `${base}${fraction}Z`;
}

/** The producer in a run's metadata ({"producer": {kind, name, class?, version?}}), when it has a kind and a name. */
function producerOf(metadata: string | null): ProducerSummary | undefined {
  if (!metadata) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(metadata);
  } catch {
    return undefined;
  }
  const p = (value as { producer?: unknown } | null)?.producer;
  if (p === null || typeof p !== 'object' || Array.isArray(p)) return undefined;
  const { kind, name, class: klass, version } = p as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === 'string' ? v : v === undefined || v === null ? '' : undefined);
  // Go's decoder refuses the whole producer when a field has another type.
  if ([kind, name, klass, version].some((v) => str(v) === undefined)) return undefined;
  if (!str(kind) || !str(name)) return undefined;
  return { kind: str(kind)!, name: str(name)!, class: str(klass) || undefined, version: str(version) || undefined };
}

function runSummary(r: RunsRow): RunSummary {
  return {
    id: r.id,
    phase: r.phase,
    oodarc_role: Object.hasOwn(OODARC_ROLES, r.phase) ? OODARC_ROLES[r.phase] : undefined,
    status: r.status,
    project_dir: r.project_dir,
    goal: r.goal,
    created_at: r.created_at,
    producer: producerOf(r.metadata),
  };
}

export function snapshot(ctx: DbContext, args: SituationSnapshotArgs, out: RecordStream<SituationSnapshot>): void {
  const runId = args.run || args.run_id || undefined;
  const events = args.events > 0 ? args.events : DEFAULT_EVENTS;
  const snap = readTransaction(ctx.db, (): SituationSnapshot => {
    const timestamp = nowRfc3339Nano();
    let runs: RunsRow[];
    if (runId !== undefined) {
      const run = getRun(ctx.db, { id: runId });
      if (!run) throw new FailureError(`run not found: ${runId}`);
      runs = [run];
    } else {
      runs = activeRuns(ctx.db);
    }
    const agents = activeDispatches(ctx.db).map((d) => ({
      id: d.id,
      agent_type: d.agent_type,
      status: d.status,
      turns: d.turns ?? 0,
      input_tokens: d.input_tokens ?? 0,
      output_tokens: d.output_tokens ?? 0,
      scope_id: d.scope_id ?? undefined,
    }));
    const queue = { pending: 0, running: 0, retrying: 0 };
    for (const { status, n } of queueCounts(ctx.db)) queue[status as keyof typeof queue] = n;
    const run = runId === undefined ? undefined : runs[0]!;
    let budget: SituationSnapshot['budget'];
    if (run && run.token_budget != null && run.token_budget > 0) {
      const used = sumScopeTokens(ctx.db, { scope_id: run.id });
      const total = (used?.input_tokens ?? 0) + (used?.output_tokens ?? 0);
      budget = { run_id: run.id, budget: run.token_budget, used: total, remaining: run.token_budget - total };
    }
    return {
      timestamp,
      runs: runs.map(runSummary),
      dispatches: { active: agents.length, total: agents.length, agents },
      recent_events: readLatest(ctx.db, runId, events).map(envelopeOf),
      agencies: latestAgencyEvents(ctx.db, { run_id: runId ?? '' }).map((e) => ({
        name: e.agency_name,
        cycle_id: e.cycle_id,
        stage: e.stage,
        event_type: e.event_type,
        run_id: e.run_id ?? undefined,
        project_dir: e.project_dir ?? undefined,
        last_event_id: e.id,
        updated_at: formatRfc3339(e.created_at, 0),
      })),
      queue,
      budget,
    };
  });
  out.write(snap);
}
