// A command's generic operation (spec `operation:`) compiled to named
// queries, so that it runs, is typed and is checked like every query of
// spec/queries/. A condition that applies only sometimes (`if: <switch>`, or
// equality with an optional argument) makes a variant per combination: each
// variant is its own statement, so every one of them can use its index
// (SQLite uses a partial index only for the constant it was made for).
import type { Command, GenContext } from '../context';
import type { OperationSpec } from '../spec/metaschema';
import { parseValue } from '../spec/expressions';
import type { QueryDecl, QueryKind } from '../spec/queries';

/** A condition that makes variants, and how the operation's code tests it. */
export interface Dimension {
  /** The variant name's part: Active, Scope. */
  readonly part: string;
  /** The argument tested: a switch (true) or an optional value (given). */
  readonly arg: string;
  readonly kind: 'switch' | 'given';
}

export interface OperationVariant {
  readonly decl: QueryDecl;
  /** The dimensions that hold in this variant. */
  readonly holds: readonly Dimension[];
}

export interface CompiledOperation {
  readonly command: Command;
  readonly op: OperationSpec;
  readonly dimensions: readonly Dimension[];
  readonly variants: readonly OperationVariant[];
  /** Each parameter of the statements, and the argument (or time) it binds. */
  readonly bindings: ReadonlyMap<string, Binding>;
}

export type Binding =
  { kind: 'arg'; name: string } | { kind: 'now' } | { kind: 'now_minus'; name: string } | { kind: 'literal'; value: unknown };

const camel = (pascal: string) => pascal[0]!.toLowerCase() + pascal.slice(1);
const pascalOf = (s: string) =>
  s
    .split(/[_\s-]+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('');

/** The parameter name a spec value binds to (undefined: a literal written into the SQL). */
function paramOf(value: string | number | string[], bindings: Map<string, Binding>): string | undefined {
  const v = parseValue(value);
  switch (v.kind) {
    case 'arg':
      bindings.set(v.name, { kind: 'arg', name: v.name });
      return v.name;
    case 'now':
      bindings.set('now', { kind: 'now' });
      return 'now';
    case 'now_minus': {
      const name = `now_minus_${v.name}`;
      bindings.set(name, { kind: 'now_minus', name: v.name });
      return name;
    }
    case 'literal':
      return undefined;
  }
}

/** A literal value of the spec as SQL: a macro (`{{set.group}}`) is left for the analyzer to expand. */
function sqlLiteral(value: unknown): string {
  if (typeof value === 'number') return String(value);
  const s = String(value);
  if (/^\{\{[^}]+\}\}$/.test(s)) return s;
  return `'${s.replace(/'/g, "''")}'`;
}

