// generated/commands/<path>.ts: one clipanion class per command, and
// generated/types.ts: the Args and Data type of every command. A class
// declares its options, turns them into typed Args (required-ness, types and
// ranges from the spec), runs its handler or its generic operation through
// the store, and describes its output (text, JSON, the exit code the data
// decides) for the runtime in src/cli/run-command.ts.
import { parseDurationMs } from '../../src/cli/values';
import type { Arg, Command, GenContext } from '../context';
import { viewConst } from './entities';
import { recordWriter } from './records';
import { header } from '../header';
import { queryModule } from './queries';
import { Imports } from '../imports';
import type { GeneratedFile } from '../file';
import { type DataShape, dataShape, listAt, shapeTs } from '../shapes';
import { templateParts, whenFields, type Conditions, type FieldRef } from '../spec/expressions';
import type { JsonOutput, ObjectShape, TextOutput } from '../spec/metaschema';

const q = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n').replace(/\t/g, '\\t')}'`;

const CLI = {
  errors: 'src/cli/errors',
  format: 'src/cli/format',
  output: 'src/cli/output',
  values: 'src/cli/values',
  context: 'src/cli/context',
  types: 'generated/types',
  views: 'generated/entities/views',
  valueSets: 'generated/values',
};

// --- arguments --------------------------------------------------------------

function optionDecl(arg: Arg): string {
  const desc = arg.description ? `, description: ${q(arg.description)}` : '';
  if (arg.kind === 'positional') {
    return `${arg.prop} = Option.String({ name: ${q(arg.name)}${arg.required ? '' : ', required: false'} });`;
  }
  const names = arg.flag!.short ? `-${arg.flag!.short},${arg.option}` : arg.option;
  if (arg.flag!.type === 'boolean') return `${arg.prop} = Option.Boolean(${q(names)}, false${desc ? `, { ${desc.slice(2)} }` : ''});`;
  return `${arg.prop} = Option.String(${q(names)}${desc ? `, { ${desc.slice(2)} }` : ''});`;
}

function defaultLiteral(arg: Arg): string | undefined {
  const d = arg.flag?.default;
  if (d === undefined) return undefined;
  if (arg.flag!.type === 'duration') return String(parseDurationMs(String(d)));
  if (arg.flag!.type === 'integer') return String(d);
  if (arg.flag!.type === 'bool') return String(d === true || d === 'true');
  return q(String(d));
}

/** The values an enumerated argument accepts, as code. */
function valuesCode(arg: Arg, imports: Imports): string {
  if (arg.valueSet) {
    imports.value(CLI.valueSets, `${arg.valueSet.constName}_VALUES`);
    return `${arg.valueSet.constName}_VALUES`;
  }
  return `[${arg.values!.map(q).join(', ')}] as const`;
}

/** The spec's wording for a bad value, as the parser's `invalid` argument. */
function invalidCode(template: string | undefined): string {
  if (template === undefined) return '';
  const parts = templateParts(template).map((p) => ('text' in p ? escapeTemplate(p.text) : '${text}'));
  return `, (text) => \`${parts.join('')}\``;
}

