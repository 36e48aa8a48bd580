// Named SQL queries, sqlc style: spec/queries/<domain>.sql, referenced from
// a domain file (`queries: queries/<domain>.sql`). Each query is real SQL
// under a `-- name:` line:
//
//   -- name: getRun :one
//   -- The run with this id.            (prose: the function's doc comment)
//   -- scans: runs                      (tables it reads in full; `runs?`: may read, e.g. a foreign key check)
//   -- param: phase text?               (a parameter's type, when the SQL cannot tell)
//   -- column: n integer                (a result column's type, for an expression)
//   SELECT * FROM runs WHERE id = @id;
//
// `:one` returns a row or undefined, `:many` the rows, `:exec` the number of
// rows changed. Parameters are `@name`. `{{set.value}}` and `{{set.group}}`
// stand for a value set's member(s) as SQL literals, `{{table.column.default}}`
// for a column's declared default: the spec's facts, not retyped.
// codegen/sql/analyze.ts checks each query against the schema.
import type { Spec } from './metaschema';

export type QueryKind = 'one' | 'many' | 'exec';

export interface QueryDecl {
  /** The generated function's name: getRun. */
  readonly name: string;
  readonly kind: QueryKind;
  /** The SQL as written, one statement, no trailing semicolon. */
  readonly sql: string;
  readonly description?: string;
  /** Tables the query may scan in full (a list command over a whole table). */
  readonly scans: readonly string[];
  /** The scans are allowances, not claims (a variant of a generic operation may use an index instead). */
  readonly scansOptional?: boolean;
  /** Scans declared with `?` (`-- scans: jobs?`): allowed, not claimed (a foreign key check the plan shows only with statistics). */
  readonly mayScan?: readonly string[];
  /** Declared parameter types (`text`, `integer`, `real`, `boolean`, `blob`, a value set, or `table.column`; `?`: nullable). */
  readonly params: Readonly<Record<string, string>>;
  /** Declared result column types, likewise. */
  readonly columns: Readonly<Record<string, string>>;
  /** The domain whose generated module holds the function (the file's base name, or the command's first word). */
  readonly domain: string;
  /** Where it is declared, as problems name it: `spec/queries/run.sql:12`. */
  readonly at: string;
  /** Where it is declared, from the spec's directory: `queries/run.sql:12` (the inventory's, whatever the spec's path). */
  readonly source: string;
}

const NAME = /^--\s*name:\s*([a-z][A-Za-z0-9]*)\s+:(one|many|exec)\s*$/;
const ANNOTATION = /^--\s*(scans|param|column):\s*(.*)$/;
const TYPE = /^([a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)?)(\?)?$/;

/** Parses one query file; problems are `file:line: message`. */
export function parseQueryFile(text: string, file: string, domain: string, source = file): { queries: QueryDecl[]; problems: string[] } {
  const lines = text.split('\n');
  const queries: QueryDecl[] = [];
  const problems: string[] = [];
  let i = 0;
  // Anything before the first query must be comments or blank.
  for (; i < lines.length && !NAME.test(lines[i]!.trim()); i++) {
    const l = lines[i]!.trim();
    if (l && !l.startsWith('--')) problems.push(`${file}:${i + 1}: SQL before the first "-- name: <name> :one|:many|:exec" line`);
    else if (/^--\s*name:/.test(l)) problems.push(`${file}:${i + 1}: expected "-- name: <camelCaseName> :one|:many|:exec"`);
  }
  while (i < lines.length) {
    const start = i;
    const [, name, kind] = NAME.exec(lines[i]!.trim())!;
    const prose: string[] = [];
    const scans: string[] = [];
    const mayScan: string[] = [];
    const params: Record<string, string> = {};
    const columns: Record<string, string> = {};
    const body: string[] = [];
    for (i++; i < lines.length && !NAME.test(lines[i]!.trim()); i++) {
      const raw = lines[i]!;
      const l = raw.trim();
      if (/^--\s*name:/.test(l)) {
        problems.push(`${file}:${i + 1}: expected "-- name: <camelCaseName> :one|:many|:exec"`);
        continue;
      }
      const annotation = body.length === 0 ? ANNOTATION.exec(l) : null;
      if (annotation) {
        const [, key, value] = annotation as unknown as [string, string, string];
        if (key === 'scans') {
          for (const entry of value.split(',').map((s) => s.trim())) {
            if (!entry) continue;
            const table = entry.replace(/\?$/, '');
            scans.push(table);
            if (entry.endsWith('?')) mayScan.push(table);
          }
        } else {
          const m = /^([a-z_][a-z0-9_]*)\s+(\S+)$/.exec(value.trim());
          if (!m || !TYPE.test(m[2]!)) {
            problems.push(`${file}:${i + 1}: expected "-- ${key}: <name> <type>[?]"`);
          } else {
            const target = key === 'param' ? params : columns;
            if (target[m[1]!] !== undefined) problems.push(`${file}:${i + 1}: ${key} ${m[1]} is declared twice`);
            target[m[1]!] = m[2]!;
          }
        }
        continue;
      }
      if (body.length === 0 && l.startsWith('--')) {
        prose.push(l.replace(/^--\s?/, ''));
        continue;
      }
      if (body.length === 0 && !l) continue;
      body.push(raw.replace(/\s+$/, ''));
    }
    while (body.length && !body[body.length - 1]!.trim()) body.pop();
    let sql = body.join('\n').trim();
    if (sql.endsWith(';')) sql = sql.slice(0, -1).trimEnd();
    const at = `${file}:${start + 1}`;
    if (!sql) problems.push(`${at}: query ${name} has no SQL`);
    else if (/;\s*\S/.test(stripLiterals(sql))) problems.push(`${at}: query ${name} holds more than one statement`);
    queries.push({
      name: name!,
      kind: kind as QueryKind,
      sql,
      ...(prose.length && { description: prose.join(' ') }),
      scans,
      ...(mayScan.length && { mayScan }),
      params,
      columns,
      domain,
      at,
      source: `${source}:${start + 1}`,
    });
  }
  return { queries, problems };
}

/** The SQL with string literals and comments blanked (for scanning its tokens). */
export function stripLiterals(sql: string): string {
  return sql.replace(/'(?:[^']|'')*'|--[^\n]*|\/\*[\s\S]*?\*\//g, (m) => ' '.repeat(m.length));
}

/** Reads the query files the domains name and attaches the queries to the spec. */
export function loadQueryFiles(spec: Spec, files: { file: string; from: { name: string } }[], read: (name: string) => string): string[] {
  const problems: string[] = [];
  const queries: QueryDecl[] = [];
  const seen = new Map<string, string>();
  for (const { file, from } of files) {
    const m = /^queries\/([a-z][a-z0-9-]*)\.sql$/.exec(file);
    if (!m) {
      problems.push(`${from.name}: queries: "${file}" is not of the form queries/<domain>.sql`);
      continue;
    }
    const shown = `${from.name.replace(/[^/]*$/, '')}${file}`;
    let text: string;
    try {
      text = read(file);
    } catch {
      problems.push(`${from.name}: queries: no file ${shown}`);
      continue;
    }
    const parsed = parseQueryFile(text, shown, m[1]!, file);
    problems.push(...parsed.problems);
    for (const q of parsed.queries) {
      const first = seen.get(q.name);
      if (first) problems.push(`${q.at}: query ${q.name} is declared at ${first} already`);
      seen.set(q.name, q.at);
      queries.push(q);
    }
  }
  (spec as { queries?: QueryDecl[] }).queries = queries;
  return problems;
}
