// GENERATED from spec/intercore.yaml by codegen/. DO NOT EDIT: change the spec (or codegen/) and run `npm run gen`.

import type { Db } from '../../src/db/open';
import { newId } from '../../src/db/ids';
import type { DispatchesRow } from '../entities';

/** What an insert takes: columns with a default, a generated id or NULL allowed are optional. */
export interface DispatchesInsert {
  id?: string;
  agent_type?: string;
  status?: string;
  project_dir: string;
  prompt_file?: string | null;
  prompt_hash?: string | null;
  output_file?: string | null;
  verdict_file?: string | null;
  pid?: number | null;
  exit_code?: number | null;
  name?: string | null;
  model?: string | null;
  sandbox?: string | null;
  timeout_sec?: number | null;
  turns?: number | null;
  commands?: number | null;
  messages?: number | null;
  input_tokens?: number | null;
  output_tokens?: number | null;
  created_at?: number;
  started_at?: number | null;
  completed_at?: number | null;
  verdict_status?: string | null;
  verdict_summary?: string | null;
  error_message?: string | null;
  scope_id?: string | null;
  parent_id?: string | null;
}

export interface DispatchesKey {
  id: string;
}

type Column = keyof DispatchesRow;
const COLUMNS: ReadonlySet<string> = new Set<Column>(["id", "agent_type", "status", "project_dir", "prompt_file", "prompt_hash", "output_file", "verdict_file", "pid", "exit_code", "name", "model", "sandbox", "timeout_sec", "turns", "commands", "messages", "input_tokens", "output_tokens", "created_at", "started_at", "completed_at", "verdict_status", "verdict_summary", "error_message", "scope_id", "parent_id"]);

/** Typed CRUD on dispatches. Each method is one statement, so each is atomic. */
export class DispatchesStore {
  constructor(private readonly db: Db) {}

  insert(values: DispatchesInsert, now: number = Math.floor(Date.now() / 1000)): DispatchesRow {
    const row = {
      id: values.id ?? newId(),
      agent_type: values.agent_type ?? "codex",
      status: values.status ?? "spawned",
      project_dir: values.project_dir,
      prompt_file: values.prompt_file ?? null,
      prompt_hash: values.prompt_hash ?? null,
      output_file: values.output_file ?? null,
      verdict_file: values.verdict_file ?? null,
      pid: values.pid ?? null,
      exit_code: values.exit_code ?? null,
      name: values.name ?? null,
      model: values.model ?? null,
      sandbox: values.sandbox ?? "workspace-write",
      timeout_sec: values.timeout_sec ?? null,
      turns: values.turns ?? 0,
      commands: values.commands ?? 0,
      messages: values.messages ?? 0,
      input_tokens: values.input_tokens ?? 0,
      output_tokens: values.output_tokens ?? 0,
      created_at: values.created_at ?? now,
      started_at: values.started_at ?? null,
      completed_at: values.completed_at ?? null,
      verdict_status: values.verdict_status ?? null,
      verdict_summary: values.verdict_summary ?? null,
      error_message: values.error_message ?? null,
      scope_id: values.scope_id ?? null,
      parent_id: values.parent_id ?? null,
    };
    this.db.prepare('INSERT INTO dispatches (id, agent_type, status, project_dir, prompt_file, prompt_hash, output_file, verdict_file, pid, exit_code, name, model, sandbox, timeout_sec, turns, commands, messages, input_tokens, output_tokens, created_at, started_at, completed_at, verdict_status, verdict_summary, error_message, scope_id, parent_id) VALUES (@id, @agent_type, @status, @project_dir, @prompt_file, @prompt_hash, @output_file, @verdict_file, @pid, @exit_code, @name, @model, @sandbox, @timeout_sec, @turns, @commands, @messages, @input_tokens, @output_tokens, @created_at, @started_at, @completed_at, @verdict_status, @verdict_summary, @error_message, @scope_id, @parent_id)').run(row);
    return row as DispatchesRow;
  }

  get(key: DispatchesKey): DispatchesRow | undefined {
    return this.db.prepare('SELECT * FROM dispatches WHERE id = ?').get(key.id) as DispatchesRow | undefined;
  }

  /** Rows whose columns equal the filter's values, in the given order. */
  list(filter: Partial<DispatchesRow> = {}, orderBy = 'rowid'): DispatchesRow[] {
    const names = Object.keys(filter).filter((k) => (filter as Record<string, unknown>)[k] !== undefined);
    checkColumns(names);
    const where = names.length ? ` WHERE ${names.map((n) => `${n} = @${n}`).join(' AND ')}` : '';
    return this.db.prepare(`SELECT * FROM dispatches${where} ORDER BY ${orderBy}`).all(filter) as DispatchesRow[];
  }

  /** Sets the patch's columns on the row with this key; returns 1, or 0 when there is none. */
  update(key: DispatchesKey, patch: Partial<DispatchesRow>): number {
    const names = Object.keys(patch).filter((k) => (patch as Record<string, unknown>)[k] !== undefined);
    if (!names.length) return 0;
    checkColumns(names);
    const sets = names.map((n) => `${n} = @${n}`).join(', ');
    const params = { ...patch, ...prefixKey(key) };
    return this.db.prepare(`UPDATE dispatches SET ${sets} WHERE id = @key_id`).run(params).changes;
  }

  delete(key: DispatchesKey): number {
    return this.db.prepare('DELETE FROM dispatches WHERE id = ?').run(key.id).changes;
  }
}

function checkColumns(names: string[]): void {
  for (const n of names) if (!COLUMNS.has(n)) throw new Error(`dispatches has no column ${n}`);
}

function prefixKey(key: DispatchesKey): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(key)) out[`key_${k}`] = v;
  return out;
}
