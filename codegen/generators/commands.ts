// generated/commands/<path>.ts: one clipanion class per command, and
// generated/types.ts: the Args and Data type of every command. A class
// declares its options, turns them into typed Args (required-ness, types and
// ranges from the spec), runs its handler or its generic operation (through
// the operation's named queries), and describes its output (text, JSON, the
// exit code the data decides) for the runtime in src/cli/run-command.ts.
// Printed with print.ts: every value of the spec enters the code through
// lit, name or templateOf.
import { parseDurationMs } from '../../src/cli/values';
import type { Arg, Command, GenContext } from '../context';
import type { GeneratedFile } from '../file';
import { header } from '../header';
import { Imports } from '../imports';
import { type Code, doc, join, lit, name, raw, templateOf, ts } from '../print';
import { type DataShape, dataShape, field, listAt, shapeTs } from '../shapes';
import { templateParts, whenFields, type Conditions, type FieldRef } from '../spec/expressions';
import type { CommandSpec, JsonOutput, ObjectShape, TextOutput } from '../spec/metaschema';
import { viewConst } from './entities';
import { queryModule } from './queries';
import { recordWriter } from './records';

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

/** `this.<prop>`: an option's raw value on the class. */
const opt = (arg: Arg): Code => ts`this.${name(arg.prop)}`;

// --- arguments --------------------------------------------------------------

function optionDecl(arg: Arg): Code {
  const description = ts`{ description: ${lit(arg.description)} }`;
  if (arg.kind === 'positional') {
    return ts`${name(arg.prop)} = Option.String(${lit({ name: arg.name, ...(!arg.required && { required: false }) })});`;
  }
  const names = lit(arg.flag!.short ? `-${arg.flag!.short},${arg.option}` : arg.option);
  if (arg.flag!.type === 'boolean') return ts`${name(arg.prop)} = Option.Boolean(${names}, false, ${description});`;
  return ts`${name(arg.prop)} = Option.String(${names}, ${description});`;
}

/** The default of a flag, as the parsed value's literal; undefined when it has none. */
function defaultLiteral(arg: Arg): Code | undefined {
  const d = arg.flag?.default;
  if (d === undefined) return undefined;
  switch (arg.flag!.type) {
    case 'duration':
      return lit(parseDurationMs(String(d)));
    case 'integer':
    case 'int64':
      return lit(Number(d));
    case 'bool':
      return lit(d === true || d === 'true');
    default:
      return lit(String(d));
  }
}

/** The values an enumerated argument accepts, as code. */
function valuesCode(arg: Arg, imports: Imports): Code {
  if (arg.valueSet) {
    imports.value(CLI.valueSets, `${arg.valueSet.constName}_VALUES`);
    return name(`${arg.valueSet.constName}_VALUES`);
  }
  return ts`${lit(arg.values!)} as const`;
}

/** The spec's wording for a bad value, as the parser's `invalid` argument. */
function invalidCode(template: string | undefined): Code | undefined {
  if (template === undefined) return undefined;
  const parts = templateParts(template).map((p) => ('text' in p ? p.text : ts`text`));
  return ts`(text) => ${templateOf(parts)}`;
}

