// The spec resolved once into what the generators need: names of classes,
// files and options, column lists in order, the type of every argument.
// Generators read this context and never re-derive names themselves.
import { parseWrapperArg, wordRefs, type WrapperArgExpr } from './spec/expressions';
import type { Conditions } from './spec/expressions';
import type { ColumnSpec, CommandSpec, FlagSpec, IndexSpec, SeedSpec, Spec, TableSpec, TriggerSpec, WrapperSpec } from './spec/metaschema';
import { jsonIsText } from './shapes';
import { analyzeQueries, type AnalyzedQuery } from './sql/analyze';
import { compileOperation, type CompiledOperation } from './sql/operations';
import { SpecError } from './spec/load';
import { freshSchema } from './generators/migrations';

export interface ValueSet {
  name: string;
  /** RunStatus: the union type and its named constants. */
  typeName: string;
  /** RUN_STATUS */
  constName: string;
  description: string;
  values: { value: string; key: string }[];
  groups: { name: string; constName: string; predicate: string; values: string[] }[];
}

export interface Column {
  name: string;
  spec: ColumnSpec;
  since: number;
  sqlType: 'TEXT' | 'INTEGER' | 'REAL' | 'BLOB';
  /** TypeScript type of the stored value (booleans are stored as 0/1). */
  tsType: string;
  nullable: boolean;
  /** The value set the column's values belong to. */
  valueSet?: ValueSet;
}

export interface Index extends IndexSpec {
  since: number;
  /** The key columns in order, `desc` for a descending one. */
  keys: { column: string; desc: boolean }[];
}

export interface Trigger extends TriggerSpec {
  since: number;
}

export interface Seed extends SeedSpec {
  since: number;
}

export interface Table {
  name: string;
  spec: TableSpec;
  since: number;
  columns: Column[];
  primaryKey: string[];
  indexes: Index[];
  triggers: Trigger[];
  seeds: Seed[];
  /** runs -> Runs; used for RunsRow, RunsStore. */
  pascal: string;
  rowType: string;
  insertType: string;
  /** phaseEvents: the Table instance in generated/db/tables.ts. */
  storeName: string;
  generatedId?: Column;
}

export interface Arg {
  /** As written in the spec, and the property name in Args. */
  name: string;
  /** The option's field on the command class (clipanion reserves a few names). */
  prop: string;
  kind: 'positional' | 'flag';
  required: boolean;
  /** --prompt-file */
  option: string;
  flag?: FlagSpec;
  /** An enumerated positional or flag: the values it accepts. */
  values?: string[];
  /** When its values are a value set of the spec. */
  valueSet?: ValueSet;
  /** TypeScript type of the parsed value. */
  tsType: string;
  /** What help, the manual and completion say of it (the spec requires one). */
  description: string;
  /** A flag's value as help shows it, `text` in `--goal=<text>` (none for a bare switch). */
  placeholder?: string;
  /** A positional's ids that completion offers (spec `complete`). */
  complete?: 'runs' | 'dispatches';
}

export interface Command {
  spec: CommandSpec;
  path: string;
  words: string[];
  /** RunAgentAdd */
  pascal: string;
  className: string;
  /** generated/commands/run/agent/add.ts, relative to the repo root. */
  file: string;
  /** From the command file up to the repo root: "../../../". */
  toRoot: string;
  db: 'required' | 'optional' | 'create' | 'none';
  /** Exit codes the output data decides, in code order. */
  dataExits: { code: number; meaning: string; conditions: Conditions; verboseMessage?: string }[];
  positionals: Arg[];
  flags: Arg[];
  args: Arg[];
  /** Global flags this command's own flags take over after the path. */
  shadows: string[];
  /** Global flags that do nothing here (no database: --db and the busy --timeout; --json ignored), left out of usage and completion. */
  ignoredGlobals: string[];
}

export interface WrapperArgument extends WrapperArgExpr {
  /** $1, $2, ... */
  position: number;
  /** As shown in usage: `name`, `[name]`, `[name=codex]`. */
  usage: string;
}

