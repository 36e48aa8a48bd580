// generated/stores/<table>.ts: typed CRUD for every table (insert, get by
// key, list with equality filters, update, delete). Handlers build on these;
// generic operations in the spec compile to their own SQL in the commands.
import type { Column, GenContext, Table } from '../context';
import { header } from '../header';
import { renderTemplate, type GeneratedFile } from '../render';

function defaultExpr(c: Column): string | undefined {
  const d = c.spec.default;
  if (d === undefined) return undefined;
  if (d === 'now') return 'now';
  return typeof d === 'number' ? String(d) : JSON.stringify(d);
}

function insertValue(c: Column): string {
  const given =
    c.spec.type === 'boolean'
      ? `(values.${c.name} === undefined || values.${c.name} === null ? undefined : Number(values.${c.name}))`
      : `values.${c.name}`;
  if (c.spec.generate === 'id8') return `${given} ?? newId()`;
  const fallback = defaultExpr(c) ?? (c.nullable ? 'null' : undefined);
  return fallback === undefined ? given : `${given} ?? ${fallback}`;
}

function insertField(c: Column): string {
  const optional = c.nullable || c.spec.default !== undefined || c.spec.generate || c.spec.autoincrement;
  const type = c.spec.type === 'boolean' ? 'number | boolean' : c.tsType;
  return `${c.name}${optional ? '?' : ''}: ${type}${c.nullable ? ' | null' : ''};`;
}

export function storeModel(table: Table) {
  const autoId = table.columns.find((c) => c.spec.autoincrement);
  const inserted = table.columns.filter((c) => c !== autoId);
  const keyParams = table.primaryKey.map((k) => `${k} = ?`).join(' AND ');
  const keyArgs = table.primaryKey.map((k) => `key.${k}`).join(', ');
  return {
    table: table.name,
    rowType: table.rowType,
    insertType: table.insertType,
    storeClass: table.storeClass,
    keyType: `${table.pascal}Key`,
    needsId: !!table.generatedId,
    needsNow: table.columns.some((c) => c.spec.default === 'now'),
    insertFields: table.columns.map(insertField),
    rowFields: inserted.map((c) => ({ name: c.name, value: insertValue(c) })),
    autoId: autoId?.name,
    insertSql: `INSERT INTO ${table.name} (${inserted.map((c) => c.name).join(', ')}) VALUES (${inserted.map((c) => '@' + c.name).join(', ')})`,
    keyFields: table.primaryKey.map((k) => `${k}: ${table.columns.find((c) => c.name === k)!.tsType};`),
    keyNames: table.primaryKey.map((k) => JSON.stringify(k)).join(' | '),
    getSql: `SELECT * FROM ${table.name} WHERE ${keyParams}`,
    deleteSql: `DELETE FROM ${table.name} WHERE ${keyParams}`,
    updateWhere: table.primaryKey.map((k) => `${k} = @key_${k}`).join(' AND '),
    keyArgs,
    columnNames: table.columns.map((c) => JSON.stringify(c.name)).join(', '),
  };
}

export function generateStores(ctx: GenContext): GeneratedFile[] {
  const files = ctx.tables.map((table) => ({
    path: `generated/stores/${table.name}.ts`,
    content: renderTemplate('store.ts.hbs', { header: header('ts'), ...storeModel(table) }),
  }));
  files.push({
    path: 'generated/stores/index.ts',
    content:
      header('ts') +
      ctx.tables.map((t) => `export { ${t.storeClass}, type ${t.insertType}, type ${t.pascal}Key } from './${t.name}';\n`).join(''),
  });
  return files;
}