/** The expression that turns the raw option into the typed Args value. */
function argValue(arg: Arg, imports: Imports): string {
  const f = arg.flag;
  // Required options were checked before this runs.
  const raw = `this.${arg.prop}${f?.required || (arg.kind === 'positional' && arg.required) ? '!' : ''}`;
  if (!f) {
    // A positional: required ones were checked; optional ones stay undefined when absent.
    if (!arg.values) return `this.${arg.prop}${arg.required ? '!' : ''}`;
    imports.value(CLI.values, 'oneOf');
    const check = `oneOf(${q(`<${arg.name}>`)}, this.${arg.prop}!, ${valuesCode(arg, imports)})`;
    return arg.required ? check : `this.${arg.prop} === undefined ? undefined : ${check}`;
  }
  let parsed: string;
  switch (f.type) {
    case 'boolean':
      return `this.${arg.prop}`;
    case 'string':
      if (f.check) {
        parsed = raw;
        break;
      }
      return defaultLiteral(arg) ? `${raw} ?? ${defaultLiteral(arg)}` : raw;
    case 'integer': {
      imports.value(CLI.values, 'integer');
      const range = [f.min !== undefined ? `min: ${f.min}` : '', f.max !== undefined ? `max: ${f.max}` : ''].filter(Boolean);
      const rangeArg = range.length ? `, { ${range.join(', ')} }` : f.invalid !== undefined ? ', {}' : '';
      parsed = `integer(${q(arg.option)}, ${raw}${rangeArg}${invalidCode(f.invalid)})`;
      break;
    }
    case 'int64':
      imports.value(CLI.values, 'int64');
      parsed = `int64(${q(arg.option)}, ${raw}${invalidCode(f.invalid)})`;
      break;
    case 'duration': {
      imports.value(CLI.values, 'duration');
      const negative = f.allow_negative ? `${f.invalid === undefined ? ', undefined' : ''}, { allowNegative: true }` : '';
      parsed = `duration(${q(arg.option)}, ${raw}${invalidCode(f.invalid)}${negative})`;
      break;
    }
    case 'bool':
      imports.value(CLI.values, 'bool');
      parsed = `bool(${q(arg.option)}, ${raw})`;
      break;
    case 'enum':
      imports.value(CLI.values, 'oneOf');
      parsed = `oneOf(${q(arg.option)}, ${raw}, ${valuesCode(arg, imports)})`;
      break;
    case 'json':
      imports.value(CLI.values, 'json');
      parsed = `json(${q(arg.option)}, ${raw}, ${q(f.json ?? 'any')})`;
      break;
  }
  if (f.check) {
    const [domain, fn] = f.check.split('.') as [string, string];
    imports.value(`src/${domain}/checks`, fn);
    parsed = `${fn}(${f.type === 'string' ? raw : parsed})`;
  }
  if (f.required) return parsed;
  return `this.${arg.prop} === undefined ? ${defaultLiteral(arg) ?? 'undefined'} : ${parsed}`;
}

function argChecks(command: Command, imports: Imports): string[] {
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
    // A checked positional says itself what is wrong with "" (state keys: exit 2, "key must not be empty").
    if (arg.kind === 'positional' && command.spec.positionals?.find((p) => p.name === arg.name)?.check) {
      checks.push(`if (this.${arg.prop} === undefined) throw new UsageError(${q(`missing argument ${what}`)});`);
      continue;
    }
    checks.push(
      `if (this.${arg.prop} === undefined || this.${arg.prop} === '') throw new UsageError(${q(arg.kind === 'positional' ? `missing argument ${what}` : `${what} is required`)});`,
    );
  }
  for (const p of command.spec.positionals ?? []) {
    if (!p.check) continue;
    const [domain, fn] = p.check.split('.') as [string, string];
    imports.value(`src/${domain}/checks`, fn);
    const arg = command.positionals.find((a) => a.name === p.name)!;
    checks.push(p.required ? `${fn}(this.${arg.prop}!);` : `if (this.${arg.prop} !== undefined) ${fn}(this.${arg.prop});`);
  }
  const oneOf = command.spec.require_one_of;
  if (oneOf) {
    const args = oneOf.map((n) => command.args.find((a) => a.name === n)!);
    const unset = (a: (typeof args)[number]) =>
      a.kind === 'flag' && a.flag!.type === 'boolean' ? `!this.${a.prop}` : `this.${a.prop} === undefined`;
    const names = args.map((a) => (a.kind === 'positional' ? `<${a.name}>` : a.option));
    // Flags alone: "at least one of --in, --out is required"; with a positional: "provide <run_id> or --all".
    const message = args.some((a) => a.kind === 'positional')
      ? `provide ${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}`
      : `at least one of ${names.join(', ')} is required`;
    checks.push(`if (${args.map(unset).join(' && ')}) throw new UsageError(${q(message)});`);
  }
  if (checks.some((c) => c.includes('UsageError'))) imports.value(CLI.errors, 'UsageError');
  return checks;
}

function argsType(command: Command): string[] {
  return command.args.map((a) => `${a.name}${a.required || defaultLiteral(a) ? '' : '?'}: ${a.tsType};`);
}

// --- data types ---------------------------------------------------------------

