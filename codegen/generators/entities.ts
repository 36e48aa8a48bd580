// generated/entities/index.ts: the row type of every table and the JSON view
// of every entity, as TypeScript types; and generated/entities/views.ts: how
// each entity shows a row as JSON, as data for the output runtime
// (src/cli/output.ts): keys, renames, boolean flags. Printed with print.ts.
import type { Column, GenContext, Table } from '../context';
import { header } from '../header';
import { Imports } from '../imports';
import { type Code, doc, join, lit, name, raw, ts } from '../print';
import type { GeneratedFile } from '../file';
import { entityFields } from '../typebox';

const VIEWS = 'generated/entities/views.ts';

export const viewConst = (entity: string) => `${entity.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase()}_VIEW`;

/** What a key holds: a scalar, one of a value set's values, a list of strings, or any JSON (a stored document shown parsed). */
type Kind =
  | { is: 'string' | 'integer' | 'number' | 'bytes' | 'boolean' }
  | { is: 'oneOf'; values: readonly string[] }
  | { is: 'strings' }
  | { is: 'json' };

interface Field {
  key: string;
  kind: Kind;
  /** The key may be left out. */
  optional: boolean;
  /** null is a value. */
  nullable: boolean;
}

interface Shape {
  name: string;
  fields: Field[];
}

function columnKind(c: Column, asView: boolean): Kind {
  if (c.valueSet) return { is: 'oneOf', values: c.valueSet.values.map((v) => v.value) };
  switch (c.spec.type) {
    case 'text':
      return { is: 'string' };
    case 'integer':
      return { is: 'integer' };
    case 'real':
      return { is: 'number' };
    case 'blob':
      return { is: 'bytes' };
    // Stored as 0/1, shown as true/false.
    case 'boolean':
      return asView ? { is: 'boolean' } : { is: 'integer' };
    default:
      return unknownType(c.spec.type);
  }
}

/** A column type this generator does not know yet: an error here, and at compile time. */
function unknownType(type: never): never {
  throw new Error(`entities: no TypeScript type for a ${String(type)} column`);
}

/** A stored row: every column, in the table's order (SQLite returns them all); a nullable one may be null. */
function rowShape(table: Table): Shape {
  return {
    name: table.rowType,
    fields: table.columns.map((c) => ({ key: c.name, kind: columnKind(c, false), optional: false, nullable: c.nullable })),
  };
}

/** An entity's JSON view: its keys sorted (or as declared); an unset nullable column (unless nulls are shown), or one shown only `when` another is set, is left out. */
function viewShape(ctx: GenContext, entity: string): Shape {
  const nulls = ctx.spec.entities[entity]!.nulls === 'shown';
  const fields = viewFields(ctx, entity).map(({ key, column, stringList, json, when, omitZero }) => ({
    key,
    kind: stringList ? ({ is: 'strings' } as const) : json ? ({ is: 'json' } as const) : columnKind(column, true),
    // With nulls shown, a NULL column is there as null (not left out).
    optional: (column.nullable && !nulls) || !!when || json || omitZero,
    nullable: column.nullable && nulls,
  }));
  return { name: entity, fields };
}

/** An entity's fields in the order its keys print: sorted, or as declared (`keys: declared`). */
export function viewFields(ctx: GenContext, entity: string) {
  const fields = [...entityFields(ctx, entity)];
  return ctx.spec.entities[entity]!.keys === 'declared' ? fields : fields.sort((a, b) => (a.key < b.key ? -1 : 1));
}

const key = (k: string): Code => (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(k) ? name(k) : lit(k));

function kindType(kind: Kind): Code {
  switch (kind.is) {
    case 'string':
      return ts`string`;
    case 'integer':
    case 'number':
      return ts`number`;
    case 'bytes':
      return ts`Buffer`;
    case 'json':
      return ts`unknown`;
    case 'boolean':
      return ts`boolean`;
    case 'strings':
      return ts`Array<string>`;
    case 'oneOf':
      return join(kind.values.map(lit), ' | ');
  }
}

function shapeType(shape: Shape): Code {
  const fields = shape.fields.map((f) => {
    const type = kindType(f.kind);
    // A union that may also be null is kept whole: `('a' | 'b') | null`.
    const nullable = f.kind.is === 'oneOf' ? ts`(${type}) | null` : ts`${type} | null`;
    return ts`${key(f.key)}${f.optional && ts`?`}: ${f.nullable ? nullable : type};`;
  });
  return ts`export type ${name(shape.name)} = {
${fields}
};`;
}

function view(ctx: GenContext, entity: string): Code {
  const fields = viewFields(ctx, entity).map((f) => {
    const options = {
      as: f.column.spec.type === 'boolean' ? 'boolean' : f.stringList ? 'string_list' : f.json ? 'json' : undefined,
      when: f.when,
      omitZero: f.omitZero || undefined,
    };
    return lit([f.key, f.column.name, ...(options.as || options.when || options.omitZero ? [options] : [])]);
  });
  const nulls =
    ctx.spec.entities[entity]!.nulls === 'shown'
      ? ts`
  nulls: true,`
      : ts``;
  return ts`${doc(`${entity}: a ${ctx.spec.entities[entity]!.table} row as JSON.`)}
export const ${name(viewConst(entity))}: EntityView = {
  fields: [${join(fields, ', ')}],${nulls}
};`;
}

export function generateEntities(ctx: GenContext): GeneratedFile[] {
  const entities = Object.keys(ctx.spec.entities);
  const shapes = [...ctx.tables.map(rowShape), ...entities.map((e) => viewShape(ctx, e))];
  const index = ts`${raw(header('ts'))}
${join(
  shapes.map((s) => shapeType(s)),
  '\n\n',
)}
`;
  const imports = new Imports(VIEWS).type('src/cli/output', 'EntityView');
  const views = ts`${raw(header('ts'))}
${raw(imports.render())}

${join(
  entities.map((e) => view(ctx, e)),
  '\n\n',
)}
`;
  return [
    { path: 'generated/entities/index.ts', content: index.text },
    { path: VIEWS, content: views.text },
  ];
}