/** One argv word of a simple wrapper's ic call. */
export interface WrapperWord {
  /** As the spec writes it: plain text and `$arg` references (the wrappers generator prints it as bash). */
  word: string;
  /** The optional argument the word is dropped without. */
  onlyIf?: string;
}

export interface Wrapper {
  spec: WrapperSpec;
  name: string;
  args: WrapperArgument[];
  /** `intercore_run_current [project=$PWD]` */
  usage: string;
  call?: {
    command: Command;
    words: WrapperWord[];
    /** The here-string fed to ic, as the spec writes it (text and `$arg` references). */
    stdin?: string;
    discard: boolean;
    json: boolean;
    /** The argument (a duration) ic waits for; the time bound grows by it. */
    waits?: string;
    /** The position of a `name...` argument: it and the ones after are passed on as they are. */
    rest?: number;
    passStderr: boolean;
    /** stdout printed on exit 1 too. */
    printNegative: boolean;
  };
  /** Simple wrappers: what ic's exit 1, and a missing or failing ic, return. */
  negativeReturns: 0 | 1;
  failedReturns: 0 | 1;
  /** Exit 3 returned as such, not as a failure. */
  usageReturns?: 3;
  /** What ic's exit 2 answers, when it is an answer and not a failure (no health hint). */
  exit2Answer?: string;
  /** The lib-intercore.sh version it arrived in. */
  since: string;
}

/** The named queries, analyzed (codegen/sql/analyze.ts), and the compiled generic operations. */
export interface SqlModel {
  queries: AnalyzedQuery[];
  byName: Map<string, AnalyzedQuery>;
  /** By command path. */
  operations: Map<string, CompiledOperation>;
}

export interface GenContext {
  spec: Spec;
  /** Analyzed on first use; a query that does not check out is a SpecError. */
  readonly sql: SqlModel;
  valueSets: ValueSet[];
  valueSetByName: Map<string, ValueSet>;
  tables: Table[];
  tableByName: Map<string, Table>;
  commands: Command[];
  wrappers: Wrapper[];
}

