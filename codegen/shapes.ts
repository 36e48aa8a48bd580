// The JSON object shapes of command outputs (`json: {object: {...}}`): each
// key's type is a scalar (`string`, `integer`, `number`, `boolean`, `json`
// for any JSON value, `[]` after it for a list of them, with `|null` when
// null is a value and a trailing `?` when the key may be left out), or a
// nested object or list of objects. The types, JSON Schemas and
// text templates of an output all read a shape through these functions.
import { Type, type TSchema } from '@sinclair/typebox';
import type { CommandSpec, JsonOutput, ObjectShape, ShapeField } from './spec/metaschema';

export type Field =
  | { kind: 'scalar'; base: 'string' | 'integer' | 'number' | 'boolean' | 'json'; many: boolean; nullable: boolean; optional: boolean }
  | { kind: 'object' | 'list'; shape: ObjectShape; optional: boolean };

export function field(value: ShapeField): Field {
  if (typeof value === 'string') {
    const m = /^(string|integer|number|boolean|json)(\[\])?(\|null)?(\?)?$/.exec(value)!;
    return { kind: 'scalar', base: m[1] as 'string', many: !!m[2], nullable: !!m[3], optional: !!m[4] };
  }
  return 'object' in value
    ? { kind: 'object', shape: value.object, optional: !!value.optional }
    : { kind: 'list', shape: value.list, optional: !!value.optional };
}

/** The TypeScript type of a shape: `{ a: string; b?: number | null }`. */
export function shapeTs(shape: ObjectShape): string {
  const fields = Object.entries(shape).map(([key, value]) => {
    const f = field(value);
    if (f.kind === 'scalar') {
      const base = f.base === 'integer' ? 'number' : f.base === 'json' ? 'unknown' : f.base;
      return `${key}${f.optional ? '?' : ''}: ${base}${f.many ? '[]' : ''}${f.nullable ? ' | null' : ''}`;
    }
    return `${key}${f.optional ? '?' : ''}: ${shapeTs(f.shape)}${f.kind === 'list' ? '[]' : ''}`;
  });
  return `{ ${fields.join('; ')} }`;
}

/** The JSON Schema of a shape (keys sorted as they are printed at the top level). */
export function shapeSchema(shape: ObjectShape, sortKeys = true): TSchema {
  const props: Record<string, TSchema> = {};
  const keys = Object.keys(shape);
  for (const key of sortKeys ? [...keys].sort() : keys) {
    const f = field(shape[key]!);
    let t: TSchema;
    if (f.kind === 'scalar') {
      const one =
        f.base === 'string'
          ? Type.String()
          : f.base === 'integer'
            ? Type.Integer()
            : f.base === 'number'
              ? Type.Number()
              : f.base === 'json'
                ? Type.Unknown()
                : Type.Boolean();
      const base = f.many ? Type.Array(one) : one;
      t = f.nullable ? Type.Union([base, Type.Null()]) : base;
    } else {
      // Nested objects keep the order they are written in (gate evidence has a fixed one).
      t = f.kind === 'object' ? shapeSchema(f.shape, false) : Type.Array(shapeSchema(f.shape, false));
    }
    props[key] = f.optional ? Type.Optional(t) : t;
  }
  return Type.Object(props, { additionalProperties: false });
}

/** The shape of the items a dotted path (`evidence.conditions`) leads to, when it leads to a list of objects. */
export function listAt(shape: ObjectShape, path: string): ObjectShape | undefined {
  let current: ObjectShape | undefined = shape;
  const parts = path.split('.');
  for (const [i, part] of parts.entries()) {
    const value: ShapeField | undefined = current?.[part];
    if (value === undefined) return undefined;
    const f = field(value);
    if (f.kind === 'scalar') return undefined;
    if (i === parts.length - 1) return f.kind === 'list' ? f.shape : undefined;
    if (f.kind !== 'object') return undefined;
    current = f.shape;
  }
  return undefined;
}

/** The shape a command's data is declared with: `output.data`, else its JSON output (`text` declares none). */
export type DataShape = NonNullable<CommandSpec['output']['data']> | Exclude<JsonOutput, 'text'>;

export function dataShape(command: Pick<CommandSpec, 'output'>): DataShape {
  const { data, json } = command.output;
  return data ?? (json === 'text' ? 'none' : json);
}

/** --json is ignored: the text output is printed. */
export function jsonIsText(json: JsonOutput): boolean {
  return json === 'text';
}
