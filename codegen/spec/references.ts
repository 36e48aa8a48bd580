// Checks what the meta-schema cannot: that names used in one part of the spec
// exist in another (columns, tables, entities, arguments, output fields).
import type { CommandSpec, Spec, TableSpec, WrapperSpec } from './metaschema';
import type { Located, YamlPath } from './load';
import { dataShape, jsonIsText, listAt } from '../shapes';
import {
  FILTERS,
  conditionFields,
  parseValue,
  parseWrapperArg,
  templateParts,
  templateRefs,
  wordLiteral,
  wordRefs,
  type Conditions,
} from './expressions';

export function checkReferences(spec: Spec, where: Located): string[] {
  const problems: string[] = [];
  const bad = (path: YamlPath, message: string) => problems.push(where.at(path, message));

  for (const [name, set] of Object.entries(spec.value_sets)) {
    for (const [group, values] of Object.entries(set.groups ?? {})) {
      values.forEach((v, i) => {
        if (!set.values.includes(v)) bad(['value_sets', name, 'groups', group, i], `"${v}" is not a value of ${name}`);
      });
    }
  }
  checkPhases(spec, bad);
  for (const [name, table] of Object.entries(spec.tables)) checkTable(spec, name, table, bad);
  checkSchemaNames(spec, bad);
  spec.migrations?.forEach((m, i) => {
    if (m.version > spec.schema_version) bad(['migrations', i, 'version'], `is after schema_version (${spec.schema_version})`);
    if (spec.migrations!.findIndex((o) => o.version === m.version) !== i)
      bad(['migrations', i, 'version'], `a second migration for v${m.version}`);
  });

  for (const [name, entity] of Object.entries(spec.entities)) {
    const table = spec.tables[entity.table];
    if (!table) {
      bad(['entities', name, 'table'], `no table named "${entity.table}"`);
      continue;
    }
    const keys = new Set<string>();
    entity.fields.forEach((f, i) => {
      const column = typeof f === 'string' ? f : f.column;
      if (!table.columns[column]) bad(['entities', name, 'fields', i], `table ${entity.table} has no column "${column}"`);
      const key = typeof f === 'string' ? f : (f.as ?? f.column);
      if (keys.has(key)) bad(['entities', name, 'fields', i], `a second field with the key "${key}"`);
      keys.add(key);
    });
  }

  // A record field of type record names another record; records do not nest into themselves.
  for (const [name, record] of Object.entries(spec.records ?? {})) {
    record.fields.forEach((f, i) => {
      const at: YamlPath = ['records', name, 'fields', i];
      const nested = f.type === 'record' || f.type === 'record_list';
      if (nested !== (f.record !== undefined))
        bad(at, 'a field of type record or record_list names its record (record: Name), and only such a field does');
      else if (f.record !== undefined && !spec.records?.[f.record]) bad([...at, 'record'], `no record named "${f.record}"`);
      else if (f.record !== undefined && nestsInto(spec, f.record, name)) bad([...at, 'record'], `record ${name} would contain itself`);
      if (f.values && f.type !== 'string') bad([...at, 'values'], 'values are for string fields');
    });
  }

  const paths = new Map<string, number>();
  spec.commands.forEach((command, i) => {
    const at = (...rest: YamlPath): YamlPath => ['commands', i, ...rest];
    if (paths.has(command.path)) bad(at('path'), `duplicate command path "${command.path}"`);
    // `ic help [command...]` is the front door's: it prints `ic [command...] --help`.
    if (command.path.split(' ')[0] === 'help') bad(at('path'), '"help" is taken: ic help <command> prints the command\'s --help');
    paths.set(command.path, i);
    checkCommand(spec, command, at, bad);
  });
  for (const [path, i] of paths) {
    for (const other of paths.keys()) {
      if (other.startsWith(path + ' ')) bad(['commands', i, 'path'], `"${path}" is both a command and the group of "${other}"`);
    }
  }

  checkHelpGroups(spec, bad);

  spec.wrappers?.functions.forEach((wrapper, i) => {
    const at = (...rest: YamlPath): YamlPath => ['wrappers', 'functions', i, ...rest];
    if (spec.wrappers!.functions.findIndex((w) => w.name === wrapper.name) !== i) bad(at('name'), `duplicate wrapper "${wrapper.name}"`);
    checkWrapper(spec, wrapper, at, bad);
  });

  const maxSince = Math.max(...Object.values(spec.tables).map((t) => t.since));
  if (maxSince > spec.schema_version) {
    bad(['schema_version'], `is ${spec.schema_version} but a table arrives in v${maxSince}`);
  }
  return problems;
}

