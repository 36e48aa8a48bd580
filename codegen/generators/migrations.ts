// generated/db/migrations.ts: one step per schema version, derived from the
// `since` (and `dropped`) marks of tables, columns, indexes, triggers and
// seed rows, plus the data moves of the spec's `migrations`; and the whole
// current schema for a new database. generated/db/schema.sql is that schema
// as SQL, and generated/db/history.ts the schema at every earlier version
// (what tests build old databases from).
//
// A table is created, in the step it arrives in, with every column it has
// now (as Go's schema.sql creates a table that is missing); a column that
// arrives later is an ALTER TABLE ... ADD COLUMN of its own step, which an
// existing table gets at its end. Every statement is idempotent (IF NOT
// EXISTS, INSERT OR IGNORE, an ADD COLUMN the runtime skips when the column
// is there), so a database any earlier attempt or any version of Go's ic
// left behind migrates without error.
import type { Column, GenContext, Index, Seed, Table, Trigger } from '../context';
import { header } from '../header';
import { expandMacros } from '../sql/analyze';
import { comment, lit, raw, ts } from '../print';
import type { GeneratedFile } from '../file';

const ON_DELETE = { restrict: 'RESTRICT', cascade: 'CASCADE', set_null: 'SET NULL' } as const;

/** A SQL string literal. */
export function sqlString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

function sqlDefault(c: Column): string {
  const d = c.spec.default!;
  if (d === 'now') return '(unixepoch())';
  if (typeof d === 'string') return sqlString(d);
  // A real column's whole-number default is written as a real (0.0), as Go's schema does.
  return c.spec.type === 'real' && Number.isInteger(d) ? d.toFixed(1) : String(d);
}

function references(target: string, onDelete: keyof typeof ON_DELETE | undefined): string {
  const [t, col] = target.split('.');
  return `REFERENCES ${t}(${col})${onDelete ? ` ON DELETE ${ON_DELETE[onDelete]}` : ''}`;
}

/** A column's definition: name, type, then its constraints in Go's order. */
export function columnDdl(c: Column, width = 0): string {
  const s = c.spec;
  const parts = [c.name.padEnd(width), c.sqlType];
  if (s.primary) parts.push(s.autoincrement ? 'PRIMARY KEY AUTOINCREMENT' : s.required ? 'NOT NULL PRIMARY KEY' : 'PRIMARY KEY');
  else if (s.required) parts.push('NOT NULL');
  if (s.unique) parts.push('UNIQUE');
  if (s.default !== undefined) parts.push(`DEFAULT ${sqlDefault(c)}`);
  if (s.check) parts.push(`CHECK (${s.check})`);
  if (s.references) parts.push(references(s.references, s.on_delete));
  return parts.join(' ');
}

/** The clauses after the columns: primary key, unique constraints, foreign keys. */
function tableConstraints(table: Table): string[] {
  return [
    ...(table.spec.primary_key ? [`PRIMARY KEY (${table.primaryKey.join(', ')})`] : []),
    ...(table.spec.unique ?? []).map((columns) => `UNIQUE (${columns.join(', ')})`),
    ...(table.spec.foreign_keys ?? []).map((fk) => `FOREIGN KEY (${fk.column}) ${references(fk.references, fk.on_delete)}`),
  ];
}

/** CREATE TABLE with the columns that exist at `version` (default: all of them). */
export function createTable(table: Table, version = Infinity): string {
  const columns = table.columns.filter((c) => c.since <= version);
  const width = Math.max(...columns.map((c) => c.name.length));
  const lines = [...columns.map((c) => columnDdl(c, width)), ...tableConstraints(table)];
  return `CREATE TABLE IF NOT EXISTS ${table.name} (\n${lines.map((l) => `    ${l}`).join(',\n')}\n);`;
}

export function createIndex(ctx: GenContext, table: Table, index: Index): string {
  const keys = index.keys.map((k) => (k.desc ? `${k.column} DESC` : k.column)).join(', ');
  // {{set.value}} and {{set.group}} in a predicate are the spec's names for the values.
  const predicate = (where: string) =>
    expandMacros(ctx, where, (m) => {
      throw new Error(`index ${index.name}: ${m}`);
    });
  const where = index.where ? ` WHERE ${predicate(index.where)}` : '';
  return `CREATE ${index.unique ? 'UNIQUE ' : ''}INDEX IF NOT EXISTS ${index.name} ON ${table.name}(${keys})${where};`;
}

export function createTrigger(table: Table, trigger: Trigger): string {
  const body = trigger.body
    .trim()
    .split('\n')
    .map((l) => `    ${l.trim()}`)
    .join('\n');
  return `CREATE TRIGGER IF NOT EXISTS ${trigger.name}\n${trigger.timing.toUpperCase()} ${trigger.event.toUpperCase()} ON ${table.name}\nBEGIN\n${body}\nEND;`;
}

