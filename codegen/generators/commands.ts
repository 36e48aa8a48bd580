// generated/commands/<path>.ts: one clipanion class per command, and
// generated/types.ts: the Args and Data type of every command. A class turns
// its options into typed Args (checking required-ness, types and ranges from
// the spec), calls its handler or runs its generic operation, and renders the
// result as the spec's text or JSON output.
import { parseDurationMs } from '../../src/cli/values';
import type { Arg, Command, GenContext } from '../context';
import { header } from '../header';
import { renderTemplate, type GeneratedFile } from '../render';
import { conditionFields, parseValue, templateParts, whenFields, type Conditions } from '../spec/expressions';
import type { JsonOutput, OperationSpec, TextOutput } from '../spec/metaschema';

const q = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

// --- arguments --------------------------------------------------------------

function optionDecl(arg: Arg): string {
  const desc = arg.description ? `, description: ${q(arg.description)}` : '';
  if (arg.kind === 'positional') {
    return `${arg.prop} = Option.String({ name: ${q(arg.name)}${arg.required ? '' : ', required: false'} });`;
  }
  if (arg.flag!.type === 'boolean') return `${arg.prop} = Option.Boolean(${q(arg.option)}, false${desc ? `, { ${desc.slice(2)} }` : ''});`;
  return `${arg.prop} = Option.String(${q(arg.option)}${desc ? `, { ${desc.slice(2)} }` : ''});`;
}

function defaultLiteral(arg: Arg): string | undefined {
  const d = arg.flag?.default;
  if (d === undefined) return undefined;
  if (arg.flag!.type === 'duration') return String(parseDurationMs(String(d)));
  if (arg.flag!.type === 'integer') return String(d);
  if (arg.flag!.type === 'bool') return String(d === true || d === 'true');
  return q(String(d));
}

/** The expression that turns the raw option into the typed Args value. */
function argValue(arg: Arg): string {
  const f = arg.flag;
  // Required options were checked before this runs.
  const raw = `this.${arg.prop}${f?.required ? '!' : ''}`;
  if (!f) {
    // A positional: required ones were checked; optional ones stay undefined when absent.
    if (!arg.values) return raw;
    const check = `value.oneOf(${q(`<${arg.name}>`)}, this.${arg.prop}!, [${arg.values.map(q).join(', ')}] as const)`;
    return arg.required ? check : `this.${arg.prop} === undefined ? undefined : ${check}`;
  }
  let parsed: string;
  switch (f.type) {
    case 'boolean':
      return raw;
    case 'string':
      parsed = raw;
      break;
    case 'integer': {
      const range = [f.min !== undefined ? `min: ${f.min}` : '', f.max !== undefined ? `max: ${f.max}` : ''].filter(Boolean);
      parsed = `value.integer(${q(arg.option)}, ${raw}${range.length ? `, { ${range.join(', ')} }` : ''})`;
      break;
    }
    case 'duration':
      parsed = `value.duration(${q(arg.option)}, ${raw})`;
      break;
    case 'bool':
      parsed = `value.bool(${q(arg.option)}, ${raw})`;
      break;
    case 'enum':
      parsed = `value.oneOf(${q(arg.option)}, ${raw}, [${f.values!.map(q).join(', ')}] as const)`;
      break;
  }
  if (f.type === 'string') return defaultLiteral(arg) ? `${raw} ?? ${defaultLiteral(arg)}` : raw;
  if (f.required) return parsed;
  return `this.${arg.prop} === undefined ? ${defaultLiteral(arg) ?? 'undefined'} : ${parsed}`;
}

function argChecks(command: Command): string[] {
  const checks: string[] = [];
  for (const arg of command.args) {
    const mustHave = arg.kind === 'positional' ? arg.required : !!arg.flag!.required;
    if (!mustHave) {
      // An optional argument given as "" (an unset shell variable) is a mistake, not an omission.
      if (arg.kind === 'positional')
        checks.push(`if (this.${arg.prop} === '') throw new UsageError(${q(`empty argument <${arg.name}>`)});`);
      continue;
    }
    const what = arg.kind === 'positional' ? `<${arg.name}>` : arg.option;
    checks.push(
      `if (this.${arg.prop} === undefined || this.${arg.prop} === '') throw new UsageError(${q(`missing ${arg.kind === 'positional' ? 'argument' : 'required flag'} ${what}`)});`,
    );
  }
  const oneOf = command.spec.require_one_of;
  if (oneOf) {
    const names = oneOf.map((n) => command.flags.find((f) => f.name === n)!.option);
    const props = oneOf.map((n) => command.flags.find((f) => f.name === n)!.prop);
    checks.push(
      `if (${props.map((p) => `this.${p} === undefined`).join(' && ')}) throw new UsageError(${q(`give at least one of ${names.join(', ')}`)});`,
    );
  }
  return checks;
}

