// generated/records.ts: each record of the spec (a JSON document ic writes
// outside a command's --json, such as the event envelope) as a TypeScript
// type and a writer that keeps the spec's field order; and its JSON Schema
// in generated/schemas/records/.
import { Type, type TSchema } from '@sinclair/typebox';
import type { GenContext } from '../context';
import { header } from '../header';
import { Imports } from '../imports';
import type { GeneratedFile } from '../render';
import { schemaFile } from './schemas';

const FILE = 'generated/records.ts';
const kebab = (name: string) => name.replace(/([a-z])([A-Z])/g, '$1-$2').toLowerCase();
export const recordWriter = (name: string) => `${name[0]!.toLowerCase()}${name.slice(1)}Json`;

export function generateRecords(ctx: GenContext): GeneratedFile[] {
  const records = Object.entries(ctx.spec.records ?? {});
  if (!records.length) return [];
  const imports = new Imports(FILE).value('src/format/json', 'toJson');
  const code = records.map(([name, record]) => {
    const fields = record.fields.map((f) => {
      const type = f.values ? f.values.map((v) => `'${v}'`).join(' | ') : f.type === 'integer' ? 'number' : 'string';
      return `  /** ${f.description}. */\n  ${f.name}${f.optional ? '?' : ''}: ${type};`;
    });
    const body = record.fields.map((f) => (f.optional ? `...(r.${f.name} ? { ${f.name}: r.${f.name} } : {})` : `${f.name}: r.${f.name}`));
    return [
      `/** ${record.description}. */`,
      `export interface ${name} {`,
      ...fields,
      '}',
      '',
      `/** ${name} as one compact JSON line, fields in the spec's order, empty optional ones left out. */`,
      `export function ${recordWriter(name)}(r: ${name}): string {`,
      `  return toJson({ ${body.join(', ')} });`,
      '}',
    ].join('\n');
  });
  const schemas = records.map(([name, record]) => {
    const props: Record<string, TSchema> = {};
    for (const f of record.fields) {
      const t = f.values ? Type.Union(f.values.map((v) => Type.Literal(v))) : f.type === 'integer' ? Type.Integer() : Type.String();
      props[f.name] = f.optional ? Type.Optional({ ...t, description: f.description }) : { ...t, description: f.description };
    }
    const schema = Type.Object(props, { additionalProperties: false });
    return schemaFile(`generated/schemas/records/${kebab(name)}.json`, schema, name, record.description);
  });
  return [{ path: FILE, content: `${header('ts')}\n${imports.render()}\n\n${code.join('\n\n')}\n` }, ...schemas];
}