/** The seed row's INSERT OR IGNORE; `now` is the insert's Unix time. */
export function insertSeed(table: Table, seed: Seed): string {
  const entries = Object.entries(seed.row);
  const value = (v: string | number) =>
    v === 'now' ? "CAST(strftime('%s','now') AS INTEGER)" : typeof v === 'number' ? String(v) : sqlString(v);
  return `INSERT OR IGNORE INTO ${table.name} (${entries.map(([c]) => c).join(', ')}) VALUES (${entries.map(([, v]) => value(v)).join(', ')});`;
}

/** An index that exists in the current schema (not dropped). */
const current = (i: Index) => i.dropped === undefined;

export interface Statement {
  sql: string;
  /** An ALTER TABLE ... ADD COLUMN: skipped when the column is there already. */
  addsColumn?: { table: string; column: string };
  /** A data move of the spec's `migrations`: run once, never by a repair. */
  data?: boolean;
  /** Run only when the migration started from a version in [atLeast, below). */
  from?: { atLeast?: number; below?: number };
}

/** The statements that take a database from version - 1 to version, in order. */
export function migrationStatements(ctx: GenContext, version: number): Statement[] {
  const out: Statement[] = [];
  for (const table of ctx.tables) {
    if (table.since === version && table.spec.stepwise_from === undefined) out.push({ sql: createTable(table) });
    if (table.since === version && table.spec.stepwise_from !== undefined) {
      out.push({ sql: createTable(table), from: { below: table.spec.stepwise_from } });
      out.push({ sql: createTable(table, version), from: { atLeast: table.spec.stepwise_from } });
    }
    if (table.since < version) {
      for (const c of table.columns.filter((c) => c.since === version)) {
        out.push({ sql: `ALTER TABLE ${table.name} ADD COLUMN ${columnDdl(c)};`, addsColumn: { table: table.name, column: c.name } });
      }
    }
    for (const index of table.indexes.filter((i) => i.since === version)) out.push({ sql: createIndex(ctx, table, index) });
    for (const index of table.indexes.filter((i) => i.dropped === version)) out.push({ sql: `DROP INDEX IF EXISTS ${index.name};` });
    for (const trigger of table.triggers.filter((t) => t.since === version)) out.push({ sql: createTrigger(table, trigger) });
    for (const seed of table.seeds.filter((r) => r.since === version)) out.push({ sql: insertSeed(table, seed) });
  }
  for (const sql of ctx.spec.migrations?.find((m) => m.version === version)?.sql ?? []) out.push({ sql, data: true });
  return out;
}

/** Tables in the order they arrived (the spec's order within a version): Go's schema.sql order, near enough. */
const byArrival = (ctx: GenContext) => [...ctx.tables].sort((a, b) => a.since - b.since);

/** The whole current schema, as statements, for a database that has none of it. */
export function freshSchema(ctx: GenContext): string[] {
  return byArrival(ctx).flatMap((t) => [
    createTable(t),
    ...t.indexes.filter(current).map((i) => createIndex(ctx, t, i)),
    ...t.triggers.map((g) => createTrigger(t, g)),
    ...t.seeds.map((r) => insertSeed(t, r)),
  ]);
}

function stepSummary(ctx: GenContext, version: number): string {
  const tables = ctx.tables.filter((t) => t.since === version).map((t) => t.name);
  const columns = ctx.tables.flatMap((t) =>
    t.since < version ? t.columns.filter((c) => c.since === version).map((c) => `${t.name}.${c.name}`) : [],
  );
  const dropped = ctx.tables.flatMap((t) => t.indexes.filter((i) => i.dropped === version).map((i) => i.name));
  const described = ctx.spec.migrations?.find((m) => m.version === version)?.description;
  const parts = [
    tables.length && `tables ${tables.join(', ')}`,
    columns.length && `columns ${columns.join(', ')}`,
    dropped.length && `drops ${dropped.join(', ')}`,
    described,
  ].filter(Boolean);
  return parts.length ? parts.join('; ') : 'indexes, triggers or rows only';
}

