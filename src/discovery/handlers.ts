// The discovery commands. Each change is one write transaction that reads
// the discovery, decides, writes it (compare-and-set on the status read)
// and records its discovery event, as Go records them.
import {
  bindFeedbackKey,
  decayCandidates,
  discoveryBySource,
  dismissDiscovery,
  getDiscovery,
  getFeedbackKey,
  getProfile,
  insertDiscovery,
  insertDiscoveryEvent,
  insertFeedbackSignal,
  listDiscoveries,
  promoteDiscovery,
  putProfile,
  reserveFeedbackKey,
  rollbackDiscoveries,
  scoreDiscovery,
  searchableDiscoveries,
  setDiscoveryScore,
  sourceEmbeddings,
} from '../../generated/db/queries/discovery';
import type { DiscoveriesRow } from '../../generated/entities';
import type {
  DiscoveryDecayArgs,
  DiscoveryDecayData,
  DiscoveryDismissArgs,
  DiscoveryDismissData,
  DiscoveryFeedbackArgs,
  DiscoveryFeedbackData,
  DiscoveryListArgs,
  DiscoveryListData,
  DiscoveryProfileArgs,
  DiscoveryProfileData,
  DiscoveryPromoteArgs,
  DiscoveryPromoteData,
  DiscoveryRollbackArgs,
  DiscoveryRollbackData,
  DiscoveryScoreArgs,
  DiscoveryScoreData,
  DiscoverySearchArgs,
  DiscoverySearchData,
  DiscoveryStatusArgs,
  DiscoveryStatusData,
  DiscoverySubmitArgs,
  DiscoverySubmitData,
} from '../../generated/types';
import { DiscoveryEventType, DiscoveryStatus } from '../../generated/values';
import type { DbContext } from '../cli/context';
import { ConflictError, FailureError, NotFoundError, UsageError } from '../cli/errors';
import { newId } from '../db/ids';
import type { Tx } from '../db/transaction';
import { PROMOTION_THRESHOLD, argBytes, argJson, argWeights, cosineSimilarity, tierFromScore } from './discovery';

/** Go's discovery ids: 12 characters of [a-z0-9]. */
const ID_LENGTH = 12;

class DiscoveryNotFoundError extends NotFoundError {
  constructor(id: string) {
    super(`discovery not found: ${id}`);
  }
}

/** A discovery as Go's JSON shows it: its struct's order, empty text left out, the embedding never. */
export function discoveryJson(d: DiscoveriesRow): DiscoveryStatusData {
  const text = (v: string | null) => (v === null || v === '' ? undefined : v);
  return {
    id: d.id,
    source: d.source,
    source_id: d.source_id,
    title: d.title,
    summary: text(d.summary),
    url: text(d.url),
    raw_metadata: text(d.raw_metadata),
    relevance_score: d.relevance_score,
    confidence_tier: d.confidence_tier,
    status: d.status,
    run_id: d.run_id ?? undefined,
    bead_id: d.bead_id ?? undefined,
    discovered_at: d.discovered_at,
    promoted_at: d.promoted_at ?? undefined,
    reviewed_at: d.reviewed_at ?? undefined,
  };
}

/** A discovery event; `payload` keys in Go's order (sorted, as Go marshals a map). */
function event(tx: Tx, discoveryId: string, type: DiscoveryEventType, from: string, to: string, payload: Record<string, unknown>): void {
  const sorted = Object.fromEntries(
    Object.keys(payload)
      .sort()
      .map((k) => [k, payload[k]]),
  );
  insertDiscoveryEvent(tx.db, {
    discovery_id: discoveryId,
    event_type: type,
    from_status: from,
    to_status: to,
    payload: JSON.stringify(sorted),
    created_at: tx.now,
  });
}

function mustGet(tx: Tx, id: string): DiscoveriesRow {
  const d = getDiscovery(tx.db, { id });
  if (!d) throw new DiscoveryNotFoundError(id);
  return d;
}

