// How a command's result becomes its output: the spec's text and JSON forms
// (compiled into each generated command as an Output) and the exit code the
// result decides. Handlers return data only.
import type { ExitCode } from './errors';

export interface Output<D> {
  /** The exit code the data decides (the spec's exit_codes with conditions); 0 when absent. */
  exit?: (data: D) => Extract<ExitCode, 0 | 1>;
  /** Text output without the final newline; "" prints nothing. */
  text: (data: D) => string;
  /** --json output; undefined: the command prints nothing under --json. */
  json?: (data: D) => string;
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
export const jsonObject = (keys: readonly string[]) => (data: object) => JSON.stringify(pick(data, keys));

export const jsonList = (keys: readonly string[]) => (data: readonly object[]) => JSON.stringify(data.map((d) => pick(d, keys)));

/** How a table row shows as JSON (spec `entities`): keys, renames and 0/1 flags that print as booleans. */
export interface EntityView {
  /** [JSON key, column] in key order. */
  readonly fields: readonly (readonly [string, string])[];
  readonly booleans: readonly string[];
}

/** A row as its entity's JSON view: unset (NULL) columns left out, 0/1 flags as booleans. */
export function entityJson(row: object, view: EntityView): Json {
  const out: Json = {};
  for (const [key, column] of view.fields) {
    const value = (row as Json)[column];
    if (value === null || value === undefined) continue;
    out[key] = view.booleans.includes(column) ? value === 1 : value;
  }
  return out;
}

export const entityObject = (view: EntityView) => (row: object) => JSON.stringify(entityJson(row, view));
export const entityList = (view: EntityView) => (rows: readonly object[]) => JSON.stringify(rows.map((r) => entityJson(r, view)));
