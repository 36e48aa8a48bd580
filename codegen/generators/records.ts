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
export const recordWriter = (name: string) => `${name[0]!.toLowerCase()}${name.slice(1)}Json`;

/** A record's type and its writer. */
function record(recordName: string, spec: RecordSpec): Code {
  const type = name(recordName);
  const fields = spec.fields.map((f) => {
    const fieldType = f.values ? join(f.values.map(lit), ' | ') : f.type === 'integer' ? ts`number` : ts`string`;
    return ts`  ${doc(`${f.description}.`)}
  ${name(f.name)}${f.optional && ts`?`}: ${fieldType};`;
  });
  const r = ts`r`;
  const body = spec.fields.map((f) => {
    const key = name(f.name);
    return f.optional ? ts`...(${prop(r, f.name)} ? { ${key}: ${prop(r, f.name)} } : {})` : ts`${key}: ${prop(r, f.name)}`;
  });
  return ts`${doc(`${spec.description}.`)}
export interface ${type} {
${fields}
}

${doc(`${recordName} as one compact JSON line, fields in the spec's order, empty optional ones left out.`)}
export function ${name(recordWriter(recordName))}(${r}: ${type}): string {
  return toJson({ ${join(body, ', ')} });
}`;
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
  const schemas = records.map(([name, record]) => {
    const props: Record<string, TSchema> = {};
    for (const f of record.fields) {
      const t = f.values ? Type.Union(f.values.map((v) => Type.Literal(v))) : f.type === 'integer' ? Type.Integer() : Type.String();
      props[f.name] = f.optional ? Type.Optional({ ...t, description: f.description }) : { ...t, description: f.description };
    }
    const schema = Type.Object(props, { additionalProperties: false });
    return schemaFile(`generated/schemas/records/${kebab(name)}.json`, schema, name, record.description);
  });
  return [{ path: FILE, content: code.text }, ...schemas];
}