export function compileOperation(ctx: GenContext, command: Command): CompiledOperation | undefined {
  const op = command.spec.operation;
  if (!op) return undefined;
  const table = ctx.tableByName.get(op.table)!;
  const bindings = new Map<string, Binding>();
  const conditions = [
    ...Object.entries(op.key ?? {}).map(([column, value]) => ({ column, value, op: 'eq' as const, if: undefined as string | undefined })),
    ...(op.where ?? []).map((w) => ({ ...w, op: w.op ?? ('eq' as const) })),
  ];

  // Each condition as SQL, and the dimension it depends on.
  const dimensions: Dimension[] = [];
  const terms = conditions.map((c) => {
    let sql: string;
    let dimension: Dimension | undefined;
    const param = c.op === 'in' ? undefined : paramOf(c.value, bindings);
    switch (c.op) {
      case 'in': {
        const values = Array.isArray(c.value) ? c.value : [c.value];
        sql = `${c.column} IN (${values.map(sqlLiteral).join(', ')})`;
        break;
      }
      case 'eq':
        sql = param ? `${c.column} = @${param}` : `${c.column} = ${sqlLiteral(c.value)}`;
        if (param) {
          const arg = command.args.find((a) => a.name === param);
          // An optional argument without a default: the condition holds only when it is given.
          if (arg && !arg.required) dimension = { part: pascalOf(param), arg: param, kind: 'given' };
        }
        break;
      case 'lt':
      case 'le':
      case 'gt':
        sql = `${c.column} ${{ lt: '<', le: '<=', gt: '>' }[c.op]} ${param ? `@${param}` : sqlLiteral(c.value)}`;
        break;
      case 'null_or_gt':
        sql = `(${c.column} IS NULL OR ${c.column} > ${param ? `@${param}` : sqlLiteral(c.value)})`;
        break;
    }
    if (c.if) dimension = { part: pascalOf(c.if), arg: c.if, kind: 'switch' };
    if (dimension && !dimensions.some((d) => d.arg === dimension!.arg)) dimensions.push(dimension);
    return { sql, dimension };
  });

  const base = camel(command.pascal);
  const kind: QueryKind = op.kind === 'get' || op.kind === 'insert' ? 'one' : op.kind === 'list' ? 'many' : 'exec';
  const variants: OperationVariant[] = [];
  for (let mask = 0; mask < 1 << dimensions.length; mask++) {
    const holds = dimensions.filter((_, i) => mask & (1 << i));
    const where = terms.filter((t) => !t.dimension || holds.some((d) => d.arg === t.dimension!.arg)).map((t) => t.sql);
    const whereSql = where.length ? ` WHERE ${where.join(' AND ')}` : '';
    let sql: string;
    switch (op.kind) {
      case 'get':
        sql = `SELECT * FROM ${table.name}${whereSql} LIMIT 1`;
        break;
      case 'list': {
        const order = op.order?.length
          ? ` ORDER BY ${op.order.map((o) => o.replace(/ (asc|desc)$/, (d) => d.toUpperCase())).join(', ')}`
          : '';
        sql = `SELECT ${op.select ? op.select.join(', ') : '*'} FROM ${table.name}${whereSql}${order}`;
        break;
      }
      case 'delete':
        sql = `DELETE FROM ${table.name}${whereSql}`;
        break;
      case 'update': {
        const set = Object.entries(op.set!).map(([c, v]) => {
          const p = paramOf(v, bindings);
          return `${c} = ${p ? `@${p}` : sqlLiteral(v)}`;
        });
        sql = `UPDATE ${table.name} SET ${set.join(', ')}${whereSql}`;
        break;
      }
      case 'insert': {
        const values = Object.entries(op.values!).map(([c, v]) => [c, paramOf(v, bindings), v] as const);
        const columns = [...values.map(([c]) => c)];
        const items = values.map(([, p, v]) => (p ? `@${p}` : sqlLiteral(v)));
        // The generated id, and the times the spec defaults to now (stamped with the command's clock).
        if (table.generatedId && !columns.includes(table.generatedId.name)) {
          columns.unshift(table.generatedId.name);
          items.unshift(`@${table.generatedId.name}`);
        }
        for (const c of table.columns) {
          if (c.spec.default === 'now' && !columns.includes(c.name)) {
            bindings.set('now', { kind: 'now' });
            columns.push(c.name);
            items.push('@now');
          }
        }
        sql = `INSERT INTO ${table.name} (${columns.join(', ')}) VALUES (${items.join(', ')}) RETURNING *`;
        break;
      }
    }
    variants.push({
      decl: {
        name: base + holds.map((d) => d.part).join(''),
        kind,
        sql,
        description: `${command.path}: generic ${op.kind} on ${table.name}${holds.length ? ` (${holds.map((d) => (d.kind === 'switch' ? `--${d.arg.replace(/_/g, '-')}` : `${d.arg} given`)).join(', ')})` : ''}.`,
        scans: op.scans ?? [],
        scansOptional: true,
        params: {},
        columns: {},
        domain: command.words[0]!,
        at: `spec: command ${command.path}, operation`,
        source: `command ${command.path}`,
      },
      holds,
    });
  }
  return { command, op, dimensions, variants, bindings };
}
