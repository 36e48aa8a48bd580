// generated/db/tables.ts: one descriptor per table (columns, defaults, value
// sets, primary key) and the typed Table of src/db/store.ts built on it,
// which is how every handler and generic operation reaches the table. Also
// each table's Insert type: what an insert must and may be given.
import type { Column, GenContext, Table } from '../context';
import { header } from '../header';
import { Imports } from '../imports';
import type { GeneratedFile } from '../render';

const FILE = 'generated/db/tables.ts';

function insertField(c: Column): string {
  const optional = c.nullable || c.spec.default !== undefined || c.spec.generate || c.spec.autoincrement;
  const type = c.spec.type === 'boolean' ? 'number | boolean' : c.tsType;
  return `${c.name}${optional ? '?' : ''}: ${type}${c.nullable ? ' | null' : ''};`;
}

function columnDescriptor(c: Column, imports: Imports): string {
  const parts = [`name: '${c.name}'`, `type: '${c.spec.type}'`, `nullable: ${c.nullable}`];
  const d = c.spec.default;
  if (d !== undefined) {
    if (d === 'now') imports.value('src/db/store', 'NOW');
    parts.push(`default: ${d === 'now' ? 'NOW' : JSON.stringify(d)}`);
  }
  if (c.spec.generate) parts.push(`generate: '${c.spec.generate}'`);
  if (c.spec.autoincrement) parts.push('autoincrement: true');
  if (c.valueSet) {
    imports.value('generated/values', `${c.valueSet.constName}_VALUES`);
    parts.push(`values: ${c.valueSet.constName}_VALUES`);
  }
  return `{ ${parts.join(', ')} }`;
}

function tableCode(t: Table, imports: Imports): string {
  imports.type('generated/entities', t.rowType);
  for (const c of t.columns) if (c.valueSet) imports.type('generated/values', c.valueSet.typeName);
  return [
    `/** What an insert into ${t.name} takes: columns with a default, a generated id or NULL allowed may be left out. */`,
    `export interface ${t.insertType} {`,
    ...t.columns.map((c) => `  ${insertField(c)}`),
    '}',
    '',
    `/** ${t.spec.description}. */`,
    `export const ${t.storeName} = new Table<${t.rowType}, ${t.insertType}>({`,
    `  name: '${t.name}',`,
    `  primaryKey: [${t.primaryKey.map((k) => `'${k}'`).join(', ')}],`,
    '  columns: [',
    ...t.columns.map((c) => `    ${columnDescriptor(c, imports)},`),
    '  ],',
    '});',
  ].join('\n');
}

export function generateTables(ctx: GenContext): GeneratedFile[] {
  const imports = new Imports(FILE).value('src/db/store', 'Table');
  const body = ctx.tables.map((t) => tableCode(t, imports)).join('\n\n');
  const all = `/** Every table of the current schema, in creation order. */\nexport const TABLES = [${ctx.tables.map((t) => t.storeName).join(', ')}] as const;`;
  return [{ path: FILE, content: `${header('ts')}\n${imports.render()}\n\n${body}\n\n${all}\n` }];
}
