// GENERATED from spec/intercore.yaml by codegen/. DO NOT EDIT: change the spec (or codegen/) and run `npm run gen`.

import type { Db } from '../../src/db/open';
import { newId } from '../../src/db/ids';
import type { RunAgentsRow } from '../entities';

/** What an insert takes: columns with a default, a generated id or NULL allowed are optional. */
export interface RunAgentsInsert {
  id?: string;
  run_id: string;
  agent_type?: string;
  name?: string | null;
  status?: string;
  dispatch_id?: string | null;
  created_at?: number;
  updated_at?: number;
}

export interface RunAgentsKey {
  id: string;
}

type Column = keyof RunAgentsRow;
const COLUMNS: ReadonlySet<string> = new Set<Column>(["id", "run_id", "agent_type", "name", "status", "dispatch_id", "created_at", "updated_at"]);

/** Typed CRUD on run_agents. Each method is one statement, so each is atomic. */
export class RunAgentsStore {
  constructor(private readonly db: Db) {}

  insert(values: RunAgentsInsert, now: number = Math.floor(Date.now() / 1000)): RunAgentsRow {
    const row = {
      id: values.id ?? newId(),
      run_id: values.run_id,
      agent_type: values.agent_type ?? "claude",
      name: values.name ?? null,
      status: values.status ?? "active",
      dispatch_id: values.dispatch_id ?? null,
      created_at: values.created_at ?? now,
      updated_at: values.updated_at ?? now,
    };
    this.db.prepare('INSERT INTO run_agents (id, run_id, agent_type, name, status, dispatch_id, created_at, updated_at) VALUES (@id, @run_id, @agent_type, @name, @status, @dispatch_id, @created_at, @updated_at)').run(row);
    return row as RunAgentsRow;
  }

  get(key: RunAgentsKey): RunAgentsRow | undefined {
    return this.db.prepare('SELECT * FROM run_agents WHERE id = ?').get(key.id) as RunAgentsRow | undefined;
  }

  /** Rows whose columns equal the filter's values, in the given order. */
  list(filter: Partial<RunAgentsRow> = {}, orderBy = 'rowid'): RunAgentsRow[] {
    const names = Object.keys(filter).filter((k) => (filter as Record<string, unknown>)[k] !== undefined);
    checkColumns(names);
    const where = names.length ? ` WHERE ${names.map((n) => `${n} = @${n}`).join(' AND ')}` : '';
    return this.db.prepare(`SELECT * FROM run_agents${where} ORDER BY ${orderBy}`).all(filter) as RunAgentsRow[];
  }

  /** Sets the patch's columns on the row with this key; returns 1, or 0 when there is none. */
  update(key: RunAgentsKey, patch: Partial<RunAgentsRow>): number {
    const names = Object.keys(patch).filter((k) => (patch as Record<string, unknown>)[k] !== undefined);
    if (!names.length) return 0;
    checkColumns(names);
    const sets = names.map((n) => `${n} = @${n}`).join(', ');
    const params = { ...patch, ...prefixKey(key) };
    return this.db.prepare(`UPDATE run_agents SET ${sets} WHERE id = @key_id`).run(params).changes;
  }

  delete(key: RunAgentsKey): number {
    return this.db.prepare('DELETE FROM run_agents WHERE id = ?').run(key.id).changes;
  }
}

function checkColumns(names: string[]): void {
  for (const n of names) if (!COLUMNS.has(n)) throw new Error(`run_agents has no column ${n}`);
}

function prefixKey(key: RunAgentsKey): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(key)) out[`key_${k}`] = v;
  return out;
}
