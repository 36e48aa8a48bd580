// The few helpers generated renderers call: how a field prints, and the
// spec's output conditions (when / unless / nonzero / zero).

/** A field in text output: unset prints as ""; a JSON list or object (a `json` field) as compact JSON. */
export function str(value: unknown): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** `when`: set, meaning not null, undefined, false, "" or an empty list. */
export function present(value: unknown): boolean {
  return value !== undefined && value !== null && value !== false && value !== '' && !(Array.isArray(value) && value.length === 0);
}

/** `nonzero`: a number other than 0. */
export function nonzero(value: unknown): boolean {
  return typeof value === 'number' && value !== 0;
}

/** `Label:` padded to the block's width, then the value. */
export function blockLine(label: string, width: number, value: string): string {
  return `${label}:`.padEnd(width) + value;
}

/** `yesno`: a flag as yes or no; `unset` when it has no value. */
export function yesNo(value: unknown, unset = ''): string {
  return value === undefined || value === null ? unset : value ? 'yes' : 'no';
}

/** `join`: a list's items joined by the separator; unset prints as "". */
export function joined(value: unknown, separator: string): string {
  return Array.isArray(value) ? value.map(str).join(separator) : str(value);
}
