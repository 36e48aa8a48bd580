// Every named query checked against the schema at generation time, as sqlc
// does: its macros expanded, prepared in an in-memory SQLite holding the
// generated schema (a query naming a missing table or column fails
// generation), its parameters typed by the columns they meet, its result
// columns typed by the columns they come from, and its plan read: a full
// scan of a table the query does not declare (`-- scans:`) fails generation.
import Database from 'better-sqlite3';
import type { Column, GenContext, Table, ValueSet } from '../context';
import { stripLiterals, type QueryDecl } from '../spec/queries';

export interface ParamInfo {
  readonly name: string;
  /** The TypeScript type of the value (without `| null`). */
  readonly tsType: string;
  /** May be null. */
  readonly nullable: boolean;
  /** May be left out (bound as NULL): a nullable column of an INSERT. */
  readonly optional: boolean;
  /** Stored as 0/1: the generated function converts. */
  readonly boolean: boolean;
  /** Checked against the set before the statement runs. */
  readonly valueSet?: ValueSet;
  /** The column it is written to or compared with: `runs.status`. */
  readonly column?: string;
  /** An INSERT of a column with `generate: id8`: drawn when left out. */
  readonly generatedId: boolean;
}

export interface ResultColumn {
  readonly name: string;
  readonly tsType: string;
  readonly nullable: boolean;
}

export interface AnalyzedQuery {
  readonly decl: QueryDecl;
  /** The SQL as it runs: macros expanded. */
  readonly sql: string;
  readonly params: readonly ParamInfo[];
  /** The rows it returns (undefined: it returns none, as an :exec without RETURNING). */
  readonly columns?: readonly ResultColumn[];
  /** A table's row type when the result is exactly its row, in order. */
  readonly rowOf?: Table;
  /** The plan, one detail line each. */
  readonly plan: readonly string[];
}

const KEYWORDS = new Set(
  (
    'where on set join left right inner outer cross natural order group limit offset values using default select from as ' +
    'and or not null is in like glob between union all except intersect returning having window with case when then else end ' +
    'insert update delete into conflict do nothing replace ignore abort fail rollback exists distinct'
  ).split(' '),
);

const IDENT = '[A-Za-z_][A-Za-z0-9_]*';

/** The schema a query is checked against: the fresh schema of the spec. */
export function schemaDatabase(statements: readonly string[]): Database.Database {
  const db = new Database(':memory:');
  for (const sql of statements) db.exec(sql);
  // As every connection of ic has it (src/db/open.ts): the plans then include the foreign key checks.
  db.pragma('foreign_keys = ON');
  return db;
}

// --- macros -----------------------------------------------------------------------

const quote = (v: string | number) => (typeof v === 'number' ? String(v) : `'${v.replace(/'/g, "''")}'`);

/**
 * `{{set.value}}` and `{{set.group}}`: the member(s) as SQL literals;
 * `{{table.column.default}}`: the column's declared default.
 */
export function expandMacros(ctx: GenContext, text: string, problem: (message: string) => void): string {
  return text.replace(/\{\{\s*([^}]*?)\s*\}\}/g, (whole, inner: string) => {
    const parts = inner.split('.');
    if (parts.length === 3 && parts[2] === 'default') {
      const column = ctx.tableByName.get(parts[0]!)?.columns.find((c) => c.name === parts[1]);
      const d = column?.spec.default;
      if (d === undefined || d === 'now') {
        problem(`${whole}: ${column ? `${parts[0]}.${parts[1]} has no literal default` : `no column ${parts[0]}.${parts[1]}`}`);
        return whole;
      }
      return quote(d);
    }
    if (parts.length === 2) {
      const set = ctx.valueSetByName.get(parts[0]!);
      if (!set) {
        problem(`${whole}: no value set named "${parts[0]}"`);
        return whole;
      }
      const group = set.groups.find((g) => g.name === parts[1]);
      if (group) return group.values.map(quote).join(', ');
      if (set.values.some((v) => v.value === parts[1])) return quote(parts[1]!);
      problem(`${whole}: "${parts[1]}" is neither a value nor a group of ${set.name}`);
      return whole;
    }
    problem(`${whole}: expected {{set.value}}, {{set.group}} or {{table.column.default}}`);
    return whole;
  });
}

