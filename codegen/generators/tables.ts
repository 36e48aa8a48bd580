// generated/db/tables.ts: what code needs to know about the tables besides
// their queries: the schema version (also in generated/db/migrations.ts,
// which only init needs: every open reads this file, not the migrations),
// every table and column of the current schema (the schema check at open,
// src/db/schema.ts, proves they are all there with one prepared statement,
// SCHEMA_PROBE) and the literal defaults the spec declares, by table and
// column, so that code reading a NULL that stands for the default takes it
// from the spec.
import type { GenContext } from '../context';
import { header } from '../header';
import { doc, join, lit, name, ts } from '../print';
import type { GeneratedFile } from '../file';

const FILE = 'generated/db/tables.ts';

export function generateTables(ctx: GenContext): GeneratedFile[] {
  const tables = ctx.tables.map((t) => ({ name: t.name, columns: t.columns.map((c) => c.name) }));
  // One EXISTS per table, not a join of 38 subqueries: SQLite plans each on
  // its own instead of ordering a 38-way join, which halves the prepare.
  const probe = `SELECT ${ctx.tables
    .map((t) => `EXISTS (SELECT ${t.columns.map((c) => `"${c.name}"`).join(', ')} FROM "${t.name}")`)
    .join(', ')}`;
  const defaults = ctx.tables
    .map((t) => {
      const literal = t.columns.filter((c) => c.spec.default !== undefined && c.spec.default !== 'now');
      return literal.length
        ? ts`${name(t.name)}: { ${join(
            literal.map((c) => ts`${name(c.name)}: ${lit(c.spec.default)}`),
            ', ',
          )} },`
        : undefined;
    })
    .filter(Boolean);
  const code = ts`${doc('The schema version this ic reads and writes (PRAGMA user_version).')}
export const SCHEMA_VERSION = ${lit(ctx.spec.schema_version)};

${doc('Every table of the current schema and its columns, in creation order.')}
export const TABLES: readonly { readonly name: string; readonly columns: readonly string[] }[] = ${lit(tables)};

${doc('One statement naming every table and column: it prepares only when all of them exist.')}
export const SCHEMA_PROBE = ${lit(probe)};

${doc("One statement per table reading its first row: health touches every table's first page with them.")}
export const FIRST_ROW_READS: readonly string[] = ${lit(ctx.tables.map((t) => `SELECT 1 FROM "${t.name}" LIMIT 1`))};

${doc('The literal defaults the spec declares: what a column holding NULL where a default was meant stands for.')}
export const DEFAULTS = {
${defaults}
} as const;
`;
  return [{ path: FILE, content: `${header('ts')}\n${code.text}` }];
}