/** The expression that turns the raw option into the typed Args value. */
function argValue(arg: Arg, imports: Imports): Code {
  const f = arg.flag;
  // Required options were checked before this runs.
  const given = ts`${opt(arg)}${(f?.required || (arg.kind === 'positional' && arg.required)) && ts`!`}`;
  if (!f) {
    // A positional: required ones were checked; optional ones stay undefined when absent.
    if (!arg.values) return ts`${opt(arg)}${arg.required && ts`!`}`;
    imports.value(CLI.values, 'oneOf');
    const check = ts`oneOf(${lit(`<${arg.name}>`)}, ${opt(arg)}!, ${valuesCode(arg, imports)})`;
    return arg.required ? check : ts`${opt(arg)} === undefined ? undefined : ${check}`;
  }
  const option = lit(arg.option);
  const invalid = invalidCode(f.invalid);
  let parsed: Code;
  switch (f.type) {
    case 'boolean':
      return opt(arg);
    case 'string': {
      if (f.check) {
        parsed = given;
        break;
      }
      const d = defaultLiteral(arg);
      return d ? ts`${given} ?? ${d}` : given;
    }
    case 'integer': {
      imports.value(CLI.values, 'integer');
      const range = { ...(f.min !== undefined && { min: f.min }), ...(f.max !== undefined && { max: f.max }) };
      const rangeArg = Object.keys(range).length || invalid ? ts`, ${lit(range)}` : undefined;
      parsed = ts`integer(${option}, ${given}${rangeArg}${invalid && ts`, ${invalid}`})`;
      break;
    }
    case 'int64':
      imports.value(CLI.values, 'int64');
      parsed = ts`int64(${option}, ${given}${invalid && ts`, ${invalid}`})`;
      break;
    case 'duration': {
      imports.value(CLI.values, 'duration');
      const negative = f.allow_negative && ts`${!invalid && ts`, undefined`}, { allowNegative: true }`;
      parsed = ts`duration(${option}, ${given}${invalid && ts`, ${invalid}`}${negative})`;
      break;
    }
    case 'bool':
      imports.value(CLI.values, 'bool');
      parsed = ts`bool(${option}, ${given})`;
      break;
    case 'enum':
      imports.value(CLI.values, 'oneOf');
      parsed = ts`oneOf(${option}, ${given}, ${valuesCode(arg, imports)})`;
      break;
    case 'json':
      imports.value(CLI.values, 'json');
      parsed = ts`json(${option}, ${given}, ${lit(f.json ?? 'any')})`;
      break;
  }
  if (f.check) {
    const [domain, fn] = f.check.split('.') as [string, string];
    imports.value(`src/${domain}/checks`, fn);
    parsed = ts`${name(fn)}(${f.type === 'string' ? given : parsed})`;
  }
  if (f.required) return parsed;
  return ts`${opt(arg)} === undefined ? ${defaultLiteral(arg) ?? raw('undefined')} : ${parsed}`;
}

function argChecks(command: Command, imports: Imports): Code[] {
  const checks: Code[] = [];
  const usage = (message: string) => {
    imports.value(CLI.errors, 'UsageError');
    return ts`throw new UsageError(${lit(message)});`;
  };
  for (const arg of command.args) {
    const mustHave = arg.kind === 'positional' ? arg.required : !!arg.flag!.required;
    if (!mustHave) {
      // An optional argument given as "" (an unset shell variable) is a mistake, not an omission.
      if (arg.kind === 'positional') checks.push(ts`if (${opt(arg)} === '') ${usage(`empty argument <${arg.name}>`)}`);
      continue;
    }
    const what = arg.kind === 'positional' ? `<${arg.name}>` : arg.option;
    // A checked positional says itself what is wrong with "" (state keys: exit 2, "key must not be empty").
    if (arg.kind === 'positional' && command.spec.positionals?.find((p) => p.name === arg.name)?.check) {
      checks.push(ts`if (${opt(arg)} === undefined) ${usage(`missing argument ${what}`)}`);
      continue;
    }
    checks.push(
      ts`if (${opt(arg)} === undefined || ${opt(arg)} === '') ${usage(arg.kind === 'positional' ? `missing argument ${what}` : `${what} is required`)}`,
    );
  }
  for (const p of command.spec.positionals ?? []) {
    if (!p.check) continue;
    const [domain, fn] = p.check.split('.') as [string, string];
    imports.value(`src/${domain}/checks`, fn);
    const arg = command.positionals.find((a) => a.name === p.name)!;
    checks.push(p.required ? ts`${name(fn)}(${opt(arg)}!);` : ts`if (${opt(arg)} !== undefined) ${name(fn)}(${opt(arg)});`);
  }
  const oneOf = command.spec.require_one_of;
  if (oneOf) {
    const args = oneOf.map((n) => command.args.find((a) => a.name === n)!);
    const unset = (a: Arg) => (a.kind === 'flag' && a.flag!.type === 'boolean' ? ts`!${opt(a)}` : ts`${opt(a)} === undefined`);
    const names = args.map((a) => (a.kind === 'positional' ? `<${a.name}>` : a.option));
    // Flags alone: "at least one of --in, --out is required"; with a positional: "provide <run_id> or --all".
    const message = args.some((a) => a.kind === 'positional')
      ? `provide ${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}`
      : `at least one of ${names.join(', ')} is required`;
    checks.push(ts`if (${join(args.map(unset), ' && ')}) ${usage(message)}`);
  }
  return checks;
}