export function submit(ctx: DbContext, args: DiscoverySubmitArgs): DiscoverySubmitData {
  // Inputs are read and checked before the transaction.
  const metadata = args.metadata === undefined ? '{}' : argJson(ctx, '--metadata', args.metadata);
  const embedding = args.embedding === undefined ? null : argBytes(ctx, '--embedding', args.embedding);
  const score = args.score ?? 0;
  const tier = tierFromScore(score);
  return ctx.write((tx) => {
    if (args.dedup_threshold !== undefined) {
      for (const existing of sourceEmbeddings(tx.db, { source: args.source })) {
        if (cosineSimilarity(embedding, existing.embedding as Uint8Array | null) >= args.dedup_threshold) {
          event(tx, existing.id, DiscoveryEventType.DiscoveryDeduped, '', '', {
            existing_id: existing.id,
            source: args.source,
            new_source_id: args.source_id,
          });
          return { id: existing.id };
        }
      }
    }
    if (discoveryBySource(tx.db, { source: args.source, source_id: args.source_id })) {
      throw new ConflictError(`duplicate discovery: source/source_id already exists: source=${args.source} source_id=${args.source_id}`);
    }
    const id = newId(ID_LENGTH);
    insertDiscovery(tx.db, {
      id,
      source: args.source,
      source_id: args.source_id,
      title: args.title,
      summary: args.summary ?? '',
      url: args.url ?? '',
      raw_metadata: metadata,
      embedding,
      relevance_score: score,
      confidence_tier: tier,
      discovered_at: tx.now,
    });
    event(tx, id, DiscoveryEventType.DiscoverySubmitted, '', DiscoveryStatus.New, {
      id,
      source: args.source,
      title: args.title,
      score,
      tier,
    });
    return { id };
  });
}

export function status(ctx: DbContext, args: DiscoveryStatusArgs): DiscoveryStatusData {
  const d = getDiscovery(ctx.db, { id: args.id });
  if (!d) throw new DiscoveryNotFoundError(args.id);
  return discoveryJson(d);
}

/** A list shows what Go's list selects: no metadata, run, bead or review times. */
export function list(ctx: DbContext, args: DiscoveryListArgs): DiscoveryListData {
  return listDiscoveries(ctx.db, {
    source: args.source ?? null,
    status: args.status ?? null,
    tier: args.tier ?? null,
    limit: args.limit,
  }).map((d) => discoveryJson({ ...d, raw_metadata: '', run_id: null, bead_id: null, promoted_at: null, reviewed_at: null }));
}

export function score(ctx: DbContext, args: DiscoveryScoreArgs): DiscoveryScoreData {
  const tier = tierFromScore(args.score);
  ctx.write((tx) => {
    const d = mustGet(tx, args.id);
    if (d.status === DiscoveryStatus.Dismissed || d.status === DiscoveryStatus.Promoted) {
      throw new NotFoundError(`invalid lifecycle transition: cannot score discovery in "${d.status}" status`);
    }
    scoreDiscovery(tx.db, { id: d.id, read_status: d.status, score: args.score, tier });
    event(tx, d.id, DiscoveryEventType.DiscoveryScored, d.status, DiscoveryStatus.Scored, {
      id: d.id,
      old_score: d.relevance_score,
      new_score: args.score,
      tier,
    });
  });
  return { id: args.id, score: args.score, tier };
}

export function promote(ctx: DbContext, args: DiscoveryPromoteArgs): DiscoveryPromoteData {
  ctx.write((tx) => {
    const d = mustGet(tx, args.id);
    if (d.status === DiscoveryStatus.Dismissed) throw new NotFoundError('invalid lifecycle transition: cannot promote dismissed discovery');
    if (d.status === DiscoveryStatus.Promoted) return; // already: as it was
    if (!args.force && d.relevance_score < PROMOTION_THRESHOLD) {
      throw new NotFoundError(
        `gate blocked: confidence ${d.relevance_score.toFixed(2)} below promotion threshold ${PROMOTION_THRESHOLD.toFixed(2)} (--force to promote anyway)`,
      );
    }
    promoteDiscovery(tx.db, { id: d.id, read_status: d.status, bead_id: args.bead_id, now: tx.now });
    event(tx, d.id, DiscoveryEventType.DiscoveryPromoted, d.status, DiscoveryStatus.Promoted, {
      id: d.id,
      bead_id: args.bead_id,
      score: d.relevance_score,
      force: args.force,
    });
  });
  return { id: args.id, bead_id: args.bead_id };
}

export function dismiss(ctx: DbContext, args: DiscoveryDismissArgs): DiscoveryDismissData {
  ctx.write((tx) => {
    const d = mustGet(tx, args.id);
    if (d.status === DiscoveryStatus.Dismissed) return;
    dismissDiscovery(tx.db, { id: d.id, read_status: d.status, now: tx.now });
    event(tx, d.id, DiscoveryEventType.DiscoveryDismissed, d.status, DiscoveryStatus.Dismissed, { id: d.id });
  });
  return { id: args.id };
}

/**
 * A feedback signal and its event. With an idempotency key, the key is
 * reserved, the signal recorded and the key bound to it in the same
 * transaction: a key is either unused or bound to its one signal, so a
 * repeat (or a retry after a killed call) records nothing more.
 */