type Bad = (path: YamlPath, message: string) => void;

/** The group a command is listed under in the top-level help: the one naming its longest prefix. */
export function helpGroupOf(spec: Spec, path: string): number | undefined {
  let best: { group: number; length: number } | undefined;
  spec.help?.groups.forEach((g, i) => {
    for (const prefix of g.commands) {
      if ((path === prefix || path.startsWith(prefix + ' ')) && (!best || prefix.length > best.length))
        best = { group: i, length: prefix.length };
    }
  });
  return best?.group;
}

/** help.groups: each entry names commands that are not all hidden, and no entry twice (a command in no group is listed last, under "Other commands"). */
function checkHelpGroups(spec: Spec, bad: Bad) {
  if (!spec.help) return;
  const seen = new Set<string>();
  spec.help.groups.forEach((g, i) =>
    g.commands.forEach((prefix, j) => {
      const at = ['help', 'groups', i, 'commands', j];
      if (seen.has(prefix)) bad(at, `"${prefix}" is listed twice`);
      seen.add(prefix);
      const named = spec.commands.filter((c) => c.path === prefix || c.path.startsWith(prefix + ' '));
      if (!named.length) bad(at, `"${prefix}" is neither a command nor a group of commands`);
      else if (named.every((c) => c.hidden)) bad(at, `"${prefix}" names only hidden commands`);
    }),
  );
}

/** Whether record `from` holds, at any depth, a field of record `target`. */
function nestsInto(spec: Spec, from: string, target: string, seen = new Set<string>()): boolean {
  if (from === target) return true;
  if (seen.has(from)) return false;
  seen.add(from);
  return (spec.records?.[from]?.fields ?? []).some((f) => f.record !== undefined && nestsInto(spec, f.record, target, seen));
}

function checkPhases(spec: Spec, bad: Bad) {
  const chain = spec.phases.chain;
  if (!chain.includes(spec.phases.auto_spawn)) bad(['phases', 'auto_spawn'], `"${spec.phases.auto_spawn}" is not a phase of the chain`);
  const checks = spec.value_sets.gate_check?.values;
  if (!checks) bad(['value_sets'], 'a value set gate_check names the checks gate rules may use');
  spec.phases.gates.forEach((g, i) => {
    if (spec.phases.gates.findIndex((o) => o.from === g.from && o.to === g.to) !== i)
      bad(['phases', 'gates', i], `a second rule for ${g.from} → ${g.to}`);
    g.checks.forEach((c, j) => {
      if (checks && !checks.includes(c.check))
        bad(['phases', 'gates', i, 'checks', j, 'check'], `"${c.check}" is not a value of gate_check`);
    });
  });
  const phase = spec.tables.runs?.columns.phase;
  if (phase && phase.default !== chain[0])
    bad(['tables', 'runs', 'columns', 'phase', 'default'], `must be the chain's first phase (${chain[0]})`);
}

/** The value set a column names, if any. */
function columnSet(spec: Spec, table: string | undefined, column: string) {
  const name = table === undefined ? undefined : spec.tables[table]?.columns[column]?.values;
  return name === undefined ? undefined : { name, values: spec.value_sets[name]?.values ?? [] };
}