/** The Args interface's fields. */
function argsType(command: Command): Code[] {
  return command.args.map((a) => ts`${name(a.name)}${!(a.required || defaultLiteral(a)) && ts`?`}: ${raw(a.tsType)};`);
}

// --- data types ---------------------------------------------------------------

/** What the command's handler or operation returns, which its output renders. */
function dataType(ctx: GenContext, command: Command, imports: Imports): Code {
  const op = command.spec.operation;
  const rowOf = (table: string) => {
    const row = ctx.tableByName.get(table)!.rowType;
    imports.type('generated/entities', row);
    return name(row);
  };
  if (op) {
    switch (op.kind) {
      case 'get':
      case 'insert':
        return rowOf(op.table);
      case 'list':
        return op.select ? ts`Pick<${rowOf(op.table)}, ${join(op.select.map(lit), ' | ')}>[]` : ts`${rowOf(op.table)}[]`;
      case 'update':
        return ts`{ updated: number }`;
      case 'delete':
        return ts`{ deleted: number }`;
    }
  }
  const { json, text, data } = command.spec.output;
  // shapeTs prints a type from the spec's shape (keys are checked names, types a closed set).
  if (data) return 'object' in data ? raw(shapeTs(data.object)) : raw(`${shapeTs(data.list.object)}[]`);
  if (json === 'none' || json === 'text') return typeof text === 'object' && 'raw' in text ? ts`{ ${name(text.raw)}?: string }` : ts`void`;
  if ('raw' in json) return ts`{ ${name(json.raw)}?: string }`;
  if ('field' in json) return ts`void`; // the checker requires output.data
  if ('entity' in json) return rowOf(ctx.spec.entities[json.entity]!.table);
  if ('object' in json) return json.or_null ? ts`${raw(shapeTs(json.object))} | null` : raw(shapeTs(json.object));
  if (typeof json.list === 'string') return ts`${rowOf(ctx.spec.entities[json.list]!.table)}[]`;
  return raw(`${shapeTs(json.list.object)}[]`);
}

// --- generic operations --------------------------------------------------------

/** A message template of the spec over the command's arguments, as a template literal. */
function messageCode(template: string): Code {
  return templateOf(templateParts(template).map((p) => ('text' in p ? p.text : 'field' in p ? ts`args.${name(p.field)}` : '')));
}

/**
 * The module-level function that runs the command's generic operation
 * through its named queries (codegen/sql/operations.ts): the variant whose
 * optional conditions hold, with each parameter bound to its argument or the
 * time.
 */
