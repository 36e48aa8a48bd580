// generated/db/migrations.ts (one DDL step per schema version, derived from
// the `since` marks) and generated/db/schema.sql (the whole current schema).
import type { Column, GenContext, Table } from '../context';
import { header } from '../header';
import { expandMacros } from '../sql/analyze';
import { renderTemplate, type GeneratedFile } from '../render';

function sqlLiteral(value: string | number): string {
  return typeof value === 'number' ? String(value) : `'${value.replace(/'/g, "''")}'`;
}

function columnDdl(table: Table, c: Column): string {
  const parts = [c.name.padEnd(Math.max(...table.columns.map((x) => x.name.length))), c.sqlType];
  if (c.spec.primary) parts.push(c.spec.autoincrement ? 'PRIMARY KEY AUTOINCREMENT' : 'NOT NULL PRIMARY KEY');
  else if (c.spec.required) parts.push('NOT NULL');
  if (c.spec.default !== undefined) {
    parts.push(`DEFAULT ${c.spec.default === 'now' ? '(unixepoch())' : sqlLiteral(c.spec.default)}`);
  }
  if (c.spec.references) {
    const [t, col] = c.spec.references.split('.');
    parts.push(`REFERENCES ${t}(${col})`);
  }
  return parts.join(' ');
}

function createTable(table: Table, version: number): string {
  const lines = table.columns.filter((c) => c.since <= version).map((c) => '    ' + columnDdl(table, c));
  if (table.spec.primary_key) lines.push(`    PRIMARY KEY (${table.primaryKey.join(', ')})`);
  return `CREATE TABLE IF NOT EXISTS ${table.name} (\n${lines.join(',\n')}\n);`;
}

function createIndex(ctx: GenContext, table: Table, index: Table['indexes'][number]): string {
  const unique = index.unique ? 'UNIQUE ' : '';
  const where = index.where
    ? ` WHERE ${expandMacros(ctx, index.where, (m) => {
        throw new Error(`index ${index.name}: ${m}`);
      })}`
    : '';
  return `CREATE ${unique}INDEX IF NOT EXISTS ${index.name} ON ${table.name}(${index.columns.join(', ')})${where};`;
}

interface Statement {
  sql: string;
  addsColumn?: { table: string; column: string };
  /** A data move of the spec's `migrations`: run once, never by a repair. */
  data?: boolean;
}

/** The statements that take a database from version - 1 to version, in order. */
export function migrationStatements(ctx: GenContext, version: number): Statement[] {
  const statements: Statement[] = [];
  for (const table of ctx.tables) {
    if (table.since === version) statements.push({ sql: createTable(table, version) });
    if (table.since < version) {
      for (const c of table.columns.filter((c) => c.since === version)) {
        statements.push({
          sql: `ALTER TABLE ${table.name} ADD COLUMN ${columnDdl(table, c).replace(/\s+/g, ' ')};`,
          addsColumn: { table: table.name, column: c.name },
        });
      }
    }
    if (table.since <= version) {
      for (const index of table.indexes.filter((i) => i.since === version)) statements.push({ sql: createIndex(ctx, table, index) });
    }
  }
  for (const sql of ctx.spec.migrations?.find((m) => m.version === version)?.sql ?? []) statements.push({ sql, data: true });
  return statements;
}

/** The DDL that takes a database from version - 1 to version, as one script. */
export function migrationSql(ctx: GenContext, version: number): string {
  return migrationStatements(ctx, version)
    .map((s) => s.sql)
    .join('\n');
}

/** The whole current schema, statement by statement (what a new database gets). */
export function freshSchema(ctx: GenContext): string[] {
  const version = ctx.spec.schema_version;
  return ctx.tables.flatMap((t) => [createTable(t, version), ...t.indexes.map((i) => createIndex(ctx, t, i))]);
}

export function generateMigrations(ctx: GenContext): GeneratedFile[] {
  const version = ctx.spec.schema_version;
  const steps = Array.from({ length: version }, (_, i) => i + 1).map((v) => {
    const tables = ctx.tables.filter((t) => t.since === v).map((t) => t.name);
    const described = ctx.spec.migrations?.find((m) => m.version === v)?.description;
    const summary = [tables.length ? `tables ${tables.join(', ')}` : 'no new tables', described].filter(Boolean).join('; ');
    return {
      version: v,
      summary,
      statements: migrationStatements(ctx, v).map((s) => ({
        sql: JSON.stringify(s.sql),
        addsColumn: s.addsColumn && `{ table: '${s.addsColumn.table}', column: '${s.addsColumn.column}' }`,
        data: s.data,
      })),
    };
  });
  const fresh = freshSchema(ctx);
  const fullSchema = ctx.tables
    .map((t) => [createTable(t, version), ...t.indexes.map((i) => createIndex(ctx, t, i))].join('\n'))
    .join('\n\n');
  return [
    {
      path: 'generated/db/migrations.ts',
      content: renderTemplate('migrations.ts.hbs', {
        header: header('ts'),
        version,
        steps,
        fresh: fresh.map((sql) => JSON.stringify(sql)),
      }),
    },
    {
      path: 'generated/db/schema.sql',
      content: `${header('sql')}-- The whole schema at v${version}; migrations.ts holds it step by step.\n\n${fullSchema}\n`,
    },
  ];
}
