// GENERATED from spec/intercore.yaml by codegen/. DO NOT EDIT: change the spec (or codegen/) and run `npm run gen`.

import type { Db } from '../../src/db/open';
import { newId } from '../../src/db/ids';
import type { RunArtifactsRow } from '../entities';

/** What an insert takes: columns with a default, a generated id or NULL allowed are optional. */
export interface RunArtifactsInsert {
  id?: string;
  run_id: string;
  phase: string;
  path: string;
  type?: string;
  created_at?: number;
}

export interface RunArtifactsKey {
  id: string;
}

type Column = keyof RunArtifactsRow;
const COLUMNS: ReadonlySet<string> = new Set<Column>(["id", "run_id", "phase", "path", "type", "created_at"]);

/** Typed CRUD on run_artifacts. Each method is one statement, so each is atomic. */
export class RunArtifactsStore {
  constructor(private readonly db: Db) {}

  insert(values: RunArtifactsInsert, now: number = Math.floor(Date.now() / 1000)): RunArtifactsRow {
    const row = {
      id: values.id ?? newId(),
      run_id: values.run_id,
      phase: values.phase,
      path: values.path,
      type: values.type ?? "file",
      created_at: values.created_at ?? now,
    };
    this.db.prepare('INSERT INTO run_artifacts (id, run_id, phase, path, type, created_at) VALUES (@id, @run_id, @phase, @path, @type, @created_at)').run(row);
    return row as RunArtifactsRow;
  }

  get(key: RunArtifactsKey): RunArtifactsRow | undefined {
    return this.db.prepare('SELECT * FROM run_artifacts WHERE id = ?').get(key.id) as RunArtifactsRow | undefined;
  }

  /** Rows whose columns equal the filter's values, in the given order. */
  list(filter: Partial<RunArtifactsRow> = {}, orderBy = 'rowid'): RunArtifactsRow[] {
    const names = Object.keys(filter).filter((k) => (filter as Record<string, unknown>)[k] !== undefined);
    checkColumns(names);
    const where = names.length ? ` WHERE ${names.map((n) => `${n} = @${n}`).join(' AND ')}` : '';
    return this.db.prepare(`SELECT * FROM run_artifacts${where} ORDER BY ${orderBy}`).all(filter) as RunArtifactsRow[];
  }

  /** Sets the patch's columns on the row with this key; returns 1, or 0 when there is none. */
  update(key: RunArtifactsKey, patch: Partial<RunArtifactsRow>): number {
    const names = Object.keys(patch).filter((k) => (patch as Record<string, unknown>)[k] !== undefined);
    if (!names.length) return 0;
    checkColumns(names);
    const sets = names.map((n) => `${n} = @${n}`).join(', ');
    const params = { ...patch, ...prefixKey(key) };
    return this.db.prepare(`UPDATE run_artifacts SET ${sets} WHERE id = @key_id`).run(params).changes;
  }

  delete(key: RunArtifactsKey): number {
    return this.db.prepare('DELETE FROM run_artifacts WHERE id = ?').run(key.id).changes;
  }
}

function checkColumns(names: string[]): void {
  for (const n of names) if (!COLUMNS.has(n)) throw new Error(`run_artifacts has no column ${n}`);
}

function prefixKey(key: RunArtifactsKey): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(key)) out[`key_${k}`] = v;
  return out;
}
