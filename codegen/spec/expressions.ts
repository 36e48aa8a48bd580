// The spec's three tiny expression forms (see spec/README.md),
// parsed once here so that the checker and the generators agree.

/** A field reference in a template: `{{name}}`, or filtered: `{{name|pad:20}}`, `{{name|yesno:n/a}}`. */
export interface FieldRef {
  field: string;
  filter?: string;
  /** The filter's argument, after the colon. */
  arg?: string;
}

/** A piece of a template: literal text, a field, or `[[...]]`: printed only when every field inside is set. */
export type TemplatePart = { text: string } | FieldRef | { optional: ({ text: string } | FieldRef)[] };

const FIELD = /\{\{\s*([a-z_][a-z0-9_]*)(?:\|([a-z][a-z0-9]*)(?::([^}]*))?)?\s*\}\}/g;

/** The filters a template may apply, and whether each needs an argument. */
export const FILTERS: Readonly<Record<string, { arg: 'integer' | 'text' | 'optional' | 'none' }>> = {
  pad: { arg: 'integer' },
  yesno: { arg: 'optional' },
  upper: { arg: 'none' },
  fixed1: { arg: 'optional' },
  // `%.<n>f` as Go prints it
  fixed: { arg: 'integer' },
  lpad: { arg: 'integer' },
  rfc3339: { arg: 'none' },
  // A Unix time as local `YYYY-MM-DD hh:mm:ss` (Go's "2006-01-02 15:04:05"); `datetime:minutes` stops at the minutes.
  datetime: { arg: 'optional' },
  // A Unix time as local `hh:mm:ss` (Go's "15:04:05").
  clock: { arg: 'none' },
  age: { arg: 'none' },
  join: { arg: 'optional' },
  either: { arg: 'text' },
};

/** `{{field}}` references in a text template. */
export function templateFields(template: string): string[] {
  return templateRefs(template).map((r) => r.field);
}

export function templateRefs(template: string): FieldRef[] {
  return templateParts(template)
    .flatMap((p) => ('optional' in p ? p.optional : [p]))
    .filter((p): p is FieldRef => 'field' in p);
}

function plainParts(template: string): ({ text: string } | FieldRef)[] {
  const parts: ({ text: string } | FieldRef)[] = [];
  let last = 0;
  for (const m of template.matchAll(FIELD)) {
    if (m.index! > last) parts.push({ text: template.slice(last, m.index) });
    parts.push({ field: m[1]!, ...(m[2] !== undefined && { filter: m[2] }), ...(m[3] !== undefined && { arg: m[3] }) });
    last = m.index! + m[0].length;
  }
  if (last < template.length) parts.push({ text: template.slice(last) });
  return parts;
}

/** The template split into literal text, field references and optional groups, in order. */
export function templateParts(template: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let last = 0;
  // A `]` right after the closing `]]` belongs inside (`[[ [{{tier}}]]]`).
  for (const m of template.matchAll(/\[\[(.*?)\]\](?!\])/g)) {
    if (m.index! > last) parts.push(...plainParts(template.slice(last, m.index)));
    parts.push({ optional: plainParts(m[1]!) });
    last = m.index! + m[0].length;
  }
  if (last < template.length) parts.push(...plainParts(template.slice(last)));
  return parts;
}

/** A value in an operation: an argument, now, now minus a duration argument, or a literal. */
export type ValueExpr =
  | { kind: 'arg'; name: string }
  | { kind: 'now' }
  | { kind: 'now_minus'; name: string }
  | { kind: 'literal'; value: string | number | (string | number)[] };

export function parseValue(value: string | number | string[]): ValueExpr {
  if (typeof value === 'string') {
    if (value === 'now') return { kind: 'now' };
    let m = /^\$([a-z_][a-z0-9_]*)$/.exec(value);
    if (m) return { kind: 'arg', name: m[1]! };
    m = /^now-\$([a-z_][a-z0-9_]*)$/.exec(value);
    if (m) return { kind: 'now_minus', name: m[1]! };
  }
  return { kind: 'literal', value };
}

/** `when:` / `unless:` as a list of field names. */
export function whenFields(when: string | string[] | undefined): string[] {
  return when === undefined ? [] : Array.isArray(when) ? when : [when];
}

export interface Conditions {
  when?: string | string[];
  unless?: string | string[];
  nonzero?: string | string[];
  zero?: string | string[];
  equals?: Record<string, string | string[]>;
  and?: Conditions[];
}

export function conditionFields(c: Conditions): string[] {
  return [
    ...whenFields(c.when),
    ...whenFields(c.unless),
    ...whenFields(c.nonzero),
    ...whenFields(c.zero),
    ...Object.keys(c.equals ?? {}),
    ...(c.and ?? []).flatMap(conditionFields),
  ];
}

/** Whether a condition object has any condition in it. */
export function hasConditions(c: Conditions): boolean {
  return conditionFields(c).length > 0;
}

/** A wrapper argument: `name`, `name?` (optional) or `name=default`. */
export interface WrapperArgExpr {
  name: string;
  optional: boolean;
  /** Used when the argument is empty: a literal word or `$VARIABLE`. */
  default?: string;
  /** `name...`: the rest of the arguments. */
  rest?: boolean;
}

export function parseWrapperArg(arg: string): WrapperArgExpr {
  if (arg.endsWith('...')) return { name: arg.slice(0, -3), optional: true, rest: true };
  const eq = arg.indexOf('=');
  if (eq !== -1) return { name: arg.slice(0, eq), optional: true, default: arg.slice(eq + 1) };
  if (arg.endsWith('?')) return { name: arg.slice(0, -1), optional: true };
  return { name: arg, optional: false };
}

const ARG_REF = /\$([a-z][a-z0-9_]*)/g;

/** The `$arg` references in a wrapper's argv word or stdin. */
export function wordRefs(word: string): string[] {
  return [...word.matchAll(ARG_REF)].map((m) => m[1]!);
}

/** A word without its `$arg` references: what must be plain text. */
export function wordLiteral(word: string): string {
  return word.replace(ARG_REF, '');
}
