// GENERATED from spec/intercore.yaml by codegen/. DO NOT EDIT: change the spec (or codegen/) and run `npm run gen`.

import type { Db } from '../../src/db/open';
import type { SentinelsRow } from '../entities';

/** What an insert takes: columns with a default, a generated id or NULL allowed are optional. */
export interface SentinelsInsert {
  name: string;
  scope_id: string;
  last_fired?: number;
}

export interface SentinelsKey {
  name: string;
  scope_id: string;
}

type Column = keyof SentinelsRow;
const COLUMNS: ReadonlySet<string> = new Set<Column>(["name", "scope_id", "last_fired"]);

/** Typed CRUD on sentinels. Each method is one statement, so each is atomic. */
export class SentinelsStore {
  constructor(private readonly db: Db) {}

  insert(values: SentinelsInsert, now: number = Math.floor(Date.now() / 1000)): SentinelsRow {
    const row = {
      name: values.name,
      scope_id: values.scope_id,
      last_fired: values.last_fired ?? now,
    };
    this.db.prepare('INSERT INTO sentinels (name, scope_id, last_fired) VALUES (@name, @scope_id, @last_fired)').run(row);
    return row as SentinelsRow;
  }

  get(key: SentinelsKey): SentinelsRow | undefined {
    return this.db.prepare('SELECT * FROM sentinels WHERE name = ? AND scope_id = ?').get(key.name, key.scope_id) as SentinelsRow | undefined;
  }

  /** Rows whose columns equal the filter's values, in the given order. */
  list(filter: Partial<SentinelsRow> = {}, orderBy = 'rowid'): SentinelsRow[] {
    const names = Object.keys(filter).filter((k) => (filter as Record<string, unknown>)[k] !== undefined);
    checkColumns(names);
    const where = names.length ? ` WHERE ${names.map((n) => `${n} = @${n}`).join(' AND ')}` : '';
    return this.db.prepare(`SELECT * FROM sentinels${where} ORDER BY ${orderBy}`).all(filter) as SentinelsRow[];
  }

  /** Sets the patch's columns on the row with this key; returns 1, or 0 when there is none. */
  update(key: SentinelsKey, patch: Partial<SentinelsRow>): number {
    const names = Object.keys(patch).filter((k) => (patch as Record<string, unknown>)[k] !== undefined);
    if (!names.length) return 0;
    checkColumns(names);
    const sets = names.map((n) => `${n} = @${n}`).join(', ');
    const params = { ...patch, ...prefixKey(key) };
    return this.db.prepare(`UPDATE sentinels SET ${sets} WHERE name = @key_name AND scope_id = @key_scope_id`).run(params).changes;
  }

  delete(key: SentinelsKey): number {
    return this.db.prepare('DELETE FROM sentinels WHERE name = ? AND scope_id = ?').run(key.name, key.scope_id).changes;
  }
}

function checkColumns(names: string[]): void {
  for (const n of names) if (!COLUMNS.has(n)) throw new Error(`sentinels has no column ${n}`);
}

function prefixKey(key: SentinelsKey): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(key)) out[`key_${k}`] = v;
  return out;
}
