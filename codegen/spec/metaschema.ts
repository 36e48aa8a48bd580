// The shape of the spec (spec/intercore.yaml and its domain files, merged), as a TypeBox schema. The loader checks
// the parsed YAML against it before any generator runs; Static<> gives the
// generators their types.
import { Type, type Static } from '@sinclair/typebox';
import type { QueryDecl } from './queries';

const Name = Type.String({ pattern: '^[a-z][a-z0-9_]*$', description: 'a snake_case name' });
const Version = Type.Integer({ minimum: 1 });

// A value of a closed vocabulary (a status, an event type): lowercase words
// joined by `-`, `_` or `.` (`budget.warning`).
const SetValue = Type.String({ pattern: '^[a-z][a-z0-9]*([._-][a-z0-9]+)*$' });

export const ValueSetSpec = Type.Object(
  {
    description: Type.String(),
    values: Type.Array(SetValue, { minItems: 1, uniqueItems: true }),
    // Named subsets (terminal, active) that code and SQL test membership of.
    groups: Type.Optional(Type.Record(Name, Type.Array(SetValue, { minItems: 1, uniqueItems: true }))),
  },
  { additionalProperties: false },
);

const PhaseName = Type.String({ pattern: '^[A-Za-z0-9_-]+$' });

// A command path: words of lowercase letters, a word's parts joined by `-` (`goal lint-condition`).
const CommandPath = Type.String({ pattern: '^[a-z]+(-[a-z]+)*( [a-z]+(-[a-z]+)*)*$' });