function migrationsFile(ctx: GenContext): string {
  const version = ctx.spec.schema_version;
  const steps = Array.from({ length: version }, (_, i) => i + 1).map((v) => {
    const statements = migrationStatements(ctx, v).map(
      (s) =>
        ts`{ sql: ${lit(s.sql)}${s.addsColumn ? ts`, addsColumn: ${lit(s.addsColumn)}` : null}${s.data ? ts`, data: true` : null}${s.from ? ts`, from: ${lit(s.from)}` : null} },`,
    );
    return ts`${comment(`v${v}: ${stepSummary(ctx, v)}`)}
{ version: ${lit(v)}, statements: [
${statements}
] },`;
  });
  return ts`${raw(header('ts').trimEnd())}

/** The schema version this build of ic creates and understands. */
export const SCHEMA_VERSION = ${lit(version)};

/** One statement of a migration. */
export interface MigrationStatement {
  sql: string;
  /** An ALTER TABLE ... ADD COLUMN: skipped when the column is there already (an interrupted earlier attempt, or a database Go's ic made). */
  addsColumn?: { table: string; column: string };
  /** A data move (the spec's \`migrations\`): run once on the way up, never by a repair. */
  data?: boolean;
  /** Only for a migration that started from a version in [atLeast, below) (a table Go's Migrate made in two ways). */
  from?: { atLeast?: number; below?: number };
}

export interface Migration {
  /** Applied to a database whose user_version is below this. */
  version: number;
  statements: readonly MigrationStatement[];
}

export const MIGRATIONS: readonly Migration[] = [
${steps}
];

/**
 * The whole current schema, for a database that has none of it yet: the
 * tables with their columns in the spec's order (a migrated database has
 * later columns last; nothing may depend on column order), their indexes,
 * triggers and seed rows.
 */
export const FRESH_SCHEMA: readonly string[] = ${lit(freshSchema(ctx))};

/** Every index and trigger of the current schema, by table: what a repair restores besides tables and columns. */
export const SCHEMA_OBJECTS: Readonly<Record<string, { readonly indexes: readonly string[]; readonly triggers: readonly string[] }>> = ${lit(
    Object.fromEntries(
      ctx.tables.map((t) => [t.name, { indexes: t.indexes.filter(current).map((i) => i.name), triggers: t.triggers.map((g) => g.name) }]),
    ),
  )};
`.text;
}

/** generated/db/history.ts: each table, index, trigger and seed row with the versions it exists in. */
function historyFile(ctx: GenContext): string {
  const tables = byArrival(ctx).map((t) => ({
    name: t.name,
    since: t.since,
    columns: t.columns.map((c) => ({ name: c.name, since: c.since, ddl: columnDdl(c) })),
    constraints: tableConstraints(t),
  }));
  const objects = byArrival(ctx).flatMap((t) => [
    ...t.indexes.map((i) => ({ since: i.since, dropped: i.dropped, sql: createIndex(ctx, t, i) })),
    ...t.triggers.map((g) => ({ since: g.since, sql: createTrigger(t, g) })),
    ...t.seeds.map((r) => ({ since: r.since, sql: insertSeed(t, r) })),
  ]);
  return ts`${raw(header('ts').trimEnd())}
// The schema at every version the spec's since marks describe: what ic (v0-v6)
// and Go's ic (v1-v38) created for a new database at that version, with each
// table's columns in their order then. For tests that build old databases;
// ic itself never loads this file.

export interface HistoryTable {
  name: string;
  since: number;
  columns: readonly { name: string; since: number; ddl: string }[];
  /** Primary key, unique and foreign key clauses: a table has them from its creation. */
  constraints: readonly string[];
}

export const HISTORY_TABLES: readonly HistoryTable[] = ${lit(tables)};

/** Indexes, triggers and seed rows (in that order within a table), with the versions they exist in. */
export const HISTORY_OBJECTS: readonly { since: number; dropped?: number; sql: string }[] = ${lit(objects)};

/** The statements that create a new database's schema as it was at \`version\` (no user_version). */
export function schemaAt(version: number): string[] {
  const out: string[] = [];
  for (const t of HISTORY_TABLES.filter((t) => t.since <= version)) {
    const lines = [...t.columns.filter((c) => c.since <= version).map((c) => c.ddl), ...t.constraints];
    out.push(\`CREATE TABLE IF NOT EXISTS \${t.name} (\\n    \${lines.join(',\\n    ')}\\n);\`);
  }
  for (const o of HISTORY_OBJECTS) if (o.since <= version && (o.dropped === undefined || o.dropped > version)) out.push(o.sql);
  return out;
}

/** The columns each table has at \`version\`, in order. */
export function columnsAt(version: number): Record<string, string[]> {
  return Object.fromEntries(
    HISTORY_TABLES.filter((t) => t.since <= version).map((t) => [t.name, t.columns.filter((c) => c.since <= version).map((c) => c.name)]),
  );
}
`.text;
}

export function generateMigrations(ctx: GenContext): GeneratedFile[] {
  const version = ctx.spec.schema_version;
  return [
    { path: 'generated/db/migrations.ts', content: migrationsFile(ctx) },
    { path: 'generated/db/history.ts', content: historyFile(ctx) },
    {
      path: 'generated/db/schema.sql',
      content: `${header('sql')}-- The whole schema at v${version}; migrations.ts holds it step by step.\n\n${freshSchema(ctx).join('\n\n')}\n`,
    },
  ];
}