function argsType(command: Command): string[] {
  return command.args.map((a) => `${a.name}${a.required || defaultLiteral(a) ? '' : '?'}: ${a.tsType};`);
}

// --- data types ---------------------------------------------------------------

function shapeType(shape: Record<string, string>): string {
  const fields = Object.entries(shape).map(([k, t]) => {
    const base = t.replace('?', '');
    return `${k}${t.endsWith('?') ? '?' : ''}: ${base === 'integer' ? 'number' : base}`;
  });
  return `{ ${fields.join('; ')} }`;
}

function dataType(ctx: GenContext, command: Command): { type: string; imports: string[] } {
  const op = command.spec.operation;
  const rowOf = (table: string) => ctx.tableByName.get(table)!.rowType;
  if (op) {
    const row = rowOf(op.table);
    switch (op.kind) {
      case 'get':
      case 'insert':
        return { type: row, imports: [row] };
      case 'list':
        return op.select
          ? { type: `Pick<${row}, ${op.select.map(q).join(' | ')}>[]`, imports: [row] }
          : { type: `${row}[]`, imports: [row] };
      case 'update':
        return { type: '{ updated: number }', imports: [] };
      case 'delete':
        return { type: '{ deleted: number }', imports: [] };
    }
  }
  const json = command.spec.output.json;
  if (json === 'none') return { type: 'void', imports: [] };
  if (json === 'raw') return { type: 'string', imports: [] };
  if ('entity' in json)
    return { type: rowOf(ctx.spec.entities[json.entity]!.table), imports: [rowOf(ctx.spec.entities[json.entity]!.table)] };
  if ('object' in json) return { type: shapeType(json.object), imports: [] };
  if (typeof json.list === 'string') {
    const row = rowOf(ctx.spec.entities[json.list]!.table);
    return { type: `${row}[]`, imports: [row] };
  }
  return { type: `${shapeType(json.list.object)}[]`, imports: [] };
}

// --- generic operations --------------------------------------------------------

function valueCode(value: string | number | string[]): string {
  const v = parseValue(value);
  switch (v.kind) {
    case 'arg':
      return `args.${v.name}`;
    case 'now':
      return 'now';
    case 'now_minus':
      return `now - Math.floor(args.${v.name} / 1000)`;
    case 'literal':
      return JSON.stringify(v.value);
  }
}

/** A spec constant as SQL: numbers as they are, strings quoted. */
function sqlLiteral(value: string | number): string {
  return typeof value === 'number' ? String(value) : `'${value.replace(/'/g, "''")}'`;
}

interface Condition {
  sql: string;
  params: string[];
  /** Only applies when this is true (an optional argument is set, a switch is on). */
  guard?: string;
}

function conditions(command: Command, op: OperationSpec): Condition[] {
  const all = [
    ...Object.entries(op.key ?? {}).map(([column, value]) => ({ column, value, op: 'eq' as const, if: undefined })),
    ...(op.where ?? []).map((w) => ({ ...w, op: w.op ?? 'eq' })),
  ];
  return all.map((c): Condition => {
    const value = valueCode(c.value);
    const parsed = parseValue(c.value);
    const arg = parsed.kind === 'arg' ? command.args.find((a) => a.name === parsed.name) : undefined;
    const guard = c.if ? `args.${c.if}` : arg && !arg.required && !defaultLiteral(arg) ? `args.${arg.name} !== undefined` : undefined;
    // Constants of the spec are written into the SQL as literals: SQLite can
    // use a partial index (WHERE status = 'active', WHERE status IN (...))
    // only when the query names the same constant, never for a bound `?`.
    if (c.op === 'in') {
      const list = Array.isArray(c.value) ? c.value : [];
      return { sql: `${c.column} IN (${list.map(sqlLiteral).join(', ')})`, params: [], guard };
    }
    const operand = parsed.kind === 'literal' ? sqlLiteral(parsed.value as string | number) : '?';
    const params = parsed.kind === 'literal' ? [] : [value];
    if (c.op === 'null_or_gt') return { sql: `(${c.column} IS NULL OR ${c.column} > ${operand})`, params, guard };
    return { sql: `${c.column} ${{ eq: '=', lt: '<', le: '<=', gt: '>' }[c.op]} ${operand}`, params, guard };
  });
}