function checkTable(spec: Spec, name: string, table: TableSpec, bad: Bad) {
  const at = (...rest: YamlPath): YamlPath => ['tables', name, ...rest];
  const columns = Object.entries(table.columns);
  const primaries = columns.filter(([, c]) => c.primary).map(([n]) => n);
  if (primaries.length > 1) bad(at('columns'), 'more than one column is marked primary; use primary_key');
  if (primaries.length && table.primary_key) bad(at('primary_key'), 'both primary_key and a primary column are given');
  if (!primaries.length && !table.primary_key) bad(at('columns'), 'no primary key: mark a column primary or give primary_key');
  table.primary_key?.forEach((c, i) => {
    if (!table.columns[c]) bad(at('primary_key', i), `no column "${c}"`);
  });
  for (const [cname, c] of columns) {
    const cat = (...rest: YamlPath) => at('columns', cname, ...rest);
    if (c.since !== undefined && c.since < table.since)
      bad(cat('since'), `column arrives (v${c.since}) before its table (v${table.since})`);
    if (c.since !== undefined && c.since > table.since && c.required && c.default === undefined) {
      bad(cat(), 'a column added to an existing table must be nullable or have a default');
    }
    if (c.autoincrement && !(c.primary && c.type === 'integer'))
      bad(cat('autoincrement'), 'only an integer primary column can autoincrement');
    if (c.generate && !(c.primary && c.type === 'text')) bad(cat('generate'), 'only a text primary column can be generated');
    if (c.default === 'now' && c.type !== 'integer') bad(cat('default'), 'now is a Unix time and needs an integer column');
    if (c.values !== undefined) {
      const set = spec.value_sets[c.values];
      if (!set) bad(cat('values'), `no value set named "${c.values}"`);
      else if (c.type !== 'text') bad(cat('values'), 'only a text column takes its values from a value set');
      else if (c.default !== undefined && !set.values.includes(String(c.default)))
        bad(cat('default'), `"${c.default}" is not a value of ${c.values}`);
    }
    if (c.references) {
      const [t, col] = c.references.split('.') as [string, string];
      const target = spec.tables[t];
      if (!target) bad(cat('references'), `no table named "${t}"`);
      else if (!target.columns[col]) bad(cat('references'), `table ${t} has no column "${col}"`);
      else if (target.since > (c.since ?? table.since)) bad(cat('references'), `table ${t} arrives after this column`);
    }
  }
  const sinceOf = (column: string) => table.columns[column]?.since ?? table.since;
  const checkTarget = (path: YamlPath, references: string, since: number) => {
    const [t, col] = references.split('.') as [string, string];
    const target = spec.tables[t];
    if (!target) bad(path, `no table named "${t}"`);
    else if (!target.columns[col]) bad(path, `table ${t} has no column "${col}"`);
    else if (target.since > since) bad(path, `table ${t} arrives after this column`);
  };
  for (const [cname, c] of columns) {
    const cat = (...rest: YamlPath) => at('columns', cname, ...rest);
    if (c.on_delete && !c.references) bad(cat('on_delete'), 'only a column that references another table has an on_delete');
    if (typeof c.default === 'number' && !['integer', 'real', 'boolean'].includes(c.type))
      bad(cat('default'), `a number is no default for a ${c.type} column`);
    if (typeof c.default === 'number' && c.type !== 'real' && !Number.isInteger(c.default))
      bad(cat('default'), `${c.default} is not a whole number`);
    if (c.type === 'blob' && c.default !== undefined) bad(cat('default'), 'a blob column takes no default');
    if (c.unique && c.since !== undefined && c.since > table.since)
      bad(cat('unique'), 'SQLite cannot add a UNIQUE column to an existing table');
  }
  table.unique?.forEach((columns, i) =>
    columns.forEach((c, j) => {
      if (!table.columns[c]) bad(at('unique', i, j), `no column "${c}"`);
      else if (sinceOf(c) > table.since) bad(at('unique', i, j), 'a UNIQUE constraint can name only columns the table is created with');
    }),
  );
  table.foreign_keys?.forEach((fk, i) => {
    if (!table.columns[fk.column]) bad(at('foreign_keys', i, 'column'), `no column "${fk.column}"`);
    else if (sinceOf(fk.column) > table.since)
      bad(at('foreign_keys', i, 'column'), 'a FOREIGN KEY clause can name only columns the table is created with');
    checkTarget(at('foreign_keys', i, 'references'), fk.references, table.since);
  });
  table.indexes?.forEach((index, i) => {
    const since = index.since ?? table.since;
    index.columns.forEach((key, j) => {
      const c = key.split(' ')[0]!;
      if (!table.columns[c]) bad(at('indexes', i, 'columns', j), `no column "${c}"`);
      else if (sinceOf(c) > since) bad(at('indexes', i, 'columns', j), `column ${c} arrives (v${sinceOf(c)}) after the index (v${since})`);
    });
    if (index.since !== undefined && index.since < table.since) bad(at('indexes', i, 'since'), 'index arrives before its table');
    if (index.dropped !== undefined && index.dropped <= since)
      bad(at('indexes', i, 'dropped'), `must be after the version it arrives in (v${since})`);
    if (index.dropped !== undefined && index.dropped > spec.schema_version)
      bad(at('indexes', i, 'dropped'), `is after schema_version (${spec.schema_version})`);
  });
  if (table.stepwise_from !== undefined && table.stepwise_from >= table.since)
    bad(at('stepwise_from'), `must be before the version the table arrives in (v${table.since})`);
  table.triggers?.forEach((trigger, i) => {
    if (trigger.since !== undefined && trigger.since < table.since) bad(at('triggers', i, 'since'), 'trigger arrives before its table');
    if (!/;\s*$/.test(trigger.body)) bad(at('triggers', i, 'body'), 'must end with ;');
  });
  table.seeds?.forEach((seed, i) => {
    const since = seed.since ?? table.since;
    if (since < table.since) bad(at('seeds', i, 'since'), 'row arrives before its table');
    for (const [c, value] of Object.entries(seed.row)) {
      const column = table.columns[c];
      if (!column) bad(at('seeds', i, 'row', c), `no column "${c}"`);
      else if (sinceOf(c) > since) bad(at('seeds', i, 'row', c), `column ${c} arrives (v${sinceOf(c)}) after the row (v${since})`);
      else if (value === 'now' && column.type !== 'integer')
        bad(at('seeds', i, 'row', c), 'now is a Unix time and needs an integer column');
    }
    for (const [c, column] of columns) {
      if (
        (column.required || column.primary) &&
        column.default === undefined &&
        !column.autoincrement &&
        !(c in seed.row) &&
        sinceOf(c) <= since
      )
        bad(at('seeds', i, 'row'), `no value for the required column ${c}`);
    }
  });
}