/** What the command's handler or operation returns, which its output renders. */
function dataType(ctx: GenContext, command: Command, imports: Imports): string {
  const op = command.spec.operation;
  const rowOf = (table: string) => {
    const row = ctx.tableByName.get(table)!.rowType;
    imports.type('generated/entities', row);
    return row;
  };
  if (op) {
    switch (op.kind) {
      case 'get':
      case 'insert':
        return rowOf(op.table);
      case 'list':
        return op.select ? `Pick<${rowOf(op.table)}, ${op.select.map(q).join(' | ')}>[]` : `${rowOf(op.table)}[]`;
      case 'update':
        return '{ updated: number }';
      case 'delete':
        return '{ deleted: number }';
    }
  }
  const { json, text, data } = command.spec.output;
  if (data) return 'object' in data ? shapeTs(data.object) : `${shapeTs(data.list.object)}[]`;
  if (json === 'none' || json === 'text') return typeof text === 'object' && 'raw' in text ? `{ ${text.raw}?: string }` : 'void';
  if ('raw' in json) return `{ ${json.raw}?: string }`;
  if ('entity' in json) return rowOf(ctx.spec.entities[json.entity]!.table);
  if ('object' in json) return shapeTs(json.object);
  if (typeof json.list === 'string') return `${rowOf(ctx.spec.entities[json.list]!.table)}[]`;
  return `${shapeTs(json.list.object)}[]`;
}

// --- generic operations --------------------------------------------------------

function messageCode(template: string): string {
  return (
    '`' +
    templateParts(template)
      .map((p) => ('text' in p ? escapeTemplate(p.text) : 'field' in p ? `\${args.${p.field}}` : ''))
      .join('') +
    '`'
  );
}

/**
 * A module-level function that runs the command's generic operation through
 * its named queries (codegen/sql/operations.ts): the variant whose optional
 * conditions hold, with each parameter bound to its argument or the time.
 */
function operationFunction(ctx: GenContext, command: Command, imports: Imports): string {
  const compiled = ctx.sql.operations.get(command.path)!;
  const { op } = compiled;
  imports.type(CLI.context, 'DbContext');
  const lines: string[] = [];
  const usesNow = [...compiled.bindings.values()].some((b) => b.kind === 'now' || b.kind === 'now_minus');
  if (usesNow) lines.push('const now = ctx.now();');
  const argOf = (name: string) => command.args.find((a) => a.name === name);
  const call = (variant: (typeof compiled.variants)[number]) => {
    const query = ctx.sql.byName.get(variant.decl.name)!;
    imports.value(queryModule(variant.decl.domain), variant.decl.name);
    const params = query.params.flatMap((p) => {
      const b = compiled.bindings.get(p.name);
      if (!b) return []; // a generated id: drawn by the query function
      switch (b.kind) {
        case 'now':
          return [`${p.name}: now`];
        case 'now_minus':
          return [`${p.name}: now - Math.floor(args.${b.name} / 1000)`];
        case 'arg': {
          const arg = argOf(b.name)!;
          const sure = !arg.required && !p.optional && !defaultLiteral(arg) ? '!' : '';
          return [`${p.name}: args.${b.name}${sure}`];
        }
        case 'literal':
          return [`${p.name}: ${JSON.stringify(b.value)}`];
      }
    });
    return `${variant.decl.name}(ctx.db${params.length ? `, { ${params.join(', ')} }` : ''})`;
  };
  // The variant with the most conditions holding comes first: the first whose conditions all hold is the one.
  const ordered = [...compiled.variants].sort((a, b) => b.holds.length - a.holds.length);
  const holds = (v: (typeof ordered)[number]) =>
    v.holds.map((d) => (d.kind === 'switch' ? `args.${d.arg}` : `args.${d.arg} !== undefined`)).join(' && ');
  const select =
    ordered
      .slice(0, -1)
      .map((v) => `${holds(v)} ? ${call(v)} : `)
      .join('') + call(ordered[ordered.length - 1]!);
  const keyArg = Object.values(op.key ?? {}).map((v) => String(v).replace('$', ''))[0] ?? 'id';
  const notFound = () => {
    imports.value(CLI.errors, 'NotFoundError');
    return messageCode(op.not_found ?? `not found: {{${keyArg}}}`);
  };
  switch (op.kind) {
    case 'get':
      lines.push(`const row = ${select};`);
      lines.push(`if (row === undefined) throw new NotFoundError(${notFound()});`);
      lines.push('return row;');
      break;
    case 'list':
      lines.push(`return ${select};`);
      break;
    case 'update':
      lines.push(`const updated = ${select};`);
      lines.push(`if (updated === 0) throw new NotFoundError(${notFound()});`);
      lines.push('return { updated };');
      break;
    case 'delete':
      lines.push(`return { deleted: ${select} };`);
      break;
    case 'insert': {
      lines.push('try {');
      lines.push(`  return ${select}!;`);
      lines.push('} catch (err) {');
      if (op.missing_parent) {
        imports.value(CLI.errors, 'NotFoundError');
        lines.push(
          `  if ((err as { code?: string }).code === 'SQLITE_CONSTRAINT_FOREIGNKEY') throw new NotFoundError(${messageCode(op.missing_parent)});`,
        );
      }
      lines.push('  throw err;');
      lines.push('}');
      break;
    }
  }
  const argsUsed = lines.some((l) => l.includes('args.'));
  return [
    `/** Generic ${op.kind} on ${op.table}. */`,
    `function ${operationName(command)}(ctx: DbContext, ${argsUsed ? '' : '_'}args: ${command.pascal}Args): ${command.pascal}Data {`,
    ...lines.map((l) => `  ${l}`),
    '}',
  ].join('\n');
}