export function feedback(ctx: DbContext, args: DiscoveryFeedbackArgs): DiscoveryFeedbackData {
  const data = args.data === undefined ? '{}' : argJson(ctx, '--data', args.data);
  const key = args.idempotency_key;
  if (key !== undefined && key.trim() === '') throw new UsageError('--idempotency-key must not be empty');
  ctx.write((tx) => {
    const d = mustGet(tx, args.id);
    const signal = { discovery_id: d.id, signal_type: args.signal, signal_data: data, actor: args.actor, created_at: tx.now };
    if (key === undefined) {
      insertFeedbackSignal(tx.db, signal);
      event(tx, d.id, DiscoveryEventType.FeedbackRecorded, '', '', { discovery_id: d.id, signal_type: args.signal });
      return;
    }
    if (reserveFeedbackKey(tx.db, { idempotency_key: key, ...signal }) === 0) {
      const held = getFeedbackKey(tx.db, { idempotency_key: key })!;
      if (held.discovery_id !== d.id || held.signal_type !== args.signal || held.signal_data !== data || held.actor !== args.actor) {
        throw new FailureError(`idempotency key ${JSON.stringify(key)} conflicts with existing signal`);
      }
      if (held.signal_id === null) throw new FailureError(`idempotency key ${JSON.stringify(key)} has no committed signal`);
      return;
    }
    const { id } = insertFeedbackSignal(tx.db, signal)!;
    event(tx, d.id, DiscoveryEventType.FeedbackRecorded, '', '', { discovery_id: d.id, signal_type: args.signal, idempotency_key: key });
    bindFeedbackKey(tx.db, { idempotency_key: key, signal_id: id });
  });
  return { id: args.id, signal: args.signal };
}

const EMPTY_PROFILE = { id: 1, keyword_weights: '{}', source_weights: '{}', updated_at: 0 };

export function profile(ctx: DbContext, args: DiscoveryProfileArgs): DiscoveryProfileData {
  if (args.action !== 'update') {
    if (args.keyword_weights !== undefined || args.source_weights !== undefined) {
      throw new UsageError('--keyword-weights and --source-weights go with: discovery profile update');
    }
    return getProfile(ctx.db) ?? EMPTY_PROFILE;
  }
  if (args.keyword_weights === undefined || args.source_weights === undefined) {
    throw new UsageError('--keyword-weights and --source-weights are required');
  }
  const keywords = argWeights(ctx, '--keyword-weights', args.keyword_weights);
  const sources = argWeights(ctx, '--source-weights', args.source_weights);
  return ctx.write((tx) => {
    putProfile(tx.db, { keyword_weights: keywords, source_weights: sources, now: tx.now });
    return { ...getProfile(tx.db)!, updated: true };
  });
}

export function decay(ctx: DbContext, args: DiscoveryDecayArgs): DiscoveryDecayData {
  return ctx.write((tx) => {
    const targets = decayCandidates(tx.db, { cutoff: tx.now - args.min_age });
    for (const t of targets) {
      const next = t.relevance_score * (1 - args.rate);
      setDiscoveryScore(tx.db, { id: t.id, score: next, tier: tierFromScore(next) });
    }
    if (targets.length > 0) event(tx, '', DiscoveryEventType.DiscoveryDecayed, '', '', { count: targets.length, rate: args.rate });
    return { decayed: targets.length };
  });
}

export function rollback(ctx: DbContext, args: DiscoveryRollbackArgs): DiscoveryRollbackData {
  return ctx.write((tx) => {
    const ids = rollbackDiscoveries(tx.db, { source: args.source, since: args.since, now: tx.now });
    for (const { id } of ids) {
      event(tx, id, DiscoveryEventType.DiscoveryDismissed, '', DiscoveryStatus.Dismissed, { id, reason: 'rollback', source: args.source });
    }
    return { count: ids.length };
  });
}

export function search(ctx: DbContext, args: DiscoverySearchArgs): DiscoverySearchData {
  const query = argBytes(ctx, '--embedding', args.embedding);
  const minScore = args.min_score ?? 0;
  const rows = searchableDiscoveries(ctx.db, { source: args.source ?? null, status: args.status ?? null, tier: args.tier ?? null });
  const results = rows
    .map((d) => ({ d, similarity: cosineSimilarity(query, d.embedding as Uint8Array | null) }))
    .filter((r) => !(minScore > 0 && r.similarity < minScore))
    .sort((a, b) => b.similarity - a.similarity || (a.d.id < b.d.id ? -1 : a.d.id > b.d.id ? 1 : 0))
    .slice(0, args.limit);
  return results.map(({ d, similarity }) => ({
    ...discoveryJson({ ...d, raw_metadata: '', run_id: null, bead_id: null, promoted_at: null, reviewed_at: null }),
    similarity,
  }));
}