export const pascal = (s: string) =>
  s
    .split(/[_\s-]+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('');

// Fields of clipanion's Command (and IcCommand's run, parseArgs) that an option must not shadow.
const RESERVED = new Set([
  'path',
  'paths',
  'usage',
  'context',
  'cli',
  'help',
  'execute',
  'validateAndExecute',
  'catch',
  'schema',
  'run',
  'parseArgs',
]);
const propName = (name: string) => (RESERVED.has(name) ? `${name}Option` : name);

export const optionName = (name: string) => '--' + name.replace(/_/g, '-');

function tsTypeOfFlag(flag: FlagSpec, valueSet: ValueSet | undefined): string {
  if (valueSet) return valueSet.typeName;
  // A checked flag is what its check returns (types.ts imports the check's type).
  if (flag.check) return `ReturnType<typeof ${flag.check.split('.')[1]}>`;
  switch (flag.type) {
    case 'string':
      return 'string';
    case 'integer':
    case 'int64':
    case 'duration':
      return 'number';
    case 'boolean':
    case 'bool':
      return 'boolean';
    case 'enum':
      return (flag.values as string[]).map((v) => JSON.stringify(v)).join(' | ');
    case 'json':
      return flag.json === 'list' ? 'unknown[]' : flag.json === 'object' ? 'Record<string, unknown>' : 'unknown';
  }
}

const constCase = (s: string) => s.replace(/[^A-Za-z0-9]+/g, '_').toUpperCase();

function resolveValueSet(name: string, spec: Spec['value_sets'][string]): ValueSet {
  const typeName = pascal(name);
  return {
    name,
    typeName,
    constName: constCase(name),
    description: spec.description,
    values: spec.values.map((value) => ({ value, key: pascal(value.replace(/\./g, '_')) })),
    groups: Object.entries(spec.groups ?? {}).map(([group, values]) => ({
      name: group,
      constName: `${constCase(name)}_${constCase(group)}`,
      predicate: `is${pascal(group)}${typeName}`,
      values,
    })),
  };
}

/** A column's type as SQLite declares it (a boolean is an integer 0/1). */
const SQL_TYPES = { text: 'TEXT', integer: 'INTEGER', real: 'REAL', blob: 'BLOB', boolean: 'INTEGER' } as const;
/** The TypeScript type of a stored value, as better-sqlite3 reads it. */
const TS_TYPES = { text: 'string', integer: 'number', real: 'number', blob: 'Buffer', boolean: 'number' } as const;

function resolveTable(name: string, spec: TableSpec, sets: Map<string, ValueSet>): Table {
  const columns = Object.entries(spec.columns).map(([cname, c]): Column => {
    const valueSet = c.values === undefined ? undefined : sets.get(c.values);
    return {
      name: cname,
      spec: c,
      since: c.since ?? spec.since,
      sqlType: SQL_TYPES[c.type],
      tsType: valueSet ? valueSet.typeName : TS_TYPES[c.type],
      nullable: !c.required && !c.primary,
      valueSet,
    };
  });
  const p = pascal(name);
  return {
    name,
    spec,
    since: spec.since,
    columns,
    primaryKey: spec.primary_key ?? columns.filter((c) => c.spec.primary).map((c) => c.name),
    indexes: (spec.indexes ?? []).map((i) => ({
      ...i,
      since: i.since ?? spec.since,
      keys: i.columns.map((k) => ({ column: k.split(' ')[0]!, desc: k.endsWith(' desc') })),
    })),
    triggers: (spec.triggers ?? []).map((t) => ({ ...t, since: t.since ?? spec.since })),
    seeds: (spec.seeds ?? []).map((r) => ({ ...r, since: r.since ?? spec.since })),
    pascal: p,
    rowType: `${p}Row`,
    insertType: `${p}Insert`,
    storeName: p[0]!.toLowerCase() + p.slice(1),
    generatedId: columns.find((c) => c.spec.generate === 'id8'),
  };
}

/** What a flag's value is called in help: its value_name, else its values (few) or its type's word. */
export function placeholderOf(f: FlagSpec, values?: readonly string[]): string | undefined {
  if (f.type === 'boolean') return undefined;
  if (f.value_name !== undefined) return f.value_name;
  if (values) return values.length <= 6 ? values.join('|') : 'value';
  const words: Record<string, string> = { string: 'text', integer: 'n', int64: 'n', duration: 'duration', bool: 'bool', json: 'json' };
  return words[f.type] ?? f.type;
}

function resolveCommand(spec: Spec, c: CommandSpec, sets: Map<string, ValueSet>): Command {
  const words = c.path.split(' ');
  const p = pascal(c.path);
  const positionals: Arg[] = (c.positionals ?? []).map((pos) => ({
    name: pos.name,
    prop: propName(pos.name),
    kind: 'positional',
    required: pos.required,
    option: pos.name,
    values: pos.values,
    tsType: pos.values ? pos.values.map((v) => JSON.stringify(v)).join(' | ') : 'string',
    description: pos.description,
    ...(pos.complete && { complete: pos.complete }),
  }));
  const flags: Arg[] = Object.entries(c.flags ?? {}).map(([name, f]) => {
    const valueSet = typeof f.values === 'string' ? sets.get(f.values) : undefined;
    return {
      name,
      prop: propName(name),
      kind: 'flag',
      required: !!f.required || f.default !== undefined || f.type === 'boolean',
      option: optionName(name),
      flag: f,
      values: valueSet ? valueSet.values.map((v) => v.value) : (f.values as string[] | undefined),
      valueSet,
      tsType: tsTypeOfFlag(f, valueSet),
      description: f.description,
      placeholder: placeholderOf(f, valueSet ? valueSet.values.map((v) => v.value) : (f.values as string[] | undefined)),
    };
  });
  const dataExits = Object.entries(c.exit_codes ?? {})
    .filter((e): e is [string, Exclude<(typeof e)[1], string>] => typeof e[1] === 'object')
    .map(([code, e]) => {
      const { meaning, verbose_message, ...conditions } = e;
      return { code: Number(code), meaning, conditions, ...(verbose_message !== undefined && { verboseMessage: verbose_message }) };
    });
  const globalNames = new Set(spec.global_flags.map((g) => g.name));
  return {
    spec: c,
    path: c.path,
    words,
    pascal: p,
    className: `${p}Command`,
    file: `generated/commands/${words.join('/')}.ts`,
    toRoot: '../'.repeat(words.length + 1),
    db: c.db ?? 'required',
    dataExits,
    positionals,
    flags,
    args: [...positionals, ...flags],
    shadows: flags.filter((f) => globalNames.has(f.name)).map((f) => f.name),
    ignoredGlobals: [
      ...((c.db ?? 'required') === 'none' ? spec.global_flags.filter((g) => g.database).map((g) => g.name) : []),
      ...(!c.output.tty && !c.progress ? spec.global_flags.filter((g) => g.display).map((g) => g.name) : []),
      ...(jsonIsText(c.output.json) ? ['json'] : []),
    ],
  };
}

function resolveWrapper(w: WrapperSpec, commands: Command[]): Wrapper {
  const args = (w.args ?? []).map((a, i): WrapperArgument => {
    const arg = parseWrapperArg(a);
    const usage = arg.rest
      ? `[${arg.name}...]`
      : !arg.optional
        ? arg.name
        : arg.default === undefined
          ? `[${arg.name}]`
          : `[${arg.name}=${arg.default}]`;
    return { ...arg, position: i + 1, usage };
  });
  const conditional = new Set(args.filter((a) => a.optional && a.default === undefined && !a.rest).map((a) => a.name));
  const rest = args.find((a) => a.rest);
  const call = w.call && {
    command: commands.find((c) => c.path === w.call!.command)!,
    words: (w.call.argv ?? []).map((word): WrapperWord => ({
      word,
      onlyIf: wordRefs(word).find((r) => conditional.has(r)),
    })),
    stdin: w.call.stdin,
    discard: w.call.stdout === 'discard',
    json: !!w.call.json,
    waits: w.call.waits?.slice(1),
    rest: rest?.position,
    passStderr: w.call.stderr === 'pass',
    printNegative: !!w.call.print_negative,
  };
  return {
    spec: w,
    name: w.name,
    args,
    usage: [w.name, ...args.map((a) => a.usage)].join(' '),
    call,
    negativeReturns: w.negative_returns ?? 1,
    failedReturns: w.failed_returns ?? 1,
    usageReturns: w.usage_returns,
    exit2Answer: w.exit_2_answer,
    since: w.since ?? '0.3.0',
  };
}

export function createContext(spec: Spec): GenContext {
  const valueSets = Object.entries(spec.value_sets).map(([name, v]) => resolveValueSet(name, v));
  const valueSetByName = new Map(valueSets.map((v) => [v.name, v]));
  const tables = Object.entries(spec.tables).map(([name, t]) => resolveTable(name, t, valueSetByName));
  const commands = spec.commands.map((c) => resolveCommand(spec, c, valueSetByName));
  let sql: SqlModel | undefined;
  const ctx: GenContext = {
    spec,
    get sql() {
      return (sql ??= analyzeSql(ctx));
    },
    valueSets,
    valueSetByName,
    tables,
    tableByName: new Map(tables.map((t) => [t.name, t])),
    commands,
    wrappers: (spec.wrappers?.functions ?? []).map((w) => resolveWrapper(w, commands)),
  };
  return ctx;
}

function analyzeSql(ctx: GenContext): SqlModel {
  const operations = new Map<string, CompiledOperation>();
  for (const command of ctx.commands) {
    const compiled = compileOperation(ctx, command);
    if (compiled) operations.set(command.path, compiled);
  }
  const decls = [...(ctx.spec.queries ?? []), ...[...operations.values()].flatMap((o) => o.variants.map((v) => v.decl))];
  const problems: string[] = [];
  const seen = new Map<string, string>();
  for (const d of decls) {
    const first = seen.get(d.name);
    if (first) problems.push(`${d.at}: query ${d.name} is declared at ${first} already`);
    seen.set(d.name, d.at);
  }
  const analyzed = analyzeQueries(ctx, decls, freshSchema(ctx));
  problems.push(...analyzed.problems);
  if (problems.length) throw new SpecError(problems);
  return { queries: analyzed.queries, byName: new Map(analyzed.queries.map((q) => [q.decl.name, q])), operations };
}