// --- types ------------------------------------------------------------------------

/** A declared type (`integer`, `text?`, a value set, `table.column`) as parameter or column facts. */
function declaredType(
  ctx: GenContext,
  type: string,
): { tsType: string; nullable: boolean; boolean: boolean; valueSet?: ValueSet; column?: Column } | string {
  const nullable = type.endsWith('?');
  const base = nullable ? type.slice(0, -1) : type;
  if (base.includes('.')) {
    const [t, c] = base.split('.') as [string, string];
    const column = ctx.tableByName.get(t)?.columns.find((x) => x.name === c);
    if (!column) return `no column ${base}`;
    return { tsType: columnTs(column), nullable, boolean: column.spec.type === 'boolean', valueSet: column.valueSet, column };
  }
  switch (base) {
    case 'text':
    case 'json':
      return { tsType: 'string', nullable, boolean: false };
    case 'integer':
    case 'real':
      return { tsType: 'number', nullable, boolean: false };
    case 'boolean':
      return { tsType: 'boolean', nullable, boolean: true };
    case 'blob':
      return { tsType: 'Buffer', nullable, boolean: false };
  }
  const set = ctx.valueSetByName.get(base);
  if (set) return { tsType: set.typeName, nullable, boolean: false, valueSet: set };
  return `unknown type "${base}" (text, integer, real, boolean, blob, json, a value set, or table.column)`;
}

/** The TypeScript type of a stored column value (booleans are stored as 0/1). */
function columnTs(c: Column): string {
  if (c.valueSet) return c.valueSet.typeName;
  const type = c.spec.type as string;
  if (type === 'text') return 'string';
  if (type === 'blob') return 'Buffer';
  return 'number';
}

// --- the tables a statement names ------------------------------------------------------

interface Scope {
  /** alias or name → table */
  readonly tables: Map<string, Table>;
  /** Tables (by name) reached through LEFT JOIN: their columns may be null. */
  readonly leftJoined: Set<string>;
}

function scopeOf(ctx: GenContext, sql: string): Scope {
  const tables = new Map<string, Table>();
  const leftJoined = new Set<string>();
  const re = new RegExp(`\\b(LEFT\\s+(?:OUTER\\s+)?JOIN|JOIN|FROM|INTO|UPDATE)\\s+(${IDENT})(?:\\s+(?:AS\\s+)?(${IDENT}))?`, 'gi');
  for (const m of sql.matchAll(re)) {
    const table = ctx.tableByName.get(m[2]!);
    if (!table) continue;
    tables.set(table.name, table);
    const alias = m[3];
    if (alias && !KEYWORDS.has(alias.toLowerCase())) tables.set(alias, table);
    if (/^LEFT/i.test(m[1]!)) leftJoined.add(table.name);
  }
  return { tables, leftJoined };
}

function resolveColumn(scope: Scope, qualifier: string | undefined, name: string): Column | undefined | 'ambiguous' {
  if (qualifier) return scope.tables.get(qualifier)?.columns.find((c) => c.name === name);
  const found = new Set<Column>();
  for (const t of new Set(scope.tables.values())) {
    const c = t.columns.find((x) => x.name === name);
    if (c) found.add(c);
  }
  if (found.size > 1) return 'ambiguous';
  return [...found][0];
}

/** Splits `a, f(b, c), d` at its top-level commas. */
function topLevel(list: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of list) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      out.push(cur.trim());
      cur = '';
    } else cur += ch;
  }
  if (cur.trim()) out.push(cur.trim());
  return out;
}

/** The text between the parenthesis at `open` and its match. */
function parenthesised(text: string, open: number): string {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')' && --depth === 0) return text.slice(open + 1, i);
  }
  return text.slice(open + 1);
}