/** The module-level function that runs a generic operation (its queries carry the command's name). */
const operationName = (_command: Command) => 'operation';

// --- output ---------------------------------------------------------------------

/** Where a template's field comes from: the data (`d`, `row`), or an item of a nested list and then its parent. */
type Scope = (field: string) => string;
const scope =
  (v: string, item?: { name: string; fields: ReadonlySet<string> }): Scope =>
  (field) =>
    item?.fields.has(field) ? `${item.name}.${field}` : `${v}.${field}`;

const escapeTemplate = (text: string) => text.replace(/[`\\]/g, '\\$&').replace(/\$\{/g, '\\${');

function fieldCode(ref: FieldRef, at: Scope, imports: Imports): string {
  if (ref.filter === 'yesno') {
    imports.value(CLI.format, 'yesNo');
    return `yesNo(${at(ref.field)}${ref.arg !== undefined ? `, ${q(ref.arg)}` : ''})`;
  }
  imports.value(CLI.format, 'str');
  const text = `str(${at(ref.field)})`;
  if (ref.filter === 'pad') return `${text}.padEnd(${Number(ref.arg)})`;
  if (ref.filter === 'upper') return `${text}.toUpperCase()`;
  if (ref.filter === 'fixed1') {
    imports.value('src/format/numbers', 'fixed1');
    return `fixed1(Number(${at(ref.field)}))`;
  }
  if (ref.filter === 'fixed') {
    imports.value('src/format/numbers', 'fixedN');
    return `fixedN(Number(${at(ref.field)}), ${Number(ref.arg)})`;
  }
  if (ref.filter === 'datetime' || ref.filter === 'clock') {
    const fn = ref.filter === 'datetime' ? 'localDateTime' : 'localClock';
    imports.value('src/format/time', fn);
    return `${fn}(Number(${at(ref.field)}))`;
  }
  return text;
}

function partsCode(parts: readonly ({ text: string } | FieldRef)[], at: Scope, imports: Imports): string {
  return parts.map((p) => ('text' in p ? escapeTemplate(p.text) : `\${${fieldCode(p, at, imports)}}`)).join('');
}

function templateCode(template: string, at: Scope, imports: Imports): string {
  const parts = templateParts(template);
  if (parts.length === 1 && 'field' in parts[0]!) return fieldCode(parts[0], at, imports);
  if (parts.every((p) => 'text' in p)) return q(template);
  const code = parts.map((p) => {
    if (!('optional' in p)) return partsCode([p], at, imports);
    // [[...]]: only when every field inside is set.
    imports.value(CLI.format, 'present');
    const fields = p.optional.filter((x): x is FieldRef => 'field' in x).map((x) => `present(${at(x.field)})`);
    return `\${${fields.join(' && ')} ? \`${partsCode(p.optional, at, imports)}\` : ''}`;
  });
  return '`' + code.join('') + '`';
}