function operationFunction(ctx: GenContext, command: Command, imports: Imports): Code {
  const compiled = ctx.sql.operations.get(command.path)!;
  const { op } = compiled;
  imports.type(CLI.context, 'DbContext');
  const usesNow = [...compiled.bindings.values()].some((b) => b.kind === 'now' || b.kind === 'now_minus');
  let usesArgs = false;
  const args = (arg: string) => {
    usesArgs = true;
    return ts`args.${name(arg)}`;
  };
  const call = (variant: (typeof compiled.variants)[number]) => {
    const query = ctx.sql.byName.get(variant.decl.name)!;
    imports.value(queryModule(variant.decl.domain), variant.decl.name);
    const params = query.params.flatMap((p) => {
      const b = compiled.bindings.get(p.name);
      if (!b) return []; // a generated id: drawn by the query function
      switch (b.kind) {
        case 'now':
          return [ts`${name(p.name)}: now`];
        case 'now_minus':
          return [ts`${name(p.name)}: now - Math.floor(${args(b.name)} / 1000)`];
        case 'arg': {
          const arg = command.args.find((a) => a.name === b.name)!;
          const sure = !arg.required && !p.optional && !defaultLiteral(arg);
          return [ts`${name(p.name)}: ${args(b.name)}${sure && ts`!`}`];
        }
        case 'literal':
          return [ts`${name(p.name)}: ${lit(b.value)}`];
      }
    });
    return ts`${name(variant.decl.name)}(ctx.db${params.length > 0 && ts`, { ${join(params, ', ')} }`})`;
  };
  // The variant with the most conditions holding comes first: the first whose conditions all hold is the one.
  const ordered = [...compiled.variants].sort((a, b) => b.holds.length - a.holds.length);
  const holds = (v: (typeof ordered)[number]) =>
    join(
      v.holds.map((d) => (d.kind === 'switch' ? args(d.arg) : ts`${args(d.arg)} !== undefined`)),
      ' && ',
    );
  const select = ts`${ordered.slice(0, -1).map((v) => ts`${holds(v)} ? ${call(v)} : `)}${call(ordered[ordered.length - 1]!)}`;
  const keyArg = Object.values(op.key ?? {}).map((v) => String(v).replace('$', ''))[0] ?? 'id';
  const notFound = () => {
    imports.value(CLI.errors, 'NotFoundError');
    return ts`throw new NotFoundError(${messageCode(op.not_found ?? `not found: {{${keyArg}}}`)});`;
  };
  let body: Code;
  switch (op.kind) {
    case 'get':
      body = ts`const row = ${select};
if (row === undefined) ${notFound()}
return row;`;
      break;
    case 'list':
      body = ts`return ${select};`;
      break;
    case 'update':
      body = ts`const updated = ${select};
if (updated === 0) ${notFound()}
return { updated };`;
      break;
    case 'delete':
      body = ts`return { deleted: ${select} };`;
      break;
    case 'insert': {
      let missing: Code | undefined;
      if (op.missing_parent) {
        imports.value(CLI.errors, 'NotFoundError');
        missing = ts`if ((err as { code?: string }).code === 'SQLITE_CONSTRAINT_FOREIGNKEY') throw new NotFoundError(${messageCode(op.missing_parent)});`;
      }
      body = ts`try {
  return ${select}!;
} catch (err) {
  ${missing}
  throw err;
}`;
      break;
    }
  }
  // Printed after the body, which says whether it reads the arguments.
  return ts`${doc(`Generic ${op.kind} on ${op.table}.`)}
function operation(ctx: DbContext, ${!usesArgs && ts`_`}args: ${name(`${command.pascal}Args`)}): ${name(`${command.pascal}Data`)} {
  ${usesNow && ts`const now = ctx.now();`}
  ${body}
}`;
}

// --- output ---------------------------------------------------------------------

/** Where a template's field comes from: the data (`d`, `row`), or an item of a nested list and then its parent. */
type Scope = (field: string) => Code;
const scope =
  (v: string, item?: { name: string; fields: ReadonlySet<string> }): Scope =>
  (field) =>
    item?.fields.has(field) ? ts`${name(item.name)}.${name(field)}` : ts`${dataVar(v)}.${name(field)}`;

/** The data variable, `d?` when the data may be null (then `d?.field`). */
const dataVar = (v: string): Code => (v.endsWith('?') ? ts`${name(v.slice(0, -1))}?` : name(v));