/** Schema object names (tables, indexes, triggers) share one namespace in SQLite. */
function checkSchemaNames(spec: Spec, bad: Bad) {
  const seen = new Map<string, string>();
  const claim = (name: string, path: YamlPath) => {
    const first = seen.get(name);
    if (first) bad(path, `"${name}" is already the name of ${first}`);
    else seen.set(name, path.join('.'));
  };
  for (const [name, table] of Object.entries(spec.tables)) {
    claim(name, ['tables', name]);
    table.indexes?.forEach((index, i) => claim(index.name, ['tables', name, 'indexes', i, 'name']));
    table.triggers?.forEach((trigger, i) => claim(trigger.name, ['tables', name, 'triggers', i, 'name']));
  }
}

/**
 * The fields of a command's output data, which its text templates and exit
 * conditions read: the object's keys, or for an entity the columns of its
 * table (the data is the row; the entity is only how it shows as JSON).
 */
export function outputFields(spec: Spec, command: CommandSpec): Set<string> | undefined {
  const data = command.output.data;
  if (data) return new Set(Object.keys('object' in data ? data.object : data.list.object));
  const json = command.output.json;
  if (json === 'none' || json === 'text') {
    const text = command.output.text;
    return typeof text === 'object' && 'raw' in text ? new Set([text.raw]) : undefined;
  }
  if ('raw' in json) return new Set([json.raw]);
  if ('field' in json) return undefined;
  const rowFields = (name: string) => Object.keys(spec.tables[spec.entities[name]?.table ?? '']?.columns ?? {});
  if ('entity' in json) return new Set(rowFields(json.entity));
  if ('object' in json) return new Set(Object.keys(json.object));
  const item = json.list;
  return new Set(typeof item === 'string' ? rowFields(item) : Object.keys(item.object));
}

/** The fields of one item of list data: an entity's row, or the object's keys. */
function listItemFields(spec: Spec, list: string | { object: Record<string, unknown> }): Set<string> {
  return new Set(
    typeof list === 'string' ? Object.keys(spec.tables[spec.entities[list]?.table ?? '']?.columns ?? {}) : Object.keys(list.object),
  );
}

/** The table whose rows a command's output is, for value-set checks of its conditions. */
function outputTable(spec: Spec, command: CommandSpec): string | undefined {
  const json = dataShape(command);
  if (typeof json !== 'object') return undefined;
  const name = 'entity' in json ? json.entity : 'list' in json && typeof json.list === 'string' ? json.list : undefined;
  return name === undefined ? undefined : spec.entities[name]?.table;
}