export const PhasesSpec = Type.Object(
  {
    description: Type.String(),
    // The default chain: runs without a chain of their own walk it.
    chain: Type.Array(PhaseName, { minItems: 2, uniqueItems: true }),
    // The phase whose arrival (an advance into it) starts the run's waiting agents.
    auto_spawn: PhaseName,
    // Gate rules: what a move from one phase to another must show.
    gates: Type.Array(
      Type.Object(
        {
          from: PhaseName,
          to: PhaseName,
          checks: Type.Array(Type.Object({ check: Name, phase: Type.Optional(PhaseName) }, { additionalProperties: false })),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);

// A named phase chain a run opts into by passing it as its own chain
// (run create --phases): never a default, so no run in flight changes its walk.
export const ChainSpec = Type.Object(
  {
    description: Type.String(),
    phases: Type.Array(PhaseName, { minItems: 2, uniqueItems: true }),
  },
  { additionalProperties: false },
);

export const MigrationSpec = Type.Object(
  {
    version: Version,
    description: Type.String(),
    // Statements run, in order, after the tables, columns and indexes that
    // arrive in this version (data moves, table rebuilds).
    sql: Type.Array(Type.String({ minLength: 1 }), { minItems: 1 }),
  },
  { additionalProperties: false },
);

// A SQL expression of the schema (a CHECK, an index's WHERE, a trigger's
// body): written into the DDL as given.
const SqlText = Type.String({ minLength: 1 });

export const ColumnSpec = Type.Object(
  {
    // SQLite's storage class: text, integer, real, blob; boolean is an
    // integer column holding 0/1.
    type: Type.Union([Type.Literal('text'), Type.Literal('integer'), Type.Literal('real'), Type.Literal('blob'), Type.Literal('boolean')]),
    required: Type.Optional(Type.Boolean()),
    // A literal ('' and '{}' included; a real column's 0 is written 0.0), or
    // `now`: the current Unix time, (unixepoch()).
    default: Type.Optional(Type.Union([Type.String(), Type.Number()])),
    primary: Type.Optional(Type.Boolean()),
    autoincrement: Type.Optional(Type.Boolean()),
    generate: Type.Optional(Type.Literal('id8')),
    // UNIQUE on the column alone (several columns: the table's `unique`).
    unique: Type.Optional(Type.Boolean()),
    // A CHECK constraint on the column: a SQL expression.
    check: Type.Optional(SqlText),
    references: Type.Optional(Type.String({ pattern: '^[a-z_]+\\.[a-z_]+$' })),
    // What deleting the referenced row does (default: SQLite's NO ACTION).
    on_delete: Type.Optional(Type.Union([Type.Literal('restrict'), Type.Literal('cascade'), Type.Literal('set_null')])),
    // The value set (value_sets) every stored value must belong to.
    values: Type.Optional(Name),
    since: Type.Optional(Version),
    description: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);

// An index column: a column name, `name desc` for a descending key.
const IndexColumn = Type.String({ pattern: '^[a-z][a-z0-9_]*( desc)?$' });

export const IndexSpec = Type.Object(
  {
    name: Type.String({ pattern: '^[a-z][a-z0-9_]*$' }),
    columns: Type.Array(IndexColumn, { minItems: 1 }),
    where: Type.Optional(SqlText),
    unique: Type.Optional(Type.Boolean()),
    since: Type.Optional(Version),
    // The version whose migration drops the index (it exists in since ..
    // dropped - 1 only, and a fresh database never has it).
    dropped: Type.Optional(Version),
    description: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);

// A trigger on the table: `CREATE TRIGGER name <timing> <event> ON table
// BEGIN <body> END`.
export const TriggerSpec = Type.Object(
  {
    name: Type.String({ pattern: '^[a-z][a-z0-9_]*$' }),
    timing: Type.Union([Type.Literal('before'), Type.Literal('after')]),
    event: Type.Union([Type.Literal('insert'), Type.Literal('update'), Type.Literal('delete')]),
    // The statements between BEGIN and END, each ending in `;`.
    body: SqlText,
    since: Type.Optional(Version),
    description: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);

// A row every database holds from `since` on (INSERT OR IGNORE: written once,
// never overwritten). A value `now` is the Unix time of the insert.
export const SeedSpec = Type.Object(
  {
    since: Type.Optional(Version),
    description: Type.String(),
    row: Type.Record(Name, Type.Union([Type.String(), Type.Number()]), { minProperties: 1 }),
  },
  { additionalProperties: false },
);

// A table-level FOREIGN KEY (column) REFERENCES table(column): the same
// rule as a column's `references`, written as its own clause.
export const ForeignKeySpec = Type.Object(
  {
    column: Name,
    references: Type.String({ pattern: '^[a-z_]+\\.[a-z_]+$' }),
    on_delete: Type.Optional(Type.Union([Type.Literal('restrict'), Type.Literal('cascade'), Type.Literal('set_null')])),
  },
  { additionalProperties: false },
);

export const TableSpec = Type.Object(
  {
    since: Version,
    description: Type.String(),
    columns: Type.Record(Name, ColumnSpec),
    primary_key: Type.Optional(Type.Array(Name, { minItems: 1 })),
    // UNIQUE constraints over several columns, each a list of columns.
    unique: Type.Optional(Type.Array(Type.Array(Name, { minItems: 1 }), { minItems: 1 })),
    foreign_keys: Type.Optional(Type.Array(ForeignKeySpec, { minItems: 1 })),
    indexes: Type.Optional(Type.Array(IndexSpec)),
    triggers: Type.Optional(Type.Array(TriggerSpec, { minItems: 1 })),
    seeds: Type.Optional(Type.Array(SeedSpec, { minItems: 1 })),
    // A database at this version or later (but before the table's own) gets
    // the table with only the columns of its version, later ones added at its
    // end as they arrive, as Go's Migrate made it for such databases;
    // otherwise a migration creates a missing table with every column it has
    // now, as Go's schema.sql does.
    stepwise_from: Type.Optional(Version),
  },
  { additionalProperties: false },
);

// A field of an entity: a column, or {column, as (its JSON key), parse
// (string_list: the column holds a JSON array of strings, shown as an
// array; json: a JSON document, shown parsed, left out when it does not
// parse), when (shown only when that other column is set), omit_zero (left
// out when 0, false or '')}.
export const EntityField = Type.Union([
  Name,
  Type.Object(
    {
      column: Name,
      // The JSON key (any identifier: Go's untagged structs print their field names, `ClosingRunID`).
      as: Type.Optional(Type.String({ pattern: '^[A-Za-z][A-Za-z0-9_]*$' })),
      parse: Type.Optional(Type.Union([Type.Literal('string_list'), Type.Literal('json')])),
      when: Type.Optional(Name),
      omit_zero: Type.Optional(Type.Literal(true)),
    },
    { additionalProperties: false },
  ),
]);

// `keys: declared`: the keys print in the order of `fields` (a Go struct's
// order) instead of alphabetically; `nulls: shown`: a NULL column prints as
// null instead of being left out (a Go struct field without omitempty).
export const EntitySpec = Type.Object(
  {
    table: Name,
    fields: Type.Array(EntityField, { minItems: 1 }),
    keys: Type.Optional(Type.Literal('declared')),
    nulls: Type.Optional(Type.Literal('shown')),
  },
  { additionalProperties: false },
);

export const FlagSpec = Type.Object(
  {
    type: Type.Union([
      Type.Literal('string'),
      Type.Literal('integer'),
      Type.Literal('boolean'),
      Type.Literal('bool'),
      Type.Literal('duration'),
      Type.Literal('int64'),
      Type.Literal('enum'),
      // A JSON text, parsed; `json` says which kind of value it must be.
      Type.Literal('json'),
    ]),
    json: Type.Optional(Type.Union([Type.Literal('list'), Type.Literal('object'), Type.Literal('any')])),
    // A check of the value (an export of src/<domain>/checks.ts) that takes
    // the raw text (or, for type json, the parsed value) and returns what
    // the handler gets, or throws a usage error: the argument's type is its
    // return type.
    check: Type.Optional(Type.String({ pattern: '^[a-z]+\\.[a-zA-Z]+$' })),
    required: Type.Optional(Type.Boolean()),
    default: Type.Optional(Type.Union([Type.String(), Type.Integer(), Type.Boolean()])),
    min: Type.Optional(Type.Integer()),
    max: Type.Optional(Type.Integer()),
    // An enum's values: a list, or the name of a value set.
    values: Type.Optional(Type.Union([Type.Array(Type.String(), { minItems: 1 }), Name])),
    // The placeholder of the flag's value in help, usage and the manual
    // (`--goal=<text>`); without it, derived from the type (enum: its values).
    value_name: Type.Optional(Type.String({ minLength: 1 })),
    // What the flag does, as help, the manual and completion say it: every
    // flag has one (help lists each flag with it).
    description: Type.String({ minLength: 1 }),
    // The message for a value that does not parse or is out of range, when
    // the contract words it: "invalid token-budget (positive integer): {{value}}".
    invalid: Type.Optional(Type.String()),
    // A one-letter alias: `short: f` makes -f mean --follow.
    short: Type.Optional(Type.String({ pattern: '^[a-zA-Z]$' })),
    // A duration flag that takes negative values too (`-1s`, as Go parses
    // them); the handler says what they mean (lock acquire: wait the default).
    allow_negative: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export const GlobalFlagSpec = Type.Composite([
  Type.Object({
    name: Name,
    // A flag about the database (--db, the busy --timeout): it does nothing for
    // a command declared `db: none`, whose usage and completion leave it out.
    database: Type.Optional(Type.Literal(true)),
    // A flag about what is drawn for a terminal (--color): it does nothing for
    // a command without `output.tty` or `progress`, whose usage and completion leave it out.
    display: Type.Optional(Type.Literal(true)),
    // The rules of the flag's value, in prose: printed under it in the help's
    // footer and in the manual's GLOBAL FLAGS (--db: where the file may be).
    details: Type.Optional(Type.String()),
  }),
  FlagSpec,
]);

export const PositionalSpec = Type.Object(
  {
    name: Name,
    required: Type.Boolean(),
    values: Type.Optional(Type.Array(Type.String(), { minItems: 1, description: 'the only values accepted' })),
    // A check of the value (an export of src/<domain>/checks.ts), run after
    // the argument count is checked and before any flag is parsed.
    check: Type.Optional(Type.String({ pattern: '^[a-z]+\\.[a-zA-Z]+$' })),
    // What the argument is, as help's Arguments and the manual say it: every
    // positional has one.
    description: Type.String({ minLength: 1 }),
    // The ids shell completion offers for the argument, asked of the
    // database (ic completion-ids <kind>): runs or dispatches.
    complete: Type.Optional(Type.Union([Type.Literal('runs'), Type.Literal('dispatches')])),
  },
  { additionalProperties: false },
);

const When = Type.Union([Name, Type.Array(Name, { minItems: 1 })]);
const Value = Type.Union([Type.String(), Type.Integer(), Type.Array(Type.String())]);

export const WhereSpec = Type.Object(
  {
    column: Name,
    op: Type.Optional(
      Type.Union([
        Type.Literal('eq'),
        Type.Literal('lt'),
        Type.Literal('le'),
        Type.Literal('gt'),
        Type.Literal('in'),
        Type.Literal('null_or_gt'),
      ]),
    ),
    value: Value,
    if: Type.Optional(Name),
  },
  { additionalProperties: false },
);

export const OperationSpec = Type.Object(
  {
    kind: Type.Union([Type.Literal('insert'), Type.Literal('get'), Type.Literal('list'), Type.Literal('update'), Type.Literal('delete')]),
    table: Name,
    key: Type.Optional(Type.Record(Name, Value)),
    where: Type.Optional(Type.Array(WhereSpec)),
    select: Type.Optional(Type.Array(Name, { minItems: 1 })),
    order: Type.Optional(Type.Array(Type.String({ pattern: '^[a-z_]+( (asc|desc))?$' }), { minItems: 1 })),
    values: Type.Optional(Type.Record(Name, Value)),
    set: Type.Optional(Type.Record(Name, Value)),
    missing_parent: Type.Optional(Type.String()),
    not_found: Type.Optional(Type.String()),
    // Tables the operation reads in full (a list of every row): allowed by the plan check.
    scans: Type.Optional(Type.Array(Name, { minItems: 1 })),
  },
  { additionalProperties: false },
);

// Conditions on output fields: when (set: not null, false, "" or []), unless
// (not set), nonzero (any is a number other than 0), zero (all are 0),
// equals (each named field equals the value, or one of the values).
const Conditions = {
  when: Type.Optional(When),
  unless: Type.Optional(When),
  nonzero: Type.Optional(When),
  zero: Type.Optional(When),
  equals: Type.Optional(Type.Record(Name, Type.Union([Type.String(), Type.Array(Type.String(), { minItems: 1 })]))),
  // More conditions that must hold too (to test one kind of condition twice).
  and: Type.Optional(
    Type.Array(
      Type.Object(
        { when: Type.Optional(When), unless: Type.Optional(When), nonzero: Type.Optional(When), zero: Type.Optional(When) },
        { additionalProperties: false },
      ),
      { minItems: 1 },
    ),
  ),
};

// An exit code a command's output decides (`1: {meaning: throttled, unless:
// allowed}`), or one its handler raises as an error (`1: unknown id`). An
// exit the output decides is silent; with `verbose_message` (a template of
// the output's fields) --verbose reports it as `ic: <path>: <message>` on
// stderr.
// Over list data, `any` holds when some item meets its conditions (on the item's fields).
export const ExitCodeSpec = Type.Union([
  Type.String(),
  Type.Object(
    {
      meaning: Type.String(),
      verbose_message: Type.Optional(Type.String({ minLength: 1 })),
      ...Conditions,
      any: Type.Optional(
        Type.Object(
          { when: Type.Optional(When), unless: Type.Optional(When), equals: Conditions.equals },
          { additionalProperties: false, minProperties: 1 },
        ),
      ),
    },
    { additionalProperties: false },
  ),
]);

// A line of text, or with `each: a.b`, one line per item of that nested
// list of the data (an item's fields first, then its parent's). With
// `verbose: true` the line is printed only under --verbose.
const TextCase = Type.Object(
  {
    line: Type.String(),
    each: Type.Optional(Type.String({ pattern: '^[a-z_]+(\\.[a-z_]+)*$' })),
    verbose: Type.Optional(Type.Literal(true)),
    ...Conditions,
  },
  { additionalProperties: false },
);

// `raw: field` prints one field's text as it is (a stored document, a script).
const RawOutput = Type.Object({ raw: Name }, { additionalProperties: false });

export const TextOutput = Type.Union([
  Type.Literal('none'),
  // The text is the JSON output (printed with or without --json, as the original prints it).
  Type.Literal('json'),
  RawOutput,
  // Text no template can say (a count after the rows, a word chosen from a column):
  // `render: domain.fn`, an export of src/<domain>/text.ts given the data.
  Type.Object({ render: Type.String({ pattern: '^[a-z]+\\.[a-zA-Z]+$' }) }, { additionalProperties: false }),
  // Lines written while the command runs, one record (spec `records`) each: the handler gets a writer for them.
  Type.Object({ stream: Type.String({ pattern: '^[A-Z][A-Za-z]*$' }) }, { additionalProperties: false }),
  Type.Object({ line: Type.String() }, { additionalProperties: false }),
  Type.Object({ cases: Type.Array(TextCase, { minItems: 1 }) }, { additionalProperties: false }),
  Type.Object(
    {
      rows: Type.Array(Type.String(), { minItems: 1 }),
      header: Type.Optional(Type.String({ description: 'a first line, printed even when there are no rows' })),
    },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      block: Type.Object(
        {
          width: Type.Integer({ minimum: 1 }),
          rows: Type.Array(
            Type.Object(
              {
                label: Type.String(),
                value: Type.String(),
                // A row whose label is wider than the block's pads it to its own width.
                width: Type.Optional(Type.Integer({ minimum: 1 })),
                ...Conditions,
              },
              { additionalProperties: false },
            ),
            {
              minItems: 1,
            },
          ),
        },
        { additionalProperties: false },
      ),
    },
    { additionalProperties: false },
  ),
]);

// A JSON object shape: key -> a scalar type (string, integer, number,
// boolean; `[]` after it for a list of them; `|null` when null is a value;
// a trailing ? when the key may be left out), or a nested {object: shape}
// or {list: shape} (optional: true when it may be left out). See
// codegen/shapes.ts.
// Keys are snake_case names, or any identifier where Go prints a struct
// without JSON tags (its field names: `RunID`).
const ShapeKey = Type.String({ pattern: '^[A-Za-z][A-Za-z0-9_]*$', description: 'a JSON key' });

export const ObjectShape = Type.Recursive(
  (This) =>
    Type.Record(
      ShapeKey,
      Type.Union([
        // `json`: any JSON value (a stored document shown parsed, or its text when it does not parse).
        Type.String({ pattern: '^(string|integer|number|boolean|json)(\\[\\])?(\\|null)?\\??$' }),
        Type.Object({ object: This, optional: Type.Optional(Type.Boolean()) }, { additionalProperties: false }),
        Type.Object({ list: This, optional: Type.Optional(Type.Boolean()) }, { additionalProperties: false }),
      ]),
    ),
  { $id: 'ObjectShape' },
);

// `keys: declared`: the keys print in the order written (a Go struct's)
// rather than alphabetically. `or_null: true`: the data may be null (nothing
// found), printed as null. `empty: 'null'`: an empty list prints as null (Go's
// nil slice).
const ObjectOutput = Type.Object(
  { object: ObjectShape, keys: Type.Optional(Type.Literal('declared')), or_null: Type.Optional(Type.Literal(true)) },
  { additionalProperties: false },
);
const ObjectListOutput = Type.Object(
  {
    list: Type.Union([Type.String(), Type.Object({ object: ObjectShape }, { additionalProperties: false })]),
    keys: Type.Optional(Type.Literal('declared')),
    empty: Type.Optional(Type.Literal('null')),
  },
  { additionalProperties: false },
);

export const JsonOutput = Type.Union([
  Type.Literal('none'),
  // --json is ignored: the text output is printed.
  Type.Literal('text'),
  RawOutput,
  // The JSON of one field of the data (declared by `output.data`): a list
  // printed as a top-level array, its objects' keys in the order the data
  // declares them (a Go struct's order).
  Type.Object({ field: Name }, { additionalProperties: false }),
  Type.Object({ entity: Type.String() }, { additionalProperties: false }),
  ObjectOutput,
  ObjectListOutput,
]);

export const CommandSpec = Type.Object(
  {
    path: CommandPath,
    summary: Type.String(),
    details: Type.Optional(Type.String()),
    db: Type.Optional(Type.Union([Type.Literal('required'), Type.Literal('optional'), Type.Literal('create'), Type.Literal('none')])),
    positionals: Type.Optional(Type.Array(PositionalSpec)),
    flags: Type.Optional(Type.Record(Name, FlagSpec)),
    require_one_of: Type.Optional(Type.Array(Name, { minItems: 2 })),
    handler: Type.Optional(Type.String({ pattern: '^[a-z]+\\.[a-zA-Z]+$' })),
    operation: Type.Optional(OperationSpec),
    exit_codes: Type.Optional(Type.Record(Type.String({ pattern: '^[0-5]$' }), ExitCodeSpec, { additionalProperties: false })),
    // A command whose exit codes are its own (receipt verify: 0-4 are
    // verdicts): every error it ends with (exit 2, or 3 for a usage error)
    // exits with this code instead, and codes other than 1 may follow from
    // its output. A raised negative answer (exit 1) stays 1.
    error_exit: Type.Optional(Type.Integer({ minimum: 4, maximum: 125 })),
    // After the command's transaction commits, the events it recorded go to
    // the event handlers (log, hooks, auto-spawn).
    notify: Type.Optional(Type.Boolean()),
    // At a terminal (stdout a TTY, NO_COLOR unset, TERM not dumb) the text
    // output may be drawn by a renderer, `tty: domain.fn` naming an export of
    // src/<domain>/tty.ts; piped, the text is always `text`, byte for byte.
    output: Type.Object(
      {
        text: TextOutput,
        json: JsonOutput,
        // The shape of the data, when the JSON output does not declare it (json: text or none).
        data: Type.Optional(
          Type.Union([
            Type.Object({ object: ObjectShape }, { additionalProperties: false }),
            Type.Object({ list: Type.Object({ object: ObjectShape }, { additionalProperties: false }) }, { additionalProperties: false }),
          ]),
        ),
        tty: Type.Optional(Type.String({ pattern: '^[a-z]+\\.[a-zA-Z]+$' })),
      },
      { additionalProperties: false },
    ),
    // The handler reports progress (ctx.progress): when stderr is a terminal,
    // one status line there, overwritten in place and cleared at the end.
    progress: Type.Optional(Type.Boolean()),
    // [what it does, the command line]: the Examples of its --help and the manual.
    examples: Type.Optional(Type.Array(Type.Tuple([Type.String(), Type.String({ pattern: '^(ic |.*\\bic )' })]))),
    // Left out of the help and of completion (a helper the completion scripts
    // call, not a command for people); the manual and AGENTS.md list it.
    hidden: Type.Optional(Type.Literal(true)),
  },
  { additionalProperties: false },
);

// A wrapper argument as the function takes it: `name` (required), `name?`
// (optional, empty when not given) or `name=default` (a literal word or a
// $VARIABLE of the environment, used when the argument is empty).
// The last argument may be `name...`: the rest of the wrapper's arguments,
// passed to ic as they are (extra flags).
export const WrapperArg = Type.String({ pattern: '^[a-z][a-z0-9_]*(\\?|\\.\\.\\.|=(\\$[A-Z][A-Z0-9_]*|[A-Za-z0-9_./:-]+))?$' });

// The one ic call of a simple wrapper. `argv` are the words after the
// command path; `$arg` names a wrapper argument. A word that names an
// optional argument without a default is passed only when that argument is
// non-empty.
export const WrapperCall = Type.Object(
  {
    command: CommandPath,
    argv: Type.Optional(Type.Array(Type.String({ minLength: 1 }))),
    stdin: Type.Optional(Type.String({ description: 'a word piped to ic on stdin' })),
    json: Type.Optional(Type.Boolean({ description: 'pass --json' })),
    stdout: Type.Optional(Type.Union([Type.Literal('print'), Type.Literal('discard')], { description: 'default print' })),
    // `$arg`: an argument holding a duration ic itself waits for (dispatch
    // wait --timeout); the call's time bound grows by that much.
    waits: Type.Optional(Type.String({ pattern: '^\\$[a-z][a-z0-9_]*$' })),
    // ic's stderr: discarded (default) or passed through to the caller's.
    stderr: Type.Optional(Type.Union([Type.Literal('discard'), Type.Literal('pass')])),
    // Print ic's stdout on exit 1 too (run budget prints its JSON when exceeded).
    print_negative: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

const ReturnCode = Type.Union([Type.Literal(0), Type.Literal(1)]);

// A bash function of lib-intercore.sh. Either simple (`call` plus the return
// policy: ic's exit 0 returns 0, exit 1 returns `negative_returns`, and ic
// missing or exiting 2 or more returns `failed_returns` and prints nothing),
// or with logic in a handwritten partial codegen/templates/wrappers/<partial>.sh,
// which says in `calls` which ic commands it runs and in prose what it
// prints, returns and does when ic is unavailable.
export const WrapperSpec = Type.Object(
  {
    name: Type.String({ pattern: '^intercore_[a-z_]+$' }),
    summary: Type.String(),
    args: Type.Optional(Type.Array(WrapperArg)),
    call: Type.Optional(WrapperCall),
    negative_returns: Type.Optional(ReturnCode),
    failed_returns: Type.Optional(ReturnCode),
    // ic's exit 3 (the caller's mistake) is returned as 3 rather than as a failure.
    usage_returns: Type.Optional(Type.Literal(3)),
    // ic's exit 2 is one of the command's answers (what it means, for the
    // wrapper's comment): returned as failed_returns, without the health hint.
    exit_2_answer: Type.Optional(Type.String()),
    // Pass --db "$INTERCORE_DB" when the caller set it (the v6 gate, skip,
    // token and budget wrappers; the others use ic's own discovery).
    db: Type.Optional(Type.Boolean()),
    // The lib-intercore.sh version the wrapper arrived in (default 0.3.0).
    since: Type.Optional(Type.String({ pattern: '^\\d+\\.\\d+\\.\\d+$' })),
    partial: Type.Optional(Type.String({ pattern: '^[a-z][a-z0-9-]*$' })),
    calls: Type.Optional(Type.Array(CommandPath)),
    // Partials only: what it runs, in words, when that is not (only) the
    // commands of `calls` (the lock wrappers run ic lock ... directly).
    runs: Type.Optional(Type.String()),
    prints: Type.Optional(Type.String()),
    returns: Type.Optional(Type.String()),
    fallback: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);

export const WrapperConstant = Type.Object(
  {
    value: Type.String({ pattern: '^[A-Za-z0-9_./:-]*$' }),
    description: Type.String(),
    // The caller may set it before sourcing; the library keeps that value.
    preset: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export const WrappersSpec = Type.Object(
  {
    version: Type.String({ pattern: '^\\d+\\.\\d+\\.\\d+$' }),
    description: Type.String(),
    constants: Type.Record(Type.String({ pattern: '^INTERCORE_[A-Z_]+$' }), WrapperConstant),
    functions: Type.Array(WrapperSpec, { minItems: 1 }),
  },
  { additionalProperties: false },
);

// A record: a JSON document ic writes outside a command's --json (a line of
// a stream, a hook's stdin), its fields in a fixed order.
export const RecordSpec = Type.Object(
  {
    description: Type.String(),
    fields: Type.Array(
      Type.Object(
        {
          name: Name,
          // string_list: an array of strings (left out when empty if optional);
          // record: a nested object, the record named by `record`;
          // record_list: an array of them.
          type: Type.Union([
            Type.Literal('string'),
            Type.Literal('integer'),
            Type.Literal('string_list'),
            Type.Literal('record'),
            Type.Literal('record_list'),
          ]),
          record: Type.Optional(Type.String({ pattern: '^[A-Z][A-Za-z]*$' })),
          optional: Type.Optional(Type.Boolean()),
          values: Type.Optional(Type.Array(Type.String(), { minItems: 1 })),
          description: Type.String(),
        },
        { additionalProperties: false },
      ),
      { minItems: 1 },
    ),
  },
  { additionalProperties: false },
);

export const SpecSchema = Type.Object(
  {
    binary: Type.Object(
      { name: Type.String(), version: Type.String({ pattern: '^\\d+\\.\\d+\\.\\d+$' }), description: Type.String() },
      { additionalProperties: false },
    ),
    schema_version: Version,
    exit_codes: Type.Array(
      Type.Object({ code: Type.Integer({ minimum: 0, maximum: 3 }), name: Name, meaning: Type.String() }, { additionalProperties: false }),
      { minItems: 1 },
    ),
    global_flags: Type.Array(GlobalFlagSpec),
    // The manual page's prose: a description, the environment variables and
    // the files ic and its wrappers use.
    manual: Type.Optional(
      Type.Object(
        {
          description: Type.String(),
          environment: Type.Record(Type.String({ pattern: '^[A-Z][A-Z0-9_]*$' }), Type.String()),
          files: Type.Record(Type.String(), Type.String()),
        },
        { additionalProperties: false },
      ),
    ),
    // The top-level help (ic --help): the commands in groups, in this order,
    // each group a title and the command paths or path prefixes it lists
    // (a command is in the group naming its longest prefix; one in no group
    // is listed last, under "Other commands"); `docs`
    // says where the documentation is (the help's footer, the manual's SEE ALSO).
    help: Type.Optional(
      Type.Object(
        {
          groups: Type.Array(
            Type.Object(
              { title: Type.String(), commands: Type.Array(CommandPath, { minItems: 1, uniqueItems: true }) },
              { additionalProperties: false },
            ),
            { minItems: 1 },
          ),
          docs: Type.String(),
        },
        { additionalProperties: false },
      ),
    ),
    value_sets: Type.Record(Name, ValueSetSpec),
    phases: PhasesSpec,
    tables: Type.Record(Name, TableSpec),
    migrations: Type.Optional(Type.Array(MigrationSpec)),
    entities: Type.Record(Type.String({ pattern: '^[A-Z][A-Za-z]*$' }), EntitySpec),
    records: Type.Optional(Type.Record(Type.String({ pattern: '^[A-Z][A-Za-z]*$' }), RecordSpec)),
    chains: Type.Optional(Type.Record(Name, ChainSpec)),
    commands: Type.Array(CommandSpec, { minItems: 1 }),
    wrappers: Type.Optional(WrappersSpec),
  },
  { additionalProperties: false },
);

/** The spec as the generators see it: the merged files, and the queries of spec/queries/. */
export type Spec = Static<typeof SpecSchema> & { queries?: QueryDecl[] };
export type ValueSetSpec = Static<typeof ValueSetSpec>;
export type RecordSpec = Static<typeof RecordSpec>;
export type PhasesSpec = Static<typeof PhasesSpec>;
export type ChainSpec = Static<typeof ChainSpec>;
export type MigrationSpec = Static<typeof MigrationSpec>;
export type ExitCodeSpec = Static<typeof ExitCodeSpec>;
export type ObjectShape = Static<typeof ObjectShape>;
export type ShapeField = ObjectShape[string];
export type TableSpec = Static<typeof TableSpec>;
export type ColumnSpec = Static<typeof ColumnSpec>;
export type IndexSpec = Static<typeof IndexSpec>;
export type TriggerSpec = Static<typeof TriggerSpec>;
export type SeedSpec = Static<typeof SeedSpec>;
export type ForeignKeySpec = Static<typeof ForeignKeySpec>;
export type EntitySpec = Static<typeof EntitySpec>;
export type CommandSpec = Static<typeof CommandSpec>;
export type FlagSpec = Static<typeof FlagSpec>;
export type GlobalFlagSpec = Static<typeof GlobalFlagSpec>;
export type OperationSpec = Static<typeof OperationSpec>;
export type WhereSpec = Static<typeof WhereSpec>;
export type TextOutput = Static<typeof TextOutput>;
export type JsonOutput = Static<typeof JsonOutput>;
export type WrapperSpec = Static<typeof WrapperSpec>;
export type WrapperCall = Static<typeof WrapperCall>;
export type WrappersSpec = Static<typeof WrappersSpec>;