/**
 * A condition on the output data as code. `flags` are fields stored as 0/1
 * (boolean columns of a row), which are set when 1; every other field is set
 * when not null, undefined, false or "".
 */
function conditionCode(c: Conditions, at: Scope, imports: Imports, flags: ReadonlySet<string> = new Set()): string | undefined {
  const parts: string[] = [];
  const any = (names: string[], fn: string) => {
    const tests = names.map((n) => {
      if (fn === 'present' && flags.has(n)) return `${at(n)} === 1`;
      imports.value(CLI.format, fn);
      return `${fn}(${at(n)})`;
    });
    return tests.length === 1 ? tests[0]! : `(${tests.join(' || ')})`;
  };
  if (c.when) parts.push(any(whenFields(c.when), 'present'));
  const not = (test: string) => (/^[\w.]+\([\w.]*\)$|^\(.*\)$/.test(test) ? `!${test}` : `!(${test})`);
  if (c.unless) parts.push(not(any(whenFields(c.unless), 'present')));
  if (c.nonzero) parts.push(any(whenFields(c.nonzero), 'nonzero'));
  if (c.zero) parts.push(not(any(whenFields(c.zero), 'nonzero')));
  for (const [field, value] of Object.entries(c.equals ?? {})) {
    const values = Array.isArray(value) ? value : [value];
    parts.push(values.length === 1 ? `${at(field)} === ${q(values[0]!)}` : `[${values.map(q).join(', ')}].includes(${at(field)})`);
  }
  for (const more of c.and ?? []) {
    const code = conditionCode(more, at, imports, flags);
    if (code) parts.push(code);
  }
  return parts.length ? parts.join(' && ') : undefined;
}

function isListData(shape: DataShape): boolean {
  return typeof shape === 'object' && 'list' in shape;
}

/** The object shape of one item of the data, when one is declared. */
function itemShape(shape: DataShape): ObjectShape | undefined {
  if (typeof shape !== 'object') return undefined;
  if ('object' in shape) return shape.object;
  if ('list' in shape && typeof shape.list === 'object') return shape.list.object;
  return undefined;
}

/** A text case's condition; a verbose line is printed only under --verbose (`g`, the global flags). */
function caseCondition(c: Conditions & { verbose?: true }, at: Scope, imports: Imports, flags: ReadonlySet<string>): string | undefined {
  const parts = [...(c.verbose ? ['g.verbose'] : []), conditionCode(c, at, imports, flags)].filter((p) => p !== undefined);
  return parts.length ? parts.join(' && ') : undefined;
}

function textCode(text: TextOutput, json: DataShape, imports: Imports, flags: ReadonlySet<string>): string {
  if (text === 'none' || 'stream' in text) return "() => ''";
  const d = scope('d');
  if ('raw' in text) return `(d) => ${fieldCode({ field: text.raw }, d, imports)}`;
  if ('line' in text) return `(d) => ${templateCode(text.line, d, imports)}`;
  if ('cases' in text) {
    // Over a list, the cases are applied to each item in turn.
    const list = isListData(json);
    const v = list ? 'row' : 'd';
    const shape = itemShape(json);
    const lines = text.cases.map((c) => {
      if (c.each) {
        const items = listAt(shape ?? {}, c.each)!;
        const at = scope(v, { name: 'item', fields: new Set(Object.keys(items)) });
        const cond = caseCondition(c, at, imports, flags);
        const push = `lines.push(${templateCode(c.line, at, imports)});`;
        return `for (const item of ${v}.${c.each.split('.').join('?.')} ?? []) ${cond ? `if (${cond}) ` : ''}${push}`;
      }
      const cond = caseCondition(c, scope(v), imports, flags);
      const push = `lines.push(${templateCode(c.line, scope(v), imports)});`;
      return cond ? `if (${cond}) ${push}` : push;
    });
    const body = list ? ['for (const row of d) {', ...lines, '}'] : lines;
    const params = text.cases.some((c) => c.verbose) ? '(d, g)' : '(d)';
    return [`${params} => {`, 'const lines: string[] = [];', ...body, "return lines.join('\\n');", '}'].join('\n');
  }
  if ('rows' in text) {
    const cells = text.rows.map((r) => templateCode(r.includes('{{') ? r : `{{${r}}}`, scope('row'), imports));
    const rows = isListData(json) ? 'd' : '[d]';
    const mapped = `${rows}.map((row) => [${cells.join(', ')}].join('\\t'))`;
    return text.header === undefined ? `(d) => ${mapped}.join('\\n')` : `(d) => [${q(text.header)}, ...${mapped}].join('\\n')`;
  }
  imports.value(CLI.format, 'blockLine');
  const lines = text.block.rows.map((r) => {
    const cond = conditionCode(r, d, imports, flags);
    const push = `lines.push(blockLine(${q(r.label)}, ${text.block.width}, ${templateCode(r.value, d, imports)}));`;
    return cond ? `if (${cond}) ${push}` : push;
  });
  return ['(d) => {', 'const lines: string[] = [];', ...lines, "return lines.join('\\n');", '}'].join('\n');
}