/**
 * The WHERE clause: a constant when every condition always applies, else
 * lines that build it. Returns the SQL expression to append and the params.
 */
const DYNAMIC_WHERE = '\0where\0';

function whereCode(command: Command, op: OperationSpec): { lines: string[]; sql: string; params: string } {
  const conds = conditions(command, op);
  if (!conds.length) return { lines: [], sql: '', params: '' };
  if (conds.every((c) => !c.guard)) {
    return { lines: [], sql: ` WHERE ${conds.map((c) => c.sql).join(' AND ')}`, params: conds.flatMap((c) => c.params).join(', ') };
  }
  const lines = ['const where: string[] = [];', 'const params: unknown[] = [];'];
  for (const c of conds) {
    const line = `where.push(${q(c.sql)});${c.params.length ? ` params.push(${c.params.join(', ')});` : ''}`;
    lines.push(c.guard ? `if (${c.guard}) { ${line} }` : line);
  }
  return { lines, sql: DYNAMIC_WHERE, params: '...params' };
}

function messageCode(template: string): string {
  return (
    '`' +
    templateParts(template)
      .map((p) => ('text' in p ? p.text.replace(/[`\\]/g, '\\$&').replace(/\$\{/g, '\\${') : `\${args.${p.field}}`))
      .join('') +
    '`'
  );
}

function operationCode(ctx: GenContext, command: Command, op: OperationSpec): { lines: string[]; imports: string[] } {
  const table = ctx.tableByName.get(op.table)!;
  const imports: string[] = [];
  const lines: string[] = [];
  if (JSON.stringify(op).includes('now')) lines.push('const now = ctx.now();');
  const where = whereCode(command, op);
  lines.push(...where.lines);
  // A constant statement is one literal; a built one joins the pieces around its WHERE.
  const sqlOf = (text: string) => {
    const [before, after] = text.split(DYNAMIC_WHERE);
    if (after === undefined) return q(before!);
    return `${q(before!)} + (where.length ? ' WHERE ' + where.join(' AND ') : '')${after ? ` + ${q(after)}` : ''}`;
  };
  const notFound = messageCode(
    op.not_found ?? `not found: {{${Object.values(op.key ?? {}).map((v) => String(v).replace('$', ''))[0] ?? 'id'}}}`,
  );
  switch (op.kind) {
    case 'get':
      lines.push(
        `const data = ctx.db.prepare(${sqlOf(`SELECT * FROM ${table.name}${where.sql}`)}).get(${where.params}) as ${table.rowType} | undefined;`,
      );
      lines.push(`if (data === undefined) throw new NotFoundError(${notFound});`);
      break;
    case 'list': {
      const cols = op.select ? op.select.join(', ') : '*';
      const order = op.order ? ` ORDER BY ${op.order.map((o) => o.replace(/ (asc|desc)$/, (m) => m.toUpperCase())).join(', ')}` : '';
      lines.push(
        `const data = ctx.db.prepare(${sqlOf(`SELECT ${cols} FROM ${table.name}${where.sql}${order}`)}).all(${where.params}) as Data;`,
      );
      break;
    }
    case 'update': {
      const sets = Object.entries(op.set!);
      const params = [...sets.map(([, v]) => valueCode(v)), where.params].filter(Boolean).join(', ');
      lines.push(
        `const changes = ctx.db.prepare(${sqlOf(`UPDATE ${table.name} SET ${sets.map(([c]) => `${c} = ?`).join(', ')}${where.sql}`)}).run(${params}).changes;`,
      );
      lines.push(`if (changes === 0) throw new NotFoundError(${notFound});`);
      lines.push('const data = { updated: changes };');
      break;
    }
    case 'delete':
      lines.push(
        `const data = { deleted: ctx.db.prepare(${sqlOf(`DELETE FROM ${table.name}${where.sql}`)}).run(${where.params}).changes };`,
      );
      break;
    case 'insert': {
      imports.push(table.storeClass);
      const values = Object.entries(op.values!).map(([c, v]) => `${c}: ${valueCode(v)}`);
      lines.push('let data;');
      lines.push('try {');
      lines.push(
        `  data = new ${table.storeClass}(ctx.db).insert({ ${values.join(', ')} }${table.columns.some((c) => c.spec.default === 'now') ? ', ctx.now()' : ''});`,
      );
      lines.push('} catch (err) {');
      if (op.missing_parent) {
        lines.push(
          `  if ((err as { code?: string }).code === 'SQLITE_CONSTRAINT_FOREIGNKEY') throw new NotFoundError(${messageCode(op.missing_parent)});`,
        );
      }
      lines.push('  throw err;');
      lines.push('}');
      break;
    }
  }
  return { lines, imports };
}

// --- output ---------------------------------------------------------------------

function templateCode(template: string, v = 'v'): string {
  const parts = templateParts(template);
  if (parts.length === 1 && 'field' in parts[0]!) return `str(${v}.${parts[0].field})`;
  return (
    '`' +
    parts.map((p) => ('text' in p ? p.text.replace(/[`\\]/g, '\\$&').replace(/\$\{/g, '\\${') : `\${str(${v}.${p.field})}`)).join('') +
    '`'
  );
}

function conditionCode(c: Conditions, v = 'v'): string | undefined {
  const parts: string[] = [];
  const any = (names: string[], fn: string) => names.map((n) => `${fn}(${v}.${n})`).join(' || ');
  if (c.when) parts.push(`(${any(whenFields(c.when), 'present')})`);
  if (c.unless) parts.push(`!(${any(whenFields(c.unless), 'present')})`);
  if (c.nonzero) parts.push(`(${any(whenFields(c.nonzero), 'nonzero')})`);
  if (c.zero) parts.push(`!(${any(whenFields(c.zero), 'nonzero')})`);
  if (!parts.length) return undefined;
  return parts.length === 1 ? parts[0]!.replace(/^\((.*)\)$/, '$1') : parts.join(' && ');
}

/** The view function: data -> the object JSON prints and text templates read. */
function viewCode(ctx: GenContext, json: JsonOutput): { lines: string[]; imports: string[]; isList: boolean } {
  if (json === 'none' || json === 'raw') return { lines: [], imports: [], isList: false };
  const objectView = (shape: Record<string, string>) => {
    const lines = ['const v: Record<string, unknown> = {};'];
    for (const key of Object.keys(shape).sort()) {
      lines.push(shape[key]!.endsWith('?') ? `if (d.${key} != null) v.${key} = d.${key};` : `v.${key} = d.${key};`);
    }
    lines.push('return v;');
    return lines;
  };
  if ('entity' in json) return { lines: [`return to${json.entity}View(d);`], imports: [`to${json.entity}View`], isList: false };
  if ('object' in json) return { lines: objectView(json.object), imports: [], isList: false };
  if (typeof json.list === 'string') return { lines: [`return to${json.list}View(d);`], imports: [`to${json.list}View`], isList: true };
  return { lines: objectView(json.list.object), imports: [], isList: true };
}

function textCode(text: TextOutput, isList: boolean): string[] {
  if (text === 'none') return ["return '';"];
  if (text === 'raw') return ['return outcome.text ?? str(outcome.data);'];
  if ('line' in text) return [`return ${templateCode(text.line)};`];
  if ('cases' in text) {
    const lines = ['const lines: string[] = [];'];
    for (const c of text.cases) {
      const cond = conditionCode(c);
      lines.push(cond ? `if (${cond}) lines.push(${templateCode(c.line)});` : `lines.push(${templateCode(c.line)});`);
    }
    lines.push("return lines.join('\\n');");
    return lines;
  }
  if ('rows' in text) {
    const cells = text.rows.map((r) => (r.includes('{{') ? templateCode(r, 'row') : `str(row.${r})`));
    const rows = isList ? 'views' : '[v]';
    return [`return ${rows}.map((row) => [${cells.join(', ')}].join('\\t')).join('\\n');`];
  }
  const lines = ['const lines: string[] = [];'];
  for (const r of text.block.rows) {
    const push = `lines.push(blockLine(${q(r.label)}, ${text.block.width}, ${templateCode(r.value)}));`;
    const cond = conditionCode(r);
    lines.push(cond ? `if (${cond}) ${push}` : push);
  }
  lines.push("return lines.join('\\n');");
  return lines;
}

// --- the module -------------------------------------------------------------------

function usageDetails(ctx: GenContext, command: Command): string {
  const parts: string[] = [];
  if (command.spec.details) parts.push(command.spec.details.trim());
  const codes = command.spec.exit_codes;
  if (codes)
    parts.push(
      'Exit codes: ' +
        Object.entries(codes)
          .map(([c, m]) => `${c} ${m}`)
          .join('; ') +
        '.',
    );
  const globals = ctx.spec.global_flags
    .filter((g) => !command.shadows.includes(g.name))
    .map((g) => (g.type === 'boolean' ? `--${g.name}` : `--${g.name}=<${g.value_name ?? g.type}>`));
  parts.push(`Global flags: ${globals.join(' ')}.`);
  return parts.join('\n\n');
}

export function commandModel(ctx: GenContext, command: Command) {
  const spec = command.spec;
  const data = dataType(ctx, command);
  const view = viewCode(ctx, spec.output.json);
  const viewNeeded = view.lines.length > 0;
  const op = spec.operation;
  const opCode = op ? operationCode(ctx, command, op) : undefined;
  const [domain, fn] = spec.handler ? spec.handler.split('.') : [];
  const text = textCode(spec.output.text, view.isList);
  const textUses = text.join('\n');
  const json = spec.output.json;
  const jsonLine =
    json === 'none' ? "''" : json === 'raw' ? 'str(outcome.data)' : view.isList ? 'JSON.stringify(views)' : 'JSON.stringify(v)';
  const formatImports = ['str', 'present', 'nonzero', 'blockLine'].filter(
    (h) => new RegExp(`\\b${h}\\(`).test(textUses) || (h === 'str' && jsonLine.includes('str(')),
  );
  const needsValue =
    command.flags.some((f) => ['integer', 'duration', 'bool', 'enum'].includes(f.flag!.type)) || command.positionals.some((p) => p.values);
  const needsUsage = argChecks(command).length > 0;
  const errorImports = [needsUsage ? 'UsageError' : '', op && ['get', 'update', 'insert'].includes(op.kind) ? 'NotFoundError' : ''].filter(
    Boolean,
  );
  return {
    header: header('ts'),
    toRoot: command.toRoot,
    className: command.className,
    pascal: command.pascal,
    pathWords: command.words.map(q).join(', '),
    path: command.path,
    description: q(spec.summary),
    details: JSON.stringify(usageDetails(ctx, command)),
    examples: (spec.examples ?? []).map(([d, e]) => `[${q(d)}, ${q(e)}]`),
    options: command.args.map(optionDecl),
    checks: argChecks(command),
    argValues: command.args.map((a) => ({ name: a.name, value: argValue(a) })),
    handler: spec.handler ? { domain, fn } : undefined,
    opLines: opCode?.lines ?? [],
    storeImports: opCode?.imports ?? [],
    entityImports: [...new Set(data.imports)].filter((t) => (opCode?.lines ?? []).some((l) => l.includes(t))).sort(),
    hasOptions: command.args.length > 0,
    argsUsed: !!spec.handler || (opCode?.lines ?? []).some((l) => l.includes('args.')),
    viewImports: view.imports,
    formatImports,
    errorImports,
    needsValue,
    viewLines: view.lines,
    viewNeeded,
    isList: view.isList,
    textLines: text,
    jsonLine,
    textNeedsView: /\bv\b|\bviews\b/.test(textUses),
    jsonNeedsView: viewNeeded && json !== 'raw' && json !== 'none',
    dataType: data.type,
  };
}

export function generateCommands(ctx: GenContext): GeneratedFile[] {
  const files: GeneratedFile[] = ctx.commands.map((command) => ({
    path: command.file,
    content: renderTemplate('command.ts.hbs', commandModel(ctx, command)),
  }));
  const types = ctx.commands.map((command) => {
    const data = dataType(ctx, command);
    return { pascal: command.pascal, path: command.path, args: argsType(command), data: data.type, imports: data.imports };
  });
  files.push({
    path: 'generated/types.ts',
    content: renderTemplate('types.ts.hbs', {
      header: header('ts'),
      imports: [...new Set(types.flatMap((t) => t.imports))].sort(),
      types,
    }),
  });
  return files;
}

export { conditionFields };
