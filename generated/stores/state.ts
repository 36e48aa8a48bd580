// GENERATED from spec/intercore.yaml by codegen/. DO NOT EDIT: change the spec (or codegen/) and run `npm run gen`.

import type { Db } from '../../src/db/open';
import type { StateRow } from '../entities';

/** What an insert takes: columns with a default, a generated id or NULL allowed are optional. */
export interface StateInsert {
  key: string;
  scope_id: string;
  payload: string;
  updated_at?: number;
  expires_at?: number | null;
}

export interface StateKey {
  key: string;
  scope_id: string;
}

type Column = keyof StateRow;
const COLUMNS: ReadonlySet<string> = new Set<Column>(["key", "scope_id", "payload", "updated_at", "expires_at"]);

/** Typed CRUD on state. Each method is one statement, so each is atomic. */
export class StateStore {
  constructor(private readonly db: Db) {}

  insert(values: StateInsert, now: number = Math.floor(Date.now() / 1000)): StateRow {
    const row = {
      key: values.key,
      scope_id: values.scope_id,
      payload: values.payload,
      updated_at: values.updated_at ?? now,
      expires_at: values.expires_at ?? null,
    };
    this.db.prepare('INSERT INTO state (key, scope_id, payload, updated_at, expires_at) VALUES (@key, @scope_id, @payload, @updated_at, @expires_at)').run(row);
    return row as StateRow;
  }

  get(key: StateKey): StateRow | undefined {
    return this.db.prepare('SELECT * FROM state WHERE key = ? AND scope_id = ?').get(key.key, key.scope_id) as StateRow | undefined;
  }

  /** Rows whose columns equal the filter's values, in the given order. */
  list(filter: Partial<StateRow> = {}, orderBy = 'rowid'): StateRow[] {
    const names = Object.keys(filter).filter((k) => (filter as Record<string, unknown>)[k] !== undefined);
    checkColumns(names);
    const where = names.length ? ` WHERE ${names.map((n) => `${n} = @${n}`).join(' AND ')}` : '';
    return this.db.prepare(`SELECT * FROM state${where} ORDER BY ${orderBy}`).all(filter) as StateRow[];
  }

  /** Sets the patch's columns on the row with this key; returns 1, or 0 when there is none. */
  update(key: StateKey, patch: Partial<StateRow>): number {
    const names = Object.keys(patch).filter((k) => (patch as Record<string, unknown>)[k] !== undefined);
    if (!names.length) return 0;
    checkColumns(names);
    const sets = names.map((n) => `${n} = @${n}`).join(', ');
    const params = { ...patch, ...prefixKey(key) };
    return this.db.prepare(`UPDATE state SET ${sets} WHERE key = @key_key AND scope_id = @key_scope_id`).run(params).changes;
  }

  delete(key: StateKey): number {
    return this.db.prepare('DELETE FROM state WHERE key = ? AND scope_id = ?').run(key.key, key.scope_id).changes;
  }
}

function checkColumns(names: string[]): void {
  for (const n of names) if (!COLUMNS.has(n)) throw new Error(`state has no column ${n}`);
}

function prefixKey(key: StateKey): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(key)) out[`key_${k}`] = v;
  return out;
}