function jsonCode(json: JsonOutput, imports: Imports): string | undefined {
  if (json === 'none') return undefined;
  if (json === 'text') return "'text'";
  if ('raw' in json) return `(d) => ${fieldCode({ field: json.raw }, scope('d'), imports)}`;
  const keys = (shape: ObjectShape) => `[${Object.keys(shape).sort().map(q).join(', ')}]`;
  if ('object' in json) {
    imports.value(CLI.output, 'jsonObject');
    return `jsonObject(${keys(json.object)})`;
  }
  if ('entity' in json) {
    imports.value(CLI.output, 'entityObject').value(CLI.views, viewConst(json.entity));
    return `entityObject(${viewConst(json.entity)})`;
  }
  if (typeof json.list === 'string') {
    imports.value(CLI.output, 'entityList').value(CLI.views, viewConst(json.list));
    return `entityList(${viewConst(json.list)})`;
  }
  imports.value(CLI.output, 'jsonList');
  return `jsonList(${keys(json.list.object)})`;
}

/** The boolean columns of the rows a command's data is made of (stored as 0/1). */
function flagColumns(ctx: GenContext, command: Command): ReadonlySet<string> {
  const json = dataShape(command.spec);
  const entity =
    typeof json === 'object'
      ? 'entity' in json
        ? json.entity
        : 'list' in json && typeof json.list === 'string'
          ? json.list
          : undefined
      : undefined;
  const table = entity ? ctx.tableByName.get(ctx.spec.entities[entity]!.table) : undefined;
  return new Set(table?.columns.filter((c) => c.spec.type === 'boolean').map((c) => c.name) ?? []);
}

function outputCode(ctx: GenContext, command: Command, imports: Imports): string {
  imports.type(CLI.output, 'Output');
  const { text, json } = command.spec.output;
  const flags = flagColumns(ctx, command);
  const parts: string[] = [];
  // Only exit 1 can follow from the data (the spec's checker makes sure).
  const exit = command.dataExits[0];
  if (exit) {
    imports.value(CLI.valueSets, 'Exit');
    parts.push(`exit: (d) => (${conditionCode(exit.conditions, scope('d'), imports, flags)} ? Exit.Negative : Exit.Ok),`);
  }
  if (exit?.verboseMessage !== undefined) {
    const message = templateCode(exit.verboseMessage, scope('d'), imports);
    const usesData = templateParts(exit.verboseMessage).some((p) => !('text' in p));
    parts.push(`verbose: (${usesData ? 'd' : ''}) => ${message},`);
  }
  parts.push(`text: ${textCode(text, dataShape(command.spec), imports, flags)},`);
  const jsonFn = jsonCode(json, imports);
  if (jsonFn) parts.push(`json: ${jsonFn},`);
  const tty = command.spec.output.tty;
  if (tty) {
    const [domain, fn] = tty.split('.') as [string, string];
    imports.value(`src/${domain}/tty`, fn);
    parts.push(`tty: ${fn},`);
  }
  return [`const OUTPUT: Output<${command.pascal}Data> = {`, ...parts, '};'].join('\n');
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
          .map(([c, m]) => `${c} ${typeof m === 'string' ? m : m.meaning}`)
          .join('; ') +
        '.',
    );
  const globals = ctx.spec.global_flags
    .filter((g) => !command.shadows.includes(g.name) && !command.ignoredGlobals.includes(g.name))
    .map((g) => (g.type === 'boolean' ? `--${g.name}` : `--${g.name}=<${g.value_name ?? g.type}>`));
  parts.push(`Global flags: ${globals.join(' ')}.`);
  return parts.join('\n\n');
}

