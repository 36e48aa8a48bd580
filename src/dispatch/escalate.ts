// dispatch retry --escalate: the two-strikes ladder. A chain of attempts
// (keyed by the caller, default the dispatch) keeps its state in state
// dispatch.chain.<key> (scope escalation), in Go's shape, which Clavain
// reads: two failures at a model step up a rung (sonnet, opus, fable);
// past the top, or after 2 steps, the chain is exhausted and its lessons
// are written for a human. Each retry's prompt carries the lessons of the
// failed attempts. Everything the database holds changes in one
// transaction.
import { closeSync, constants, openSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { insertDispatch, insertEscalationDecision } from '../../generated/db/queries/dispatch';
import { getState, putState } from '../../generated/db/queries/state';
import type { DispatchesRow } from '../../generated/entities';
import type { DispatchRetryData } from '../../generated/types';
import type { FailureMode } from '../../generated/values';
import type { DbContext } from '../cli/context';
import { FailureError } from '../cli/errors';
import { newId } from '../db/ids';
import { readSmallFile } from '../fs/read';
import { mustGetDispatch } from './lifecycle';
import { backoffMs } from './retry';

export const LADDER = ['sonnet', 'opus', 'fable'] as const;
const STRIKES_PER_RUNG = 2;
const MAX_ESCALATIONS = 2;
export const CHAIN_SCOPE = 'escalation';
export const chainStateKey = (chainKey: string) => `dispatch.chain.${chainKey}`;
/** The most of a verdict or output file a lesson quotes (a larger one is left out). */
const LESSON_SOURCE_LIMIT = 1 << 20;
const OUTPUT_TAIL_LINES = 50;

/** Go's ChainState, its keys in Go's order. */
export interface ChainState {
  chain_key: string;
  dispatches: string[];
  models: string[];
  failures: string[];
  current_model: string;
  strikes_at_rung: number;
  escalations: number;
  exhausted: boolean;
}

function loadChain(ctx: DbContext['db'], chainKey: string): ChainState {
  const entry = getState(ctx, { key: chainStateKey(chainKey), scope_id: CHAIN_SCOPE });
  const fresh: ChainState = {
    chain_key: chainKey,
    dispatches: [],
    models: [],
    failures: [],
    current_model: '',
    strikes_at_rung: 0,
    escalations: 0,
    exhausted: false,
  };
  if (!entry) return fresh;
  let v: Partial<Record<keyof ChainState, unknown>>;
  try {
    v = JSON.parse(entry.payload) as typeof v;
  } catch {
    throw new FailureError(
      `chain state ${chainStateKey(chainKey)} is not JSON; delete it with ic state delete ${chainStateKey(chainKey)} ${CHAIN_SCOPE}`,
    );
  }
  if (typeof v !== 'object' || v === null) throw new FailureError(`chain state ${chainStateKey(chainKey)} is not a JSON object`);
  const strings = (x: unknown) => (Array.isArray(x) ? x.map(String) : []);
  return {
    chain_key: typeof v.chain_key === 'string' ? v.chain_key : chainKey,
    dispatches: strings(v.dispatches),
    models: strings(v.models),
    failures: strings(v.failures),
    current_model: typeof v.current_model === 'string' ? v.current_model : '',
    strikes_at_rung: Number.isSafeInteger(v.strikes_at_rung) ? (v.strikes_at_rung as number) : 0,
    escalations: Number.isSafeInteger(v.escalations) ? (v.escalations as number) : 0,
    exhausted: v.exhausted === true,
  };
}

/** The model of the next attempt: the same one until it has failed twice, then the next rung; undefined past the top. */
export function nextRung(current: string, strikes: number, fableOpen: boolean): string | undefined {
  if (strikes < STRIKES_PER_RUNG) return current;
  const at = Math.max(0, (LADDER as readonly string[]).indexOf(current));
  const next = LADDER[at + 1];
  if (next === undefined) return undefined;
  if (next === 'fable' && !fableOpen) return current === 'opus' ? undefined : 'opus';
  return next;
}

/** A file written for the user, 0600, never through a symlink. */
function writePrivate(path: string, text: string): boolean {
  try {
    const fd = openSync(path, constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | constants.O_NOFOLLOW, 0o600);
    try {
      writeSync(fd, text);
    } finally {
      closeSync(fd);
    }
    return true;
  } catch {
    return false;
  }
}

function readOrUndefined(path: string | null): string | undefined {
  if (!path) return undefined;
  try {
    return readSmallFile(path, LESSON_SOURCE_LIMIT);
  } catch {
    return undefined;
  }
}

/** The retry's prompt: the original's plus the failed attempts, the last verdict and the output's tail; null when the prompt cannot be read or written. */
function lessonPrompt(orig: DispatchesRow, cs: ChainState): string | null {
  const base = readOrUndefined(orig.prompt_file);
  if (base === undefined) return null;
  let text = `${base}\n\n## Prior attempt lesson (do not repeat these failures)\n`;
  cs.failures.forEach((f, i) => (text += `- attempt ${i + 1} (${cs.models[i] ?? ''}): ${f}\n`));
  const verdict = readOrUndefined(orig.verdict_file);
  if (verdict !== undefined) text += '\n### Last verdict\n```\n' + verdict + '\n```\n';
  const output = readOrUndefined(orig.output_file);
  if (output !== undefined) text += '\n### Last output (tail)\n```\n' + output.split('\n').slice(-OUTPUT_TAIL_LINES).join('\n') + '\n```\n';
  const path = `${orig.prompt_file}.retry${orig.retry_count + 1}`;
  return writePrivate(path, text) ? path : null;
}

const sanitizeKey = (k: string) => [...k].map((c) => (/^[A-Za-z0-9_-]$/.test(c) ? c : '-')).join('');

/** The human hand-off of an exhausted chain: every attempt, its model, dispatch and failure. '' when it cannot be written. */
function lessonChain(orig: DispatchesRow, cs: ChainState): string {
  const path = join(orig.project_dir || tmpdir(), `escalation-chain-${sanitizeKey(cs.chain_key)}.md`);
  let text = `# Escalation chain exhausted: ${cs.chain_key}\n\nAttempts: ${cs.failures.length}  Escalations: ${cs.escalations}\n\n`;
  cs.failures.forEach(
    (f, i) => (text += `## Attempt ${i + 1} \u2014 ${cs.models[i] ?? ''} (dispatch ${cs.dispatches[i] ?? ''})\n${f}\n\n`),
  );
  return writePrivate(path, text) ? path : '';
}

export interface EscalateOptions {
  chainKey?: string;
  mode?: FailureMode;
  detail?: string;
  fableOpen: boolean;
}

/**
 * One failed attempt on the ladder: the chain's state, the retry record (or
 * the chain's exhaustion) and the routing decision of a step up, in one
 * write transaction. An exhausted chain answers { exhausted, error,
 * lesson_file } (exit 1); one already exhausted, or an unknown dispatch, is
 * exit 2.
 */
export function escalate(ctx: DbContext, id: string, opts: EscalateOptions): DispatchRetryData {
  return ctx.write((tx): DispatchRetryData => {
    let orig: DispatchesRow;
    try {
      orig = mustGetDispatch(tx.db, id);
    } catch {
      throw new FailureError(`not found: ${id}`);
    }
    const chainKey = opts.chainKey || orig.id;
    const cs = loadChain(tx.db, chainKey);
    if (cs.exhausted)
      throw new FailureError(
        `chain ${chainKey} already exhausted: surface to a human (lesson chain in state key ${chainStateKey(chainKey)})`,
      );
    const save = () =>
      putState(tx.db, { key: chainStateKey(chainKey), scope_id: CHAIN_SCOPE, payload: JSON.stringify(cs), updated_at: tx.now });
    const origModel = orig.model ?? '';
    if (cs.current_model === '') cs.current_model = origModel;
    cs.dispatches.push(orig.id);
    cs.models.push(cs.current_model);
    cs.failures.push(`${opts.mode ?? 'unknown'}: ${opts.detail ?? ''}`);
    cs.strikes_at_rung++;
    const exhaust = (error: string): DispatchRetryData => {
      cs.exhausted = true;
      const lesson_file = lessonChain(orig, cs);
      save();
      return { error, exhausted: true, lesson_file };
    };
    const next = nextRung(cs.current_model, cs.strikes_at_rung, opts.fableOpen);
    if (next === undefined) return exhaust(`escalate: ladder exhausted for chain ${chainKey} after ${cs.failures.length} attempts`);
    const escalated = next !== cs.current_model;
    if (escalated) {
      if (cs.escalations >= MAX_ESCALATIONS) return exhaust(`escalate: MaxEscalations (${MAX_ESCALATIONS}) reached for chain ${chainKey}`);
      cs.escalations++;
      cs.current_model = next;
      cs.strikes_at_rung = 0;
    }
    const prompt = lessonPrompt(orig, cs);
    const newDispatchId = newId();
    const attempt = orig.retry_count + 1;
    insertDispatch(tx.db, {
      id: newDispatchId,
      agent_type: orig.agent_type,
      project_dir: orig.project_dir,
      prompt_file: prompt ?? orig.prompt_file,
      prompt_hash: null,
      output_file: null,
      verdict_file: null,
      name: orig.name,
      model: next === '' ? null : next,
      sandbox: orig.sandbox,
      sandbox_spec: orig.sandbox_spec,
      timeout_sec: orig.timeout_sec,
      scope_id: orig.scope_id,
      parent_id: orig.parent_id,
      base_repo_commit: null,
      retry_count: attempt,
      spawn_depth: orig.spawn_depth,
      parent_dispatch_id: orig.id,
      created_at: tx.now,
    });
    save();
    if (escalated)
      insertEscalationDecision(tx.db, {
        dispatch_id: newDispatchId,
        project_dir: orig.project_dir,
        agent: orig.name || orig.agent_type,
        selected_model: next,
        floor_from: origModel,
        context_json: JSON.stringify({ chain_key: opts.chainKey ?? '', failure_mode: opts.mode ?? 'unknown', attempt }),
        decided_at: tx.now,
      });
    return { attempt, backoff_ms: backoffMs(orig.retry_count), escalated, model: next, new_id: newDispatchId };
  });
}