function checkCommand(spec: Spec, command: CommandSpec, at: (...rest: YamlPath) => YamlPath, bad: Bad) {
  const args = new Set<string>();
  let sawOptional = false;
  command.positionals?.forEach((p, i) => {
    if (args.has(p.name)) bad(at('positionals', i, 'name'), `duplicate argument "${p.name}"`);
    args.add(p.name);
    if (!p.required && sawOptional) bad(at('positionals', i), 'only one optional positional is supported');
    if (!p.required) sawOptional = true;
  });
  for (const [name, flag] of Object.entries(command.flags ?? {})) {
    if (args.has(name)) bad(at('flags', name), `"${name}" is both a positional and a flag`);
    args.add(name);
    if (flag.type === 'enum' && !flag.values) bad(at('flags', name), 'an enum flag needs values');
    if (flag.type !== 'enum' && flag.values) bad(at('flags', name, 'values'), 'values are only for enum flags');
    if (typeof flag.values === 'string' && !spec.value_sets[flag.values])
      bad(at('flags', name, 'values'), `no value set named "${flag.values}"`);
    if ((flag.min !== undefined || flag.max !== undefined) && flag.type !== 'integer')
      bad(at('flags', name), 'min and max are only for integer flags');
    if (flag.required && flag.default !== undefined) bad(at('flags', name), 'a required flag cannot have a default');
    if (flag.allow_negative && flag.type !== 'duration')
      bad(at('flags', name, 'allow_negative'), 'allow_negative is only for duration flags');
  }
  command.require_one_of?.forEach((n, i) => {
    if (!args.has(n)) bad(at('require_one_of', i), `no flag or positional "${n}"`);
  });

  if (!!command.handler === !!command.operation) bad(at(), 'give exactly one of handler and operation');
  if (command.output.tty && command.output.text === 'none')
    bad(at('output', 'tty'), 'a terminal renderer needs a text output to stand for');
  if (command.progress && !command.handler) bad(at('progress'), 'only a handler reports progress');
  const op = command.operation;
  if (op) {
    const table = spec.tables[op.table];
    if (!table) bad(at('operation', 'table'), `no table named "${op.table}"`);
    const checkValue = (path: YamlPath, value: string | number | string[]) => {
      const v = parseValue(value);
      if ((v.kind === 'arg' || v.kind === 'now_minus') && !args.has(v.name)) bad(path, `no positional or flag named "${v.name}"`);
      if (v.kind === 'now_minus' && command.flags?.[v.name]?.type !== 'duration') bad(path, `"${v.name}" must be a duration flag`);
    };
    const checkColumn = (path: YamlPath, column: string) => {
      if (table && !table.columns[column] && column !== 'rowid') bad(path, `table ${op.table} has no column "${column}"`);
    };
    for (const section of ['key', 'values', 'set'] as const) {
      for (const [column, value] of Object.entries(op[section] ?? {})) {
        checkColumn(at('operation', section, column), column);
        checkValue(at('operation', section, column), value);
      }
    }
    const checkSetLiteral = (path: YamlPath, column: string, value: string | number | string[]) => {
      const set = columnSet(spec, op.table, column);
      const v = parseValue(value);
      if (!set || v.kind !== 'literal') return;
      for (const x of Array.isArray(v.value) ? v.value : [v.value]) {
        // {{set.value}} or {{set.group}}: the spec's own names for the members.
        const macro = /^\{\{([a-z_]+)\.([a-z0-9_.-]+)\}\}$/.exec(String(x));
        if (macro) {
          const named = spec.value_sets[macro[1]!];
          if (macro[1] !== set.name) bad(path, `"${x}": the column takes values of ${set.name}, not ${macro[1]}`);
          else if (!named!.values.includes(macro[2]!) && !named!.groups?.[macro[2]!])
            bad(path, `"${x}": "${macro[2]}" is neither a value nor a group of ${set.name}`);
        } else if (!set.values.includes(String(x))) bad(path, `"${x}" is not a value of ${set.name}`);
      }
    };
    for (const section of ['values', 'set'] as const) {
      for (const [column, value] of Object.entries(op[section] ?? {})) checkSetLiteral(at('operation', section, column), column, value);
    }
    op.where?.forEach((w, i) => {
      checkColumn(at('operation', 'where', i, 'column'), w.column);
      checkValue(at('operation', 'where', i, 'value'), w.value);
      checkSetLiteral(at('operation', 'where', i, 'value'), w.column, w.value);
      if (w.if && command.flags?.[w.if]?.type !== 'boolean') bad(at('operation', 'where', i, 'if'), `"${w.if}" must be a boolean flag`);
    });
    op.select?.forEach((c, i) => checkColumn(at('operation', 'select', i), c));
    op.order?.forEach((o, i) => checkColumn(at('operation', 'order', i), o.split(' ')[0]!));
    const needs: Record<string, (keyof typeof op)[]> = {
      insert: ['values'],
      get: ['key'],
      update: ['key', 'set'],
      delete: [],
      list: [],
    };
    for (const part of needs[op.kind]!) if (!op[part]) bad(at('operation'), `a ${op.kind} operation needs ${part}`);
    // A delete names what it deletes: by key, or by a where clause (never every row by omission).
    if (op.kind === 'delete' && !op.key && !op.where) bad(at('operation'), 'a delete operation needs key or where');
    if (op.kind === 'insert' && op.missing_parent === undefined && table && Object.values(table.columns).some((c) => c.references)) {
      bad(at('operation'), 'an insert into a table with a foreign key needs missing_parent (the message for a missing parent)');
    }
  }

  const json = dataShape(command);
  if (typeof json === 'object') {
    const name = 'entity' in json ? json.entity : 'list' in json && typeof json.list === 'string' ? json.list : undefined;
    if (name && !spec.entities[name]) bad(at('output', 'json'), `no entity named "${name}"`);
    if (name && op && spec.entities[name]!.table !== op.table) bad(at('output', 'json'), `entity ${name} is not a view of ${op.table}`);
  }
  const jsonOut = command.output.json;
  if (typeof jsonOut === 'object' && 'field' in jsonOut) {
    const data = command.output.data;
    if (!data || !('object' in data))
      bad(at('output', 'json', 'field'), 'json: {field} prints a field of the data: declare output.data as an object');
    else if (!(jsonOut.field in data.object)) bad(at('output', 'json', 'field'), `"${jsonOut.field}" is not a field of output.data`);
  }
  const fields = outputFields(spec, command);
  const useField = (path: YamlPath, field: string) => {
    if (!fields) bad(path, `"${field}" is used but the JSON output (${JSON.stringify(json)}) declares no fields`);
    else if (!fields.has(field)) bad(path, `"${field}" is not a field of the output (${[...fields].join(', ')})`);
  };
  const useTemplate = (path: YamlPath, template: string) => {
    const leftover = templateParts(template)
      .flatMap((p) => ('optional' in p ? p.optional : [p]))
      .find((p) => 'text' in p && /\{\{|\}\}/.test(p.text));
    if (leftover)
      bad(path, `a "{{" or "}}" that is not a field reference: ${JSON.stringify(template)} (write {{field}} or {{field|filter:arg}})`);
    for (const ref of templateRefs(template)) {
      useField(path, ref.field);
      const filter = ref.filter === undefined ? undefined : FILTERS[ref.filter];
      if (ref.filter !== undefined && !filter)
        bad(path, `no template filter "${ref.filter}" (there are: ${Object.keys(FILTERS).join(', ')})`);
      if (ref.filter === 'datetime' && ref.arg !== undefined && ref.arg !== 'minutes')
        bad(path, `the filter datetime takes no argument, or minutes: {{${ref.field}|datetime:minutes}}`);
      if (filter?.arg === 'integer' && !/^[0-9]+$/.test(ref.arg ?? ''))
        bad(path, `the filter ${ref.filter} needs a width: {{${ref.field}|${ref.filter}:20}}`);
      if (filter?.arg === 'text' && !/^[^/]*\/[^/]*$/.test(ref.arg ?? ''))
        bad(path, `the filter ${ref.filter} needs two texts: {{${ref.field}|${ref.filter}:when set/when not}}`);
      if (ref.filter === 'fixed1' && ref.arg !== undefined && !/^[0-9]+$/.test(ref.arg))
        bad(path, `the filter fixed1 takes a width or nothing: {{${ref.field}|fixed1:8}}`);
    }
  };
  const table = outputTable(spec, command);
  const useConditions = (path: YamlPath, c: Conditions) => {
    conditionFields(c).forEach((f) => useField(path, f));
    for (const [field, value] of Object.entries(c.equals ?? {})) {
      const set = columnSet(spec, table, field);
      for (const v of Array.isArray(value) ? value : [value]) {
        if (set && !set.values.includes(v)) bad(path, `"${v}" is not a value of ${set.name}`);
      }
    }
  };
  const text = command.output.text;
  if (text === 'json' && (command.output.json === 'none' || command.output.json === 'text'))
    bad(at('output', 'text'), 'text: json prints the JSON output, and there is none');
  if (typeof jsonOut === 'object' && 'or_null' in jsonOut && jsonOut.or_null && command.output.data)
    bad(at('output', 'json', 'or_null'), 'or_null describes the data, which output.data declares here');
  if (typeof text === 'object') {
    if ('render' in text && !command.handler) bad(at('output', 'text', 'render'), 'a text renderer draws what a handler returns');
    if ('raw' in text) useField(at('output', 'text', 'raw'), text.raw);
    if ('line' in text) useTemplate(at('output', 'text', 'line'), text.line);
    if ('cases' in text) {
      text.cases.forEach((c, i) => {
        const path = at('output', 'text', 'cases', i);
        if (c.each) {
          const shape =
            typeof json === 'object' &&
            ('object' in json ? json.object : 'list' in json && typeof json.list === 'object' ? json.list.object : undefined);
          const items = shape ? listAt(shape, c.each) : undefined;
          if (!items) {
            bad(at('output', 'text', 'cases', i, 'each'), `"${c.each}" is not a list of objects in the output`);
            return;
          }
          // An item's fields, then its parent's.
          for (const ref of templateRefs(c.line)) if (!(ref.field in items)) useField(path, ref.field);
          for (const f of conditionFields(c)) if (!(f in items)) useField(path, f);
          return;
        }
        useTemplate(path, c.line);
        useConditions(path, c);
      });
    }
    if ('rows' in text) text.rows.forEach((r, i) => useTemplate(at('output', 'text', 'rows', i), r.includes('{{') ? r : `{{${r}}}`));
    if ('block' in text) {
      text.block.rows.forEach((r, i) => {
        useTemplate(at('output', 'text', 'block', 'rows', i), r.value);
        useConditions(at('output', 'text', 'block', 'rows', i), r);
        const width = r.width ?? text.block.width;
        if (r.label.length + 1 > width) {
          bad(at('output', 'text', 'block', 'rows', i, 'label'), `"${r.label}:" is wider than the block (${width})`);
        }
      });
    }
  }
  for (const [code, exit] of Object.entries(command.exit_codes ?? {})) {
    if (typeof exit !== 'object') continue;
    const { meaning: _meaning, verbose_message, any, ...conditions } = exit;
    if (verbose_message !== undefined) useTemplate(at('exit_codes', code, 'verbose_message'), verbose_message);
    if (any) {
      const item = typeof json === 'object' && 'list' in json ? listItemFields(spec, json.list) : undefined;
      if (!item) bad(at('exit_codes', code, 'any'), 'any is a condition on the items of list data');
      for (const f of conditionFields(any))
        if (item && !item.has(f)) bad(at('exit_codes', code, 'any'), `"${f}" is not a field of an item`);
      if (conditionFields(conditions).length) bad(at('exit_codes', code), 'give any alone, or the conditions on the output without it');
      if (code !== '1') bad(at('exit_codes', code), 'only exit 1 (a negative answer) can follow from the output; errors are raised');
      continue;
    }
    if (!conditionFields(conditions).length) {
      bad(at('exit_codes', code), 'give the condition on the output (when, unless, nonzero, zero or equals), or write the meaning alone');
    }
    if (code !== '1' && command.error_exit === undefined)
      bad(
        at('exit_codes', code),
        'only exit 1 (a negative answer) can follow from the output (unless the command has exit codes of its own, error_exit); errors are raised',
      );
    if (code === '0') bad(at('exit_codes', code), 'exit 0 is what is left when no other code follows from the output');
    useConditions(at('exit_codes', code), conditions);
  }
  if (command.notify && !command.handler) bad(at('notify'), 'only a command with a handler records events to notify');
}