function fieldCode(ref: FieldRef, at: Scope, imports: Imports): Code {
  if (ref.filter === 'yesno') {
    imports.value(CLI.format, 'yesNo');
    return ts`yesNo(${at(ref.field)}${ref.arg !== undefined && ts`, ${lit(ref.arg)}`})`;
  }
  if (ref.filter === 'fixed1') {
    imports.value('src/format/numbers', 'fixed1');
    const code = ts`fixed1(Number(${at(ref.field)}))`;
    return ref.arg ? ts`${code}.padStart(${lit(Number(ref.arg))})` : code;
  }
  if (ref.filter === 'fixed') {
    imports.value('src/format/numbers', 'fixedN');
    return ts`fixedN(Number(${at(ref.field)}), ${lit(Number(ref.arg))})`;
  }
  if (ref.filter === 'datetime') {
    imports.value('src/format/time', 'localDateTime');
    return ts`localDateTime(Number(${at(ref.field)})${ref.arg === 'minutes' && ts`, 'minutes'`})`;
  }
  if (ref.filter === 'rfc3339' || ref.filter === 'age' || ref.filter === 'clock') {
    const fn = { rfc3339: 'rfc3339Local', age: 'ageOf', clock: 'localClock' }[ref.filter];
    imports.value('src/format/time', fn);
    return ts`${name(fn)}(Number(${at(ref.field)}))`;
  }
  if (ref.filter === 'either') {
    imports.value(CLI.format, 'present');
    const [set, unset] = ref.arg!.split('/') as [string, string];
    return ts`(present(${at(ref.field)}) ? ${lit(set)} : ${lit(unset)})`;
  }
  if (ref.filter === 'join') {
    imports.value(CLI.format, 'joined');
    return ts`joined(${at(ref.field)}, ${lit(ref.arg ?? ', ')})`;
  }
  imports.value(CLI.format, 'str');
  const text = ts`str(${at(ref.field)})`;
  if (ref.filter === 'pad') return ts`${text}.padEnd(${lit(Number(ref.arg))})`;
  if (ref.filter === 'lpad') return ts`${text}.padStart(${lit(Number(ref.arg))})`;
  if (ref.filter === 'upper') return ts`${text}.toUpperCase()`;
  return text;
}

/** A template of the spec (`{{field}}`, filters, `[[optional part]]`) as an expression over the data. */
function templateCode(template: string, at: Scope, imports: Imports): Code {
  const parts = templateParts(template);
  if (parts.length === 1 && 'field' in parts[0]!) return fieldCode(parts[0], at, imports);
  if (parts.every((p) => 'text' in p)) return lit(template);
  const pieces = (list: readonly ({ text: string } | FieldRef)[]) => list.map((p) => ('text' in p ? p.text : fieldCode(p, at, imports)));
  return templateOf(
    parts.flatMap((p) => {
      if (!('optional' in p)) return pieces([p]);
      // [[...]]: only when every field inside is set.
      imports.value(CLI.format, 'present');
      const fields = p.optional.filter((x): x is FieldRef => 'field' in x).map((x) => ts`present(${at(x.field)})`);
      return [ts`${join(fields, ' && ')} ? ${templateOf(pieces(p.optional))} : ''`];
    }),
  );
}

/**
 * A condition on the output data as code. `flags` are fields stored as 0/1
 * (boolean columns of a row), which are set when 1; every other field is set
 * when not null, undefined, false or "".
 */
