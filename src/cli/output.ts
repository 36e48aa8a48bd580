// How a command's result becomes its output: the spec's text and JSON forms
// (compiled into each generated command as an Output) and the exit code the
// result decides. Handlers return data only.
import { toJson } from '../format/json';
import type { CommandContext } from './context';
import { storedChain } from '../phase/chain';

export interface Output<D> {
  /** The exit code the data decides (the spec's exit_codes with conditions: 1, or any for a command with codes of its own); 0 when absent. */
  exit?: (data: D) => number;
  /** With --verbose, the message of that exit 1, reported on stderr as `ic: <path>: <message>` (spec `verbose_message`). */
  verbose?: (data: D) => string;
  /** Text output without the final newline; "" prints nothing. `g.verbose` shows the spec's verbose lines. */
  text: (data: D, g: { verbose: boolean }) => string;
  /** --json output; undefined: the command prints nothing under --json; 'text': --json is ignored, the text is printed. */
  json?: ((data: D) => string) | 'text';
  /** At a terminal (spec `output.tty`): the text drawn for the eye, from the data, the plain text and the context. */
  tty?: (data: D, text: string, ctx: CommandContext) => string;
}

/** Where a streaming command writes its records, a line each as soon as it has one. */
export interface RecordStream<R> {
  /** False once the output is gone (a reader that went away, a failed write): stop, and save nothing. */
  write(record: R): boolean;
}

export function recordStream<R>(stdout: { write(chunk: string): boolean }, line: (record: R) => string): RecordStream<R> {
  return { write: (record) => stdout.write(`${line(record)}\n`) };
}

type Json = Record<string, unknown>;

/**
 * The keys an object output declares: 1 for a value printed whole, a nested
 * tree for an object (or a list of objects) whose own keys are declared too.
 */
export interface KeyTree {
  readonly [key: string]: 1 | KeyTree;
}

/** A nested value with only its declared keys, in the order the value has them (gate evidence has a fixed one). */
function pickNested(value: unknown, keys: KeyTree): unknown {
  if (Array.isArray(value)) return value.map((v) => pickNested(v, keys));
  if (value === null || typeof value !== 'object') return value;
  const out: Json = {};
  for (const [key, v] of Object.entries(value)) {
    const sub = keys[key];
    if (sub === undefined || v === undefined) continue;
    out[key] = sub === 1 ? v : pickNested(v, sub);
  }
  return out;
}

/** The declared keys of an object output, in the order given (alphabetical, as the original printed them); unset ones left out. */
function pick(object: object, keys: KeyTree): Json {
  const out: Json = {};
  for (const [key, sub] of Object.entries(keys)) {
    const value = (object as Json)[key];
    if (value !== undefined) out[key] = sub === 1 ? value : pickNested(value, sub);
  }
  return out;
}

/** An object output: its declared keys, and in nested objects theirs (fields the text alone uses stay out). */
export const jsonObject = (keys: KeyTree) => (data: object) => toJson(pick(data, keys));

/** An object output whose data may be null (nothing found): null prints as null (spec `or_null`). */
export const jsonObjectOrNull = (keys: KeyTree) => (data: object | null) => (data === null ? 'null' : toJson(pick(data, keys)));

/** A list output; with `emptyNull` (spec `empty: null`) an empty list prints as null, as Go prints a nil slice. */
export const jsonList =
  (keys: KeyTree, options: { emptyNull?: boolean } = {}) =>
  (data: readonly object[]) =>
    options.emptyNull && data.length === 0 ? 'null' : toJson(data.map((d) => pick(d, keys)));

/**
 * One field of the data as the JSON output (spec `json: {field}`): a list of
 * objects with each item's keys in the declared order (unset ones left out),
 * anything else as it is.
 */
export const jsonField = (field: string, keys?: KeyTree) => (data: object) => {
  const value = (data as Json)[field];
  return toJson(keys && Array.isArray(value) ? value.map((item: object) => pick(item, keys)) : value);
};

/** How a table row shows as JSON (spec `entities`): keys, renames, and columns shown otherwise than stored. */
export interface EntityView {
  /** [JSON key, column, how] in key order. */
  readonly fields: readonly (readonly [string, string, { as?: 'boolean' | 'string_list' | 'json'; when?: string; omitZero?: boolean }?])[];
  /** A NULL column prints as null instead of being left out (spec `nulls: shown`). */
  readonly nulls?: true;
}

/**
 * A row as its entity's JSON view: unset (NULL) columns left out, 0/1 flags
 * as booleans, a stored JSON list as a list, a stored JSON document parsed
 * (left out when it does not parse), a field that depends on another column
 * left out while that one is unset, one that is left out at 0 left out.
 */
export function entityJson(row: object, view: EntityView): Json {
  const out: Json = {};
  for (const [key, column, how] of view.fields) {
    const value = (row as Json)[column];
    if (value === null || value === undefined) {
      if (view.nulls && how?.when === undefined) out[key] = null;
      continue;
    }
    if (how?.when !== undefined && ((row as Json)[how.when] === null || (row as Json)[how.when] === undefined)) continue;
    if (how?.omitZero && (value === 0 || value === '')) continue;
    if (how?.as === 'json') {
      const parsed = storedJson(value);
      if (parsed !== undefined) out[key] = parsed;
      continue;
    }
    out[key] = how?.as === 'boolean' ? value === 1 : how?.as === 'string_list' ? storedList(column, value) : value;
  }
  return out;
}

/** A stored JSON document, its objects' keys sorted (as Go prints the maps it decodes one into); undefined when it does not parse. */
function storedJson(value: unknown): unknown {
  const sorted = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(sorted)
      : v !== null && typeof v === 'object'
        ? Object.fromEntries(
            Object.keys(v)
              .sort()
              .map((k) => [k, sorted((v as Json)[k])]),
          )
        : v;
  try {
    return sorted(JSON.parse(String(value)));
  } catch {
    return undefined;
  }
}

/** A stored JSON list of names (the only one is runs.phases, a phase chain): read by the chain's one parser. */
function storedList(column: string, value: unknown): unknown {
  return storedChain(String(value), `the stored ${column}`);
}

export const entityObject = (view: EntityView) => (row: object) => toJson(entityJson(row, view));
export const entityList =
  (view: EntityView, options: { emptyNull?: boolean } = {}) =>
  (rows: readonly object[]) =>
    options.emptyNull && rows.length === 0 ? 'null' : toJson(rows.map((r) => entityJson(r, view)));