interface Use {
  column?: Column;
  /** Written by an INSERT (so a nullable column's parameter may be left out). */
  inserted: boolean;
  /** Written by an UPDATE's SET (so it may be null where the column may). */
  assigned?: boolean;
  integer?: boolean;
  nullTested?: boolean;
}

/** Where each parameter meets a column, read off the statement's text. */
function parameterUses(ctx: GenContext, sql: string, scope: Scope, problem: (m: string) => void): Map<string, Use[]> {
  const text = stripLiterals(sql);
  const uses = new Map<string, Use[]>();
  const add = (param: string, use: Use) => uses.set(param, [...(uses.get(param) ?? []), use]);
  const column = (qualifier: string | undefined, name: string, param: string): Column | undefined => {
    const c = resolveColumn(scope, qualifier, name);
    if (c === 'ambiguous') {
      problem(`@${param} is compared with "${name}", a column of more than one table: qualify it`);
      return undefined;
    }
    return c;
  };
  for (const m of text.matchAll(/@([a-z_][a-z0-9_]*)/g)) if (!uses.has(m[1]!)) uses.set(m[1]!, []);

  // INSERT INTO t (a, b) VALUES (@a, @b)
  const insert = new RegExp(`INSERT\\s+(?:OR\\s+${IDENT}\\s+)?INTO\\s+(${IDENT})\\s*\\(`, 'i').exec(text);
  if (insert) {
    const table = ctx.tableByName.get(insert[1]!);
    const names = topLevel(parenthesised(text, insert.index + insert[0].length - 1));
    const after = text.slice(insert.index + insert[0].length - 1 + names.join(',').length);
    const values = /VALUES\s*\(/i.exec(after);
    if (table && values) {
      const items = topLevel(parenthesised(after, values.index + values[0].length - 1));
      items.forEach((item, i) => {
        const p = /^@([a-z_][a-z0-9_]*)$/.exec(item);
        const c = table.columns.find((x) => x.name === names[i]);
        if (p && c) add(p[1]!, { column: c, inserted: true });
      });
    }
  }
  // SET col = @p (an UPDATE, or an upsert's DO UPDATE): a write.
  const assignments = new Set<number>();
  for (const set of text.matchAll(/\bSET\b([\s\S]*?)(?=\bWHERE\b|\bRETURNING\b|$)/gi)) {
    const offset = set.index + set[0].length - set[1]!.length;
    for (const m of set[1]!.matchAll(new RegExp(`(${IDENT})\\s*=\\s*@([a-z_][a-z0-9_]*)`, 'g'))) {
      assignments.add(offset + m.index);
      add(m[2]!, { column: column(undefined, m[1]!, m[2]!), inserted: false, assigned: true });
    }
  }
  // a.col OP @p, @p OP a.col
  const op = '(?:==|=|<>|!=|<=|>=|<|>|\\bIS\\s+NOT\\b|\\bIS\\b|\\bLIKE\\b|\\bGLOB\\b)';
  for (const m of text.matchAll(new RegExp(`(?:(${IDENT})\\.)?(${IDENT})\\s*${op}\\s*@([a-z_][a-z0-9_]*)`, 'gi'))) {
    if (KEYWORDS.has(m[2]!.toLowerCase()) || assignments.has(m.index + (m[1] ? m[1].length + 1 : 0))) continue;
    add(m[3]!, { column: column(m[1], m[2]!, m[3]!), inserted: false });
  }
  for (const m of text.matchAll(new RegExp(`@([a-z_][a-z0-9_]*)\\s*${op}\\s*(?:(${IDENT})\\.)?(${IDENT})`, 'gi'))) {
    if (KEYWORDS.has(m[3]!.toLowerCase())) continue;
    add(m[1]!, { column: column(m[2], m[3]!, m[1]!), inserted: false });
  }
  // a.col [NOT] IN (@p, @q)
  for (const m of text.matchAll(new RegExp(`(?:(${IDENT})\\.)?(${IDENT})\\s+(?:NOT\\s+)?IN\\s*\\(([^()]*)\\)`, 'gi'))) {
    for (const p of m[3]!.matchAll(/@([a-z_][a-z0-9_]*)/g)) add(p[1]!, { column: column(m[1], m[2]!, p[1]!), inserted: false });
  }
  for (const m of text.matchAll(/\b(?:LIMIT|OFFSET)\s+@([a-z_][a-z0-9_]*)/gi)) add(m[1]!, { inserted: false, integer: true });
  for (const m of text.matchAll(/@([a-z_][a-z0-9_]*)\s+IS\s+(?:NOT\s+)?NULL\b/gi)) add(m[1]!, { inserted: false, nullTested: true });
  return uses;
}

// --- the analysis -------------------------------------------------------------------

function partialIndexes(db: Database.Database): Set<string> {
  const rows = db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL").all() as {
    name: string;
    sql: string;
  }[];
  return new Set(rows.filter((r) => /\bWHERE\b/i.test(r.sql)).map((r) => r.name));
}