function conditionCode(c: Conditions, at: Scope, imports: Imports, flags: ReadonlySet<string> = new Set()): Code | undefined {
  const parts: Code[] = [];
  const any = (names: string[], fn: 'present' | 'nonzero') => {
    const tests = names.map((n) => {
      if (fn === 'present' && flags.has(n)) return ts`${at(n)} === 1`;
      imports.value(CLI.format, fn);
      return ts`${name(fn)}(${at(n)})`;
    });
    return {
      code: tests.length === 1 ? tests[0]! : ts`(${join(tests, ' || ')})`,
      simple: tests.length > 1 || /^[\w.]+\([\w.]*\)$/.test(tests[0]!.text),
    };
  };
  const not = (test: { code: Code; simple: boolean }) => (test.simple ? ts`!${test.code}` : ts`!(${test.code})`);
  if (c.when) parts.push(any(whenFields(c.when), 'present').code);
  if (c.unless) parts.push(not(any(whenFields(c.unless), 'present')));
  if (c.nonzero) parts.push(any(whenFields(c.nonzero), 'nonzero').code);
  if (c.zero) parts.push(not(any(whenFields(c.zero), 'nonzero')));
  for (const [field, value] of Object.entries(c.equals ?? {})) {
    const values = Array.isArray(value) ? value : [value];
    parts.push(values.length === 1 ? ts`${at(field)} === ${lit(values[0])}` : ts`${lit(values)}.includes(${at(field)})`);
  }
  for (const more of c.and ?? []) {
    const code = conditionCode(more, at, imports, flags);
    if (code) parts.push(code);
  }
  return parts.length ? join(parts, ' && ') : undefined;
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
function caseCondition(c: Conditions & { verbose?: true }, at: Scope, imports: Imports, flags: ReadonlySet<string>): Code | undefined {
  const parts = [c.verbose ? ts`g.verbose` : undefined, conditionCode(c, at, imports, flags)].filter((p): p is Code => p !== undefined);
  return parts.length ? join(parts, ' && ') : undefined;
}

function textCode(text: TextOutput, json: DataShape, imports: Imports, flags: ReadonlySet<string>, jsonOut: JsonOutput): Code {
  if (text === 'json') return ts`json`; // replaced by the JSON function in outputCode
  if (text === 'none' || 'stream' in text) return ts`() => ''`;
  if ('render' in text) {
    // A renderer of src/<domain>/text.ts prints what a template cannot.
    const [domain, fn] = text.render.split('.') as [string, string];
    imports.value(`src/${domain}/text`, fn);
    return name(fn);
  }
  const d = scope(nullableData(jsonOut) ? 'd?' : 'd');
  if ('raw' in text) return ts`(d) => ${fieldCode({ field: text.raw }, d, imports)}`;
  if ('line' in text) return ts`(d) => ${templateCode(text.line, d, imports)}`;
  if ('cases' in text) {
    // Over a list, the cases are applied to each item in turn.
    const list = isListData(json);
    const v = list ? 'row' : nullableData(jsonOut) ? 'd?' : 'd';
    const shape = itemShape(json);
    const lines = text.cases.map((c) => {
      if (c.each) {
        const items = listAt(shape ?? {}, c.each)!;
        const at = scope(v, { name: 'item', fields: new Set(Object.keys(items)) });
        const cond = caseCondition(c, at, imports, flags);
        const path = join(
          c.each.split('.').map((p) => name(p)),
          '?.',
        );
        return ts`for (const item of ${dataVar(v)}.${path} ?? []) ${cond && ts`if (${cond}) `}lines.push(${templateCode(c.line, at, imports)});`;
      }
      const cond = caseCondition(c, scope(v), imports, flags);
      const push = ts`lines.push(${templateCode(c.line, scope(v), imports)});`;
      return cond ? ts`if (${cond}) ${push}` : push;
    });
    const body = list ? ts`for (const row of d) {\n${lines}\n}` : join(lines);
    return ts`(${text.cases.some((c) => c.verbose) ? ts`d, g` : ts`d`}) => {
  const lines: string[] = [];
  ${body}
  return lines.join('\\n');
}`;
  }
  if ('rows' in text) {
    const cells = text.rows.map((r) => templateCode(r.includes('{{') ? r : `{{${r}}}`, scope('row'), imports));
    const mapped = ts`${isListData(json) ? ts`d` : ts`[d]`}.map((row) => [${join(cells, ', ')}].join('\\t'))`;
    return text.header === undefined ? ts`(d) => ${mapped}.join('\\n')` : ts`(d) => [${lit(text.header)}, ...${mapped}].join('\\n')`;
  }
  imports.value(CLI.format, 'blockLine');
  const lines = text.block.rows.map((r) => {
    const cond = conditionCode(r, d, imports, flags);
    const push = ts`lines.push(blockLine(${lit(r.label)}, ${lit(r.width ?? text.block.width)}, ${templateCode(r.value, d, imports)}));`;
    return cond ? ts`if (${cond}) ${push}` : push;
  });
  return ts`(d) => {
  const lines: string[] = [];
  ${lines}
  return lines.join('\\n');
}`;
}

function jsonCode(json: JsonOutput, data: CommandSpec['output']['data'], imports: Imports): Code | undefined {
  if (json === 'none') return undefined;
  if (json === 'text') return ts`'text'`;
  if ('raw' in json) return ts`(d) => ${fieldCode({ field: json.raw }, scope('d'), imports)}`;
  // The declared keys, nested ones too (src/cli/output.ts KeyTree): top-level keys alphabetical, as
  // Go prints a map, or as written (`keys: declared`), as Go prints a struct; nested ones as written.
  type KeyTree = { [key: string]: 1 | KeyTree };
  const tree = (shape: ObjectShape, sort: boolean): KeyTree =>
    Object.fromEntries(
      (sort ? Object.keys(shape).sort() : Object.keys(shape)).map((k) => {
        const f = field(shape[k]!);
        return [k, f.kind === 'scalar' ? 1 : tree(f.shape, false)];
      }),
    );
  if ('field' in json) {
    // A list of objects prints each item's keys in the order the data declares them.
    const value = data !== undefined && 'object' in data ? data.object[json.field] : undefined;
    const items = value !== undefined && typeof value === 'object' && 'list' in value ? value.list : undefined;
    imports.value(CLI.output, 'jsonField');
    return ts`jsonField(${lit(json.field)}${items && ts`, ${lit(tree(items, false))}`})`;
  }
  const keys = (shape: ObjectShape) => lit(tree(shape, !('keys' in json && json.keys === 'declared')));
  if ('object' in json) {
    const fn = json.or_null ? 'jsonObjectOrNull' : 'jsonObject';
    imports.value(CLI.output, fn);
    return ts`${name(fn)}(${keys(json.object)})`;
  }
  if ('entity' in json) {
    imports.value(CLI.output, 'entityObject').value(CLI.views, viewConst(json.entity));
    return ts`entityObject(${name(viewConst(json.entity))})`;
  }
  const emptyNull = json.empty === 'null' && ts`, { emptyNull: true }`;
  if (typeof json.list === 'string') {
    imports.value(CLI.output, 'entityList').value(CLI.views, viewConst(json.list));
    return ts`entityList(${name(viewConst(json.list))}${emptyNull})`;
  }
  imports.value(CLI.output, 'jsonList');
  return ts`jsonList(${keys(json.list.object)}${emptyNull})`;
}

/** Whether the data may be null (an object output with `or_null`): its fields are then read as `d?.field`. */
function nullableData(json: JsonOutput): boolean {
  return typeof json === 'object' && 'object' in json && json.or_null === true;
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

function outputCode(ctx: GenContext, command: Command, imports: Imports): Code {
  imports.type(CLI.output, 'Output');
  const { text, json } = command.spec.output;
  const flags = flagColumns(ctx, command);
  const parts: Code[] = [];
  // Exit 1 (or, for a command with exit codes of its own, any code) can follow from the data: the first that holds, in code order.
  const exit = command.dataExits[0];
  const top = scope(nullableData(json) ? 'd?' : 'd');
  const test = (conditions: Conditions): Code => {
    const { any, ...rest } = conditions as Conditions & { any?: Conditions };
    // `any`: some item of the list meets the conditions.
    return any ? ts`d.some((item) => ${conditionCode(any, scope('item'), imports, flags)})` : conditionCode(rest, top, imports, flags)!;
  };
  if (exit && command.dataExits.length === 1 && exit.code === 1) {
    imports.value(CLI.valueSets, 'Exit');
    parts.push(ts`exit: (d) => (${test(exit.conditions)} ? Exit.Negative : Exit.Ok),`);
  } else if (exit) {
    const chain = command.dataExits.map((e) => ts`${test(e.conditions)} ? ${lit(e.code)} : `);
    parts.push(ts`exit: (d) => ${join(chain, '')}0,`);
  }
  if (exit?.verboseMessage !== undefined) {
    const message = templateCode(exit.verboseMessage, top, imports);
    const usesData = templateParts(exit.verboseMessage).some((p) => !('text' in p));
    parts.push(ts`verbose: (${usesData && ts`d`}) => ${message},`);
  }
  const jsonFn = jsonCode(json, command.spec.output.data, imports);
  // `text: json`: the text is the JSON output, with or without --json.
  if (text === 'json' && (!jsonFn || json === 'text')) throw new Error(`${command.spec.path}: text: json needs a JSON output`);
  parts.push(ts`text: ${text === 'json' ? jsonFn : textCode(text, dataShape(command.spec), imports, flags, json)},`);
  if (jsonFn) parts.push(ts`json: ${jsonFn},`);
  const tty = command.spec.output.tty;
  if (tty) {
    const [domain, fn] = tty.split('.') as [string, string];
    imports.value(`src/${domain}/tty`, fn);
    parts.push(ts`tty: ${name(fn)},`);
  }
  return ts`const OUTPUT: Output<${name(`${command.pascal}Data`)}> = {
${parts}
};`;
}

// --- the module -------------------------------------------------------------------

export function commandSource(ctx: GenContext, command: Command): string {
  const spec = command.spec;
  const imports = new Imports(command.file).value('generated/commands/base', 'IcCommand');
  if (command.args.length) imports.value('clipanion', 'Option');
  imports.type(CLI.types, `${command.pascal}Args`, `${command.pascal}Data`);

  const checks = argChecks(command, imports);
  const values = command.args.map((a) => ts`${name(a.name)}: ${argValue(a, imports)},`);
  let call: Code;
  let operation: Code | undefined;
  if (spec.handler) {
    const [domain, fn] = spec.handler.split('.') as [string, string];
    imports.value(`src/${domain}/handlers`, fn);
    const text = spec.output.text;
    if (typeof text === 'object' && 'stream' in text) {
      // A streaming command writes its records itself, as soon as it has them.
      imports.value(CLI.output, 'recordStream').value('generated/records', recordWriter(text.stream));
      call = ts`${name(fn)}(ctx, this.parseArgs(), recordStream(this.context.stdout, ${name(recordWriter(text.stream))}))`;
    } else {
      call = ts`${name(fn)}(ctx, this.parseArgs())`;
    }
  } else {
    operation = operationFunction(ctx, command, imports);
    call = ts`operation(ctx, this.parseArgs())`;
  }
  if (spec.notify) imports.value('src/events/notify', 'notifyCommitted');
  const info = ts`path: ${lit(command.path)}, db: ${lit(command.db)}${spec.notify && ts`, notify: notifyCommitted`}${spec.progress && ts`, progress: true`}${spec.error_exit !== undefined && ts`, errorExit: ${lit(spec.error_exit)}`}`;
  const output = outputCode(ctx, command, imports);
  // Help is ic's (src/cli/help.ts, from generated/help.ts): the class keeps only its summary.
  const usage = { description: spec.summary };

  const cls = ts`${doc(`${spec.summary}.`)}
export class ${name(command.className)} extends IcCommand {
  static override paths = [${lit(command.words)}];
  static override usage = IcCommand.Usage(${lit(usage)});

  ${command.args.map(optionDecl)}

  override execute(): Promise<number> {
    return this.run({ ${info} }, (ctx) => ${call}, OUTPUT);
  }

  /** The typed arguments: required ones present, values parsed, defaults applied. */
  private parseArgs(): ${name(`${command.pascal}Args`)} {
    ${checks}
    return {
      ${values}
    };
  }
}`;
  return `${header('ts')}\n${imports.render()}\n\n${cls.text}\n\n${operation ? `${operation.text}\n\n` : ''}${output.text}\n`;
}

export function generateCommands(ctx: GenContext): GeneratedFile[] {
  const files: GeneratedFile[] = ctx.commands.map((command) => ({ path: command.file, content: commandSource(ctx, command) }));
  const imports = new Imports('generated/types.ts');
  const types = ctx.commands.map((command) => {
    for (const a of command.args) {
      if (a.valueSet) imports.type(CLI.valueSets, a.valueSet.typeName);
      if (a.flag?.check) imports.type(`src/${a.flag.check.split('.')[0]}/checks`, a.flag.check.split('.')[1]!);
    }
    return ts`// ${raw(command.path)}
export interface ${name(`${command.pascal}Args`)} {
  ${argsType(command)}
}
export type ${name(`${command.pascal}Data`)} = ${dataType(ctx, command, imports)};`;
  });
  const intro = `// The typed arguments each command's handler or operation receives (flags
// parsed, defaults applied; durations in milliseconds) and the data its
// output renders.`;
  files.push({
    path: 'generated/types.ts',
    content: `${header('ts')}\n${intro}\n${imports.render()}\n\n${join(types, '\n\n').text}\n`,
  });
  return files;
}
