// GENERATED from spec/intercore.yaml by codegen/. DO NOT EDIT: change the spec (or codegen/) and run `npm run gen`.

import type { Db } from '../../src/db/open';
import { newId } from '../../src/db/ids';
import type { RunsRow } from '../entities';

/** What an insert takes: columns with a default, a generated id or NULL allowed are optional. */
export interface RunsInsert {
  id?: string;
  project_dir: string;
  goal: string;
  status?: string;
  phase?: string;
  complexity?: number;
  force_full?: number | boolean;
  auto_advance?: number | boolean;
  created_at?: number;
  updated_at?: number;
  completed_at?: number | null;
  scope_id?: string | null;
  metadata?: string | null;
}

export interface RunsKey {
  id: string;
}

type Column = keyof RunsRow;
const COLUMNS: ReadonlySet<string> = new Set<Column>(["id", "project_dir", "goal", "status", "phase", "complexity", "force_full", "auto_advance", "created_at", "updated_at", "completed_at", "scope_id", "metadata"]);

/** Typed CRUD on runs. Each method is one statement, so each is atomic. */
export class RunsStore {
  constructor(private readonly db: Db) {}

  insert(values: RunsInsert, now: number = Math.floor(Date.now() / 1000)): RunsRow {
    const row = {
      id: values.id ?? newId(),
      project_dir: values.project_dir,
      goal: values.goal,
      status: values.status ?? "active",
      phase: values.phase ?? "brainstorm",
      complexity: values.complexity ?? 3,
      force_full: (values.force_full === undefined || values.force_full === null ? undefined : Number(values.force_full)) ?? 0,
      auto_advance: (values.auto_advance === undefined || values.auto_advance === null ? undefined : Number(values.auto_advance)) ?? 1,
      created_at: values.created_at ?? now,
      updated_at: values.updated_at ?? now,
      completed_at: values.completed_at ?? null,
      scope_id: values.scope_id ?? null,
      metadata: values.metadata ?? null,
    };
    this.db.prepare('INSERT INTO runs (id, project_dir, goal, status, phase, complexity, force_full, auto_advance, created_at, updated_at, completed_at, scope_id, metadata) VALUES (@id, @project_dir, @goal, @status, @phase, @complexity, @force_full, @auto_advance, @created_at, @updated_at, @completed_at, @scope_id, @metadata)').run(row);
    return row as RunsRow;
  }

  get(key: RunsKey): RunsRow | undefined {
    return this.db.prepare('SELECT * FROM runs WHERE id = ?').get(key.id) as RunsRow | undefined;
  }

  /** Rows whose columns equal the filter's values, in the given order. */
  list(filter: Partial<RunsRow> = {}, orderBy = 'rowid'): RunsRow[] {
    const names = Object.keys(filter).filter((k) => (filter as Record<string, unknown>)[k] !== undefined);
    checkColumns(names);
    const where = names.length ? ` WHERE ${names.map((n) => `${n} = @${n}`).join(' AND ')}` : '';
    return this.db.prepare(`SELECT * FROM runs${where} ORDER BY ${orderBy}`).all(filter) as RunsRow[];
  }

  /** Sets the patch's columns on the row with this key; returns 1, or 0 when there is none. */
  update(key: RunsKey, patch: Partial<RunsRow>): number {
    const names = Object.keys(patch).filter((k) => (patch as Record<string, unknown>)[k] !== undefined);
    if (!names.length) return 0;
    checkColumns(names);
    const sets = names.map((n) => `${n} = @${n}`).join(', ');
    const params = { ...patch, ...prefixKey(key) };
    return this.db.prepare(`UPDATE runs SET ${sets} WHERE id = @key_id`).run(params).changes;
  }

  delete(key: RunsKey): number {
    return this.db.prepare('DELETE FROM runs WHERE id = ?').run(key.id).changes;
  }
}

function checkColumns(names: string[]): void {
  for (const n of names) if (!COLUMNS.has(n)) throw new Error(`runs has no column ${n}`);
}

function prefixKey(key: RunsKey): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(key)) out[`key_${k}`] = v;
  return out;
}
