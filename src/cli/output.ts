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

/** The declared keys of an object output, in the order given (alphabetical, as the original printed them); unset ones left out. */
function pick(object: object, keys: readonly string[]): Json {
  const out: Json = {};
  for (const key of keys) {
    const value = (object as Json)[key];
    if (value !== undefined) out[key] = value;
  }
  return out;
}

/** An object output: its declared keys; nested values keep their own order (gate evidence has a fixed one). */
export const jsonObject = (keys: readonly string[]) => (data: object) => toJson(pick(data, keys));

export const jsonList = (keys: readonly string[]) => (data: readonly object[]) => toJson(data.map((d) => pick(d, keys)));

/** How a table row shows as JSON (spec `entities`): keys, renames, and columns shown otherwise than stored. */
export interface EntityView {
  /** [JSON key, column, how] in key order. */
  readonly fields: readonly (readonly [string, string, { as?: 'boolean' | 'string_list' | 'json'; when?: string; omitZero?: boolean }?])[];
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
    if (value === null || value === undefined) continue;
    if (how?.when !== undefined && ((row as Json)[how.when] === null || (row as Json)[how.when] === undefined)) continue;
    if (how?.omitZero && value === 0) continue;
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
export const entityList = (view: EntityView) => (rows: readonly object[]) => toJson(rows.map((r) => entityJson(r, view)));
