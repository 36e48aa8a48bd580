// generated/records.ts: each record of the spec (a JSON document ic writes
// outside a command's --json, such as the event envelope) as a TypeScript
// type and a writer that keeps the spec's field order; and its JSON Schema
// in generated/schemas/records/ (built with TypeBox: data, not code).
// Printed with print.ts.
import { Type, type TSchema } from '@sinclair/typebox';
import type { GenContext } from '../context';
import { header } from '../header';
import { Imports } from '../imports';
import { type Code, doc, join, lit, name, prop, raw, ts } from '../print';
import type { GeneratedFile } from '../file';
import type { RecordSpec } from '../spec/metaschema';
import { schemaFile } from './schemas';

const FILE = 'generated/records.ts';
const kebab = (name: string) => name.replace(/([a-z])([A-Z])/g, '$1-$2').toLowerCase();
const lower = (name: string) => `${name[0]!.toLowerCase()}${name.slice(1)}`;
export const recordWriter = (name: string) => `${lower(name)}Json`;
/** The function giving a record as a plain object, its keys in the spec's order (nested records use it). */
const recordObject = (name: string) => `${lower(name)}Object`;

type RecordField = RecordSpec['fields'][number];

function fieldType(f: RecordField): Code {
  if (f.values) return join(f.values.map(lit), ' | ');
  switch (f.type) {
    case 'integer':
      return ts`number`;
    case 'string_list':
      return ts`string[]`;
    case 'record':
      return name(f.record!);
    case 'record_list':
      return ts`${name(f.record!)}[]`;
    default:
      return ts`string`;
  }
}

/** A field of the written object: required ones always, optional ones only when set (a list: when not empty). */
function fieldEntry(r: Code, f: RecordField): Code {
  const key = name(f.name);
  const value = prop(r, f.name);
  const shown =
    f.type === 'record'
      ? ts`${name(recordObject(f.record!))}(${value})`
      : f.type === 'record_list'
        ? ts`${value}.map(${name(recordObject(f.record!))})`
        : value;
  if (!f.optional) return ts`${key}: ${shown}`;
  const set = f.type === 'string_list' || f.type === 'record_list' ? ts`${value}?.length` : value;
  return ts`...(${set} ? { ${key}: ${shown} } : {})`;
}

/** A record's type, its object form and its writer. */
function record(recordName: string, spec: RecordSpec): Code {
  const type = name(recordName);
  const fields = spec.fields.map(
    (f) => ts`  ${doc(`${f.description}.`)}
  ${name(f.name)}${f.optional && ts`?`}: ${fieldType(f)};`,
  );
  const r = ts`r`;
  return ts`${doc(`${spec.description}.`)}
export interface ${type} {
${fields}
}

${doc(`${recordName} as a plain object: its fields in the spec's order, empty optional ones left out.`)}
export function ${name(recordObject(recordName))}(${r}: ${type}): Record<string, unknown> {
  return { ${join(
    spec.fields.map((f) => fieldEntry(r, f)),
    ', ',
  )} };
}

${doc(`${recordName} as one compact JSON line, fields in the spec's order, empty optional ones left out.`)}
export function ${name(recordWriter(recordName))}(${r}: ${type}): string {
  return toJson(${name(recordObject(recordName))}(${r}));
}`;
}

/** A record's JSON Schema (nested records inline). */
function recordSchema(records: Record<string, RecordSpec>, spec: RecordSpec): TSchema {
  const props: Record<string, TSchema> = {};
  for (const f of spec.fields) {
    let t: TSchema;
    if (f.values) t = Type.Union(f.values.map((v) => Type.Literal(v)));
    else if (f.type === 'integer') t = Type.Integer();
    else if (f.type === 'string_list') t = Type.Array(Type.String());
    else if (f.type === 'record') t = recordSchema(records, records[f.record!]!);
    else if (f.type === 'record_list') t = Type.Array(recordSchema(records, records[f.record!]!));
    else t = Type.String();
    props[f.name] = f.optional ? Type.Optional({ ...t, description: f.description }) : { ...t, description: f.description };
  }
  return Type.Object(props, { additionalProperties: false });
}

export function generateRecords(ctx: GenContext): GeneratedFile[] {
  const records = Object.entries(ctx.spec.records ?? {});
  if (!records.length) return [];
  const imports = new Imports(FILE).value('src/format/json', 'toJson');
  const code = ts`${raw(header('ts'))}
${raw(imports.render())}

${join(
  records.map(([recordName, spec]) => record(recordName, spec)),
  '\n\n',
)}
`;
  const schemas = records.map(([name, record]) =>
    schemaFile(`generated/schemas/records/${kebab(name)}.json`, recordSchema(ctx.spec.records!, record), name, record.description),
  );
  return [{ path: FILE, content: code.text }, ...schemas];
}