/** Words in a wrapper's argv may hold only these besides `$arg` references. */
const PLAIN_WORD = /^[A-Za-z0-9_=.,/:@%+-]*$/;

function checkWrapper(spec: Spec, wrapper: WrapperSpec, at: (...rest: YamlPath) => YamlPath, bad: Bad) {
  const args = (wrapper.args ?? []).map(parseWrapperArg);
  const byName = new Map(args.map((a) => [a.name, a]));
  args.forEach((a, i) => {
    if (args.findIndex((b) => b.name === a.name) !== i) bad(at('args', i), `duplicate argument "${a.name}"`);
    if (!a.optional && args.slice(0, i).some((b) => b.optional)) bad(at('args', i), 'a required argument cannot follow an optional one');
  });
  const commandPaths = new Set(spec.commands.map((c) => c.path));

  if (!!wrapper.call === !!wrapper.partial) {
    bad(at(), 'give exactly one of call (a simple wrapper) and partial (a wrapper with logic)');
    return;
  }
  if (wrapper.partial) {
    for (const key of ['prints', 'returns', 'fallback'] as const) {
      if (wrapper[key] === undefined)
        bad(at(), `a wrapper with a partial must say what it ${key === 'fallback' ? 'does as a fallback' : key} (${key})`);
    }
    for (const key of ['negative_returns', 'failed_returns'] as const) {
      if (wrapper[key] !== undefined) bad(at(key), 'only for a simple wrapper (one with call)');
    }
    wrapper.calls?.forEach((path, i) => {
      if (!commandPaths.has(path)) bad(at('calls', i), `no command "${path}"`);
    });
    return;
  }

  for (const key of ['calls', 'runs', 'prints', 'returns', 'fallback'] as const) {
    if (wrapper[key] !== undefined) bad(at(key), "only for a wrapper with a partial; a simple wrapper's behaviour follows from its call");
  }
  if (wrapper.failed_returns === undefined)
    bad(at(), 'a simple wrapper needs failed_returns (what it returns when ic is unavailable or fails)');
  const call = wrapper.call!;
  const command = spec.commands.find((c) => c.path === call.command);
  if (!command) {
    bad(at('call', 'command'), `no command "${call.command}"`);
    return;
  }
  const used = new Set<string>();
  const checkRefs = (path: YamlPath, word: string, where: 'argv' | 'stdin') => {
    const refs = wordRefs(word);
    for (const r of refs) {
      used.add(r);
      if (!byName.has(r)) bad(path, `no wrapper argument "${r}"`);
    }
    const conditional = refs.filter((r) => byName.get(r)?.optional && byName.get(r)?.default === undefined);
    if (where === 'stdin' && conditional.length) bad(path, `stdin cannot use the optional argument "${conditional[0]}"`);
    if (conditional.length > 1) bad(path, 'a word may use at most one optional argument (it is passed only when that one is set)');
    if (!PLAIN_WORD.test(wordLiteral(word))) bad(path, 'only $arg references, letters, digits and _=.,/:@%+- may appear (no shell syntax)');
  };
  let positionals = 0;
  call.argv?.forEach((word, j) => {
    const path = at('call', 'argv', j);
    checkRefs(path, word, 'argv');
    const flag = /^--([a-z][a-z0-9-]*)(=.*)?$/.exec(word);
    if (!flag) {
      positionals++;
      return;
    }
    const name = flag[1]!.replace(/-/g, '_');
    const spec_ = command.flags?.[name] ?? spec.global_flags.find((g) => g.name === name);
    if (!spec_) bad(path, `ic ${command.path} has no flag --${flag[1]}`);
    else if (spec_.type === 'boolean' && flag[2] !== undefined) bad(path, `--${flag[1]} is a bare switch and takes no value`);
    else if (spec_.type !== 'boolean' && flag[2] === undefined) bad(path, `--${flag[1]} needs a value (--${flag[1]}=...)`);
  });
  if (positionals > (command.positionals?.length ?? 0)) {
    bad(at('call', 'argv'), `${positionals} positional words, but ic ${command.path} takes ${command.positionals?.length ?? 0}`);
  }
  if (call.stdin !== undefined) checkRefs(at('call', 'stdin'), call.stdin, 'stdin');
  if (call.waits !== undefined && !byName.has(call.waits.slice(1)))
    bad(at('call', 'waits'), `no wrapper argument "${call.waits.slice(1)}"`);
  if (call.json && (command.output.json === 'none' || jsonIsText(command.output.json)))
    bad(at('call', 'json'), `ic ${command.path} has no JSON output`);
  args.forEach((a, i) => {
    if (!used.has(a.name) && !a.rest) bad(at('args', i), `argument "${a.name}" is not passed to ic`);
    if (a.rest && i !== args.length - 1) bad(at('args', i), `"${a.name}..." takes the rest of the arguments and must come last`);
  });
}