export function commandSource(ctx: GenContext, command: Command): string {
  const spec = command.spec;
  const imports = new Imports(command.file).value('generated/commands/base', 'IcCommand');
  if (command.args.length) imports.value('clipanion', 'Option');
  imports.type(CLI.types, `${command.pascal}Args`, `${command.pascal}Data`);

  const checks = argChecks(command, imports);
  const values = command.args.map((a) => `${a.name}: ${argValue(a, imports)},`);
  let call: string;
  let opFunction = '';
  if (spec.handler) {
    const [domain, fn] = spec.handler.split('.') as [string, string];
    imports.value(`src/${domain}/handlers`, fn);
    const text = spec.output.text;
    if (typeof text === 'object' && 'stream' in text) {
      // A streaming command writes its records itself, as soon as it has them.
      imports.value(CLI.output, 'recordStream').value('generated/records', recordWriter(text.stream));
      call = `${fn}(ctx, this.parseArgs(), recordStream(this.context.stdout, ${recordWriter(text.stream)}))`;
    } else {
      call = `${fn}(ctx, this.parseArgs())`;
    }
  } else {
    opFunction = operationFunction(ctx, command, imports);
    call = `${operationName(command)}(ctx, this.parseArgs())`;
  }
  if (spec.notify) imports.value('src/events/notify', 'notifyCommitted');
  const info = [
    `path: ${q(command.path)}`,
    `db: ${q(command.db)}`,
    ...(spec.notify ? ['notify: notifyCommitted'] : []),
    ...(spec.progress ? ['progress: true'] : []),
  ].join(', ');
  const output = outputCode(ctx, command, imports);

  const cls = [
    `/** ${spec.summary}. */`,
    `export class ${command.className} extends IcCommand {`,
    `static override paths = [[${command.words.map(q).join(', ')}]];`,
    'static override usage = IcCommand.Usage({',
    `description: ${q(spec.summary)},`,
    `details: ${JSON.stringify(usageDetails(ctx, command))},`,
    `examples: [${(spec.examples ?? []).map(([d, e]) => `[${q(d)}, ${q(e)}]`).join(', ')}],`,
    '});',
    '',
    ...command.args.map(optionDecl),
    '',
    'override execute(): Promise<number> {',
    `return this.run({ ${info} }, (ctx) => ${call}, OUTPUT);`,
    '}',
    '',
    '/** The typed arguments: required ones present, values parsed, defaults applied. */',
    `private parseArgs(): ${command.pascal}Args {`,
    ...checks,
    values.length ? `return {\n${values.join('\n')}\n};` : 'return {};',
    '}',
    '}',
  ].join('\n');
  return [header('ts'), imports.render(), '', cls, '', ...(opFunction ? [opFunction, ''] : []), output, ''].join('\n');
}

export function generateCommands(ctx: GenContext): GeneratedFile[] {
  const files: GeneratedFile[] = ctx.commands.map((command) => ({ path: command.file, content: commandSource(ctx, command) }));
  const imports = new Imports('generated/types.ts');
  const types = ctx.commands.map((command) => {
    for (const a of command.args) {
      if (a.valueSet) imports.type(CLI.valueSets, a.valueSet.typeName);
      if (a.flag?.check) imports.type(`src/${a.flag.check.split('.')[0]}/checks`, a.flag.check.split('.')[1]!);
    }
    return [
      `// ${command.path}`,
      `export interface ${command.pascal}Args {`,
      ...argsType(command).map((l) => `  ${l}`),
      '}',
      `export type ${command.pascal}Data = ${dataType(ctx, command, imports)};`,
    ].join('\n');
  });
  files.push({
    path: 'generated/types.ts',
    content: [
      header('ts'),
      "// The typed arguments each command's handler or operation receives (flags",
      '// parsed, defaults applied; durations in milliseconds) and the data its',
      '// output renders.',
      imports.render(),
      '',
      types.join('\n\n'),
      '',
    ].join('\n'),
  });
  return files;
}
