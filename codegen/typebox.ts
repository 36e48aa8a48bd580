// TypeBox schemas built from the spec: the JSON view of each entity and the
// JSON output of each command, which the schemas generator writes out as
// JSON Schema (data, not code). Also the fields of an entity's view, which
// the entities generator prints as types.
import { Type, type TSchema } from '@sinclair/typebox';
import type { Column, Command, GenContext } from './context';
import { shapeSchema } from './shapes';

function columnType(c: Column, asView: boolean): TSchema {
  const options = c.spec.description ? { description: c.spec.description } : {};
  if (c.valueSet)
    return Type.Union(
      c.valueSet.values.map((v) => Type.Literal(v.value)),
      options,
    );
  if (c.spec.type === 'text') return Type.String(options);
  if (c.spec.type === 'boolean' && asView) return Type.Boolean(options);
  if (c.spec.type === 'real') return Type.Number(options);
  if (c.spec.type === 'blob') return Type.Uint8Array(options);
  return Type.Integer(options);
}

export interface ViewField {
  /** Key in the JSON view. */
  key: string;
  column: Column;
  /** The column holds a JSON array of strings, shown as an array. */
  stringList: boolean;
  /** Shown only when this other column is set. */
  when?: string;
  /** The column holds a JSON document, shown parsed. */
  json: boolean;
  /** Left out when 0 (or false). */
  omitZero: boolean;
}

export function entityFields(ctx: GenContext, entity: string): ViewField[] {
  const spec = ctx.spec.entities[entity]!;
  const table = ctx.tableByName.get(spec.table)!;
  return spec.fields.map((f) => {
    const column = table.columns.find((c) => c.name === (typeof f === 'string' ? f : f.column))!;
    if (typeof f === 'string') return { key: f, column, stringList: false, json: false, omitZero: false };
    return {
      key: f.as ?? f.column,
      column,
      stringList: f.parse === 'string_list',
      json: f.parse === 'json',
      when: f.when,
      omitZero: !!f.omit_zero,
    };
  });
}

export function entitySchema(ctx: GenContext, entity: string, withId = true): TSchema {
  const props: Record<string, TSchema> = {};
  const spec = ctx.spec.entities[entity]!;
  const fields = [...entityFields(ctx, entity)];
  if (spec.keys !== 'declared') fields.sort((a, b) => (a.key < b.key ? -1 : 1));
  for (const { key, column, stringList, json, when, omitZero } of fields) {
    const type = stringList ? Type.Array(Type.String()) : json ? Type.Unknown() : columnType(column, true);
    const described = column.spec.description ? { ...type, description: column.spec.description } : type;
    // With nulls shown a NULL column is there, as null.
    if (spec.nulls === 'shown' && column.nullable && !when && !json && !omitZero) {
      props[key] = Type.Union([described, Type.Null()]);
      continue;
    }
    props[key] = column.nullable || when || json || omitZero ? Type.Optional(described) : described;
  }
  const options = { additionalProperties: false, description: `The JSON view of a ${ctx.spec.entities[entity]!.table} row` };
  return Type.Object(props, withId ? { ...options, $id: entity } : options);
}

/** The schema of `ic <command> --json` output, or undefined when it has none (or ignores --json, printing its text). */
export function outputSchema(ctx: GenContext, command: Command): TSchema | undefined {
  const json = command.spec.output.json;
  if (json === 'none' || json === 'text') return undefined;
  if ('raw' in json) return Type.Unknown({ description: 'the stored JSON document, as given' });
  if ('field' in json) {
    const data = command.spec.output.data!;
    const shape = 'object' in data ? data.object : data.list.object;
    return (shapeSchema(shape, false) as TSchema & { properties: Record<string, TSchema> }).properties[json.field]!;
  }
  if ('entity' in json) return entitySchema(ctx, json.entity, false);
  if ('object' in json) return json.or_null ? Type.Union([shapeSchema(json.object), Type.Null()]) : shapeSchema(json.object);
  const item = typeof json.list === 'string' ? entitySchema(ctx, json.list, false) : shapeSchema(json.list.object);
  return json.empty === 'null' ? Type.Union([Type.Array(item, { minItems: 1 }), Type.Null()]) : Type.Array(item);
}