/** The plan lines that read a whole table the query does not declare: a SCAN, unless through a partial index. */
export function undeclaredScans(
  plan: readonly string[],
  scope: Scope,
  partial: ReadonlySet<string>,
  declared: readonly string[],
): string[] {
  return plan.filter((line) => {
    const m = /^SCAN (\S+)/.exec(line);
    if (!m) return false;
    const table = scope.tables.get(m[1]!);
    if (!table) return false; // a subquery, a CTE or a table-valued function
    if (declared.includes(table.name)) return false;
    const index = /USING (?:COVERING )?INDEX (\S+)/.exec(line)?.[1];
    return !(index && partial.has(index));
  });
}

export function analyzeQuery(
  ctx: GenContext,
  db: Database.Database,
  decl: QueryDecl,
  partial: ReadonlySet<string>,
): {
  query?: AnalyzedQuery;
  problems: string[];
} {
  const problems: string[] = [];
  const problem = (m: string) => problems.push(`${decl.at}: query ${decl.name}: ${m}`);
  const sql = expandMacros(ctx, decl.sql, problem);
  if (problems.length) return { problems };

  let stmt: Database.Statement;
  try {
    stmt = db.prepare(sql);
  } catch (err) {
    problem(`does not prepare against the schema: ${(err as Error).message}`);
    return { problems };
  }
  const scope = scopeOf(ctx, stripLiterals(sql));

  // Parameters.
  const uses = parameterUses(ctx, sql, scope, problem);
  const params: ParamInfo[] = [];
  for (const [name, list] of uses) {
    const declared = decl.params[name];
    const at = list.find((u) => u.column);
    const nullTested = list.some((u) => u.nullTested);
    const inserted = list.length > 0 && list.every((u) => u.inserted || u.nullTested);
    const written = list.length > 0 && list.every((u) => u.inserted || u.assigned || u.nullTested);
    if (declared !== undefined) {
      const t = declaredType(ctx, declared);
      if (typeof t === 'string') {
        problem(`-- param: ${name}: ${t}`);
        continue;
      }
      params.push({
        name,
        tsType: t.tsType,
        nullable: t.nullable,
        // A nullable declared parameter may be left out: it is then null.
        optional: t.nullable,
        boolean: t.boolean,
        valueSet: t.valueSet,
        column: t.column && `${t.column.name}`,
        generatedId: false,
      });
      continue;
    }
    if (at?.column) {
      const c = at.column;
      const table = [...scope.tables.values()].find((t) => t.columns.includes(c));
      const optional = inserted && (c.nullable || c.spec.generate === 'id8');
      params.push({
        name,
        tsType: columnTs(c).replace(/^number$/, c.spec.type === 'boolean' ? 'boolean' : 'number'),
        nullable: (written && c.nullable) || nullTested,
        optional,
        boolean: c.spec.type === 'boolean',
        valueSet: c.valueSet,
        column: `${table?.name ?? '?'}.${c.name}`,
        generatedId: inserted && c.spec.generate === 'id8',
      });
      continue;
    }
    if (list.some((u) => u.integer)) {
      params.push({ name, tsType: 'number', nullable: false, optional: false, boolean: false, generatedId: false });
      continue;
    }
    problem(`the type of @${name} cannot be read off the SQL: declare it with "-- param: ${name} <type>"`);
  }
  for (const name of Object.keys(decl.params)) if (!uses.has(name)) problem(`-- param: ${name} is not a parameter of the query`);

  // Result columns.
  let columns: ResultColumn[] | undefined;
  let rowOf: Table | undefined;
  if (stmt.reader) {
    columns = [];
    for (const c of stmt.columns()) {
      const declared = decl.columns[c.name];
      if (declared !== undefined) {
        const t = declaredType(ctx, declared);
        if (typeof t === 'string') problem(`-- column: ${c.name}: ${t}`);
        else columns.push({ name: c.name, tsType: t.tsType === 'boolean' ? 'number' : t.tsType, nullable: t.nullable });
        continue;
      }
      const column = c.table && c.column ? ctx.tableByName.get(c.table)?.columns.find((x) => x.name === c.column) : undefined;
      if (!column) {
        problem(`result column "${c.name}" is an expression: declare its type with "-- column: ${c.name} <type>"`);
        continue;
      }
      columns.push({ name: c.name, tsType: columnTs(column), nullable: column.nullable || scope.leftJoined.has(c.table!) });
    }
    for (const name of Object.keys(decl.columns))
      if (!stmt.columns().some((c) => c.name === name)) problem(`-- column: ${name} is not a result column of the query`);
    const sources = stmt.columns();
    const whole = sources.length > 0 && sources.every((c) => c.table === sources[0]!.table && c.column === c.name);
    const table = whole ? ctx.tableByName.get(sources[0]!.table!) : undefined;
    if (
      table &&
      !scope.leftJoined.has(table.name) &&
      table.columns.length === sources.length &&
      table.columns.every((c, i) => c.name === sources[i]!.column) &&
      !Object.keys(decl.columns).length
    )
      rowOf = table;
  } else if (decl.kind !== 'exec') {
    problem(`:${decl.kind} needs a statement that returns rows (a SELECT, or RETURNING)`);
  }

  // The plan.
  const bound = Object.fromEntries([...uses.keys()].map((p) => [p, null]));
  const plan = (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(bound) as { detail: string }[]).map((r) => r.detail);
  for (const line of undeclaredScans(plan, scope, partial, decl.scans)) {
    const table = scope.tables.get(line.split(' ')[1]!)?.name;
    const how = decl.scansOptional ? `scans: [${table}] in the operation` : `"-- scans: ${table}"`;
    problem(`reads a whole table (${line}): add an index, or declare it with ${how}`);
  }
  for (const t of decl.scans) {
    if (!ctx.tableByName.has(t)) problem(`-- scans: no table named "${t}"`);
    else if (
      !decl.scansOptional &&
      !decl.mayScan?.includes(t) &&
      !plan.some((line) => /^SCAN (\S+)/.test(line) && scope.tables.get(line.split(' ')[1]!)?.name === t)
    )
      problem(`-- scans: ${t}: the query does not scan it (remove the declaration)`);
  }
  if (problems.length) return { problems };
  return { query: { decl, sql, params, columns, rowOf, plan }, problems };
}

export function analyzeQueries(
  ctx: GenContext,
  decls: readonly QueryDecl[],
  schema: readonly string[],
): { queries: AnalyzedQuery[]; problems: string[] } {
  const db = schemaDatabase(schema);
  try {
    const partial = partialIndexes(db);
    const queries: AnalyzedQuery[] = [];
    const problems: string[] = [];
    for (const decl of decls) {
      const r = analyzeQuery(ctx, db, decl, partial);
      problems.push(...r.problems);
      if (r.query) queries.push(r.query);
    }
    return { queries, problems };
  } finally {
    db.close();
  }
}
