// GENERATED from spec/intercore.yaml by codegen/. DO NOT EDIT: change the spec (or codegen/) and run `npm run gen`.

import type { Db } from '../../src/db/open';
import type { PhaseEventsRow } from '../entities';

/** What an insert takes: columns with a default, a generated id or NULL allowed are optional. */
export interface PhaseEventsInsert {
  id?: number;
  run_id: string;
  from_phase: string;
  to_phase: string;
  event_type?: string;
  gate_result?: string | null;
  gate_tier?: string | null;
  reason?: string | null;
  created_at?: number;
}

export interface PhaseEventsKey {
  id: number;
}

type Column = keyof PhaseEventsRow;
const COLUMNS: ReadonlySet<string> = new Set<Column>(["id", "run_id", "from_phase", "to_phase", "event_type", "gate_result", "gate_tier", "reason", "created_at"]);

/** Typed CRUD on phase_events. Each method is one statement, so each is atomic. */
export class PhaseEventsStore {
  constructor(private readonly db: Db) {}

  insert(values: PhaseEventsInsert, now: number = Math.floor(Date.now() / 1000)): PhaseEventsRow {
    const row = {
      run_id: values.run_id,
      from_phase: values.from_phase,
      to_phase: values.to_phase,
      event_type: values.event_type ?? "advance",
      gate_result: values.gate_result ?? null,
      gate_tier: values.gate_tier ?? null,
      reason: values.reason ?? null,
      created_at: values.created_at ?? now,
    };
    const info = this.db.prepare('INSERT INTO phase_events (run_id, from_phase, to_phase, event_type, gate_result, gate_tier, reason, created_at) VALUES (@run_id, @from_phase, @to_phase, @event_type, @gate_result, @gate_tier, @reason, @created_at)').run(row);
    return { ...row, id: Number(info.lastInsertRowid) } as PhaseEventsRow;
  }

  get(key: PhaseEventsKey): PhaseEventsRow | undefined {
    return this.db.prepare('SELECT * FROM phase_events WHERE id = ?').get(key.id) as PhaseEventsRow | undefined;
  }

  /** Rows whose columns equal the filter's values, in the given order. */
  list(filter: Partial<PhaseEventsRow> = {}, orderBy = 'rowid'): PhaseEventsRow[] {
    const names = Object.keys(filter).filter((k) => (filter as Record<string, unknown>)[k] !== undefined);
    checkColumns(names);
    const where = names.length ? ` WHERE ${names.map((n) => `${n} = @${n}`).join(' AND ')}` : '';
    return this.db.prepare(`SELECT * FROM phase_events${where} ORDER BY ${orderBy}`).all(filter) as PhaseEventsRow[];
  }

  /** Sets the patch's columns on the row with this key; returns 1, or 0 when there is none. */
  update(key: PhaseEventsKey, patch: Partial<PhaseEventsRow>): number {
    const names = Object.keys(patch).filter((k) => (patch as Record<string, unknown>)[k] !== undefined);
    if (!names.length) return 0;
    checkColumns(names);
    const sets = names.map((n) => `${n} = @${n}`).join(', ');
    const params = { ...patch, ...prefixKey(key) };
    return this.db.prepare(`UPDATE phase_events SET ${sets} WHERE id = @key_id`).run(params).changes;
  }

  delete(key: PhaseEventsKey): number {
    return this.db.prepare('DELETE FROM phase_events WHERE id = ?').run(key.id).changes;
  }
}

function checkColumns(names: string[]): void {
  for (const n of names) if (!COLUMNS.has(n)) throw new Error(`phase_events has no column ${n}`);
}

function prefixKey(key: PhaseEventsKey): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(key)) out[`key_${k}`] = v;
  return out;
}
