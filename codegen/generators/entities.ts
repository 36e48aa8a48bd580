// generated/entities/index.ts: the row type of every table and the JSON view
// of every entity, as TypeScript types with precompiled checks (through
// typebox-codegen, so nothing is compiled at run time), and
// generated/entities/views.ts: the functions that turn a row into its view.
import { ModelToTypeScript } from '@sinclair/typebox-codegen';
import type { GenContext } from '../context';
import { header } from '../header';
import { renderTemplate, type GeneratedFile } from '../render';
import { entityFields, entitySchema, rowSchema } from '../typebox';

export function generateEntities(ctx: GenContext): GeneratedFile[] {
  const types = [...ctx.tables.map(rowSchema), ...Object.keys(ctx.spec.entities).map((e) => entitySchema(ctx, e))];
  const code = ModelToTypeScript.Generate({ types } as unknown as Parameters<typeof ModelToTypeScript.Generate>[0]);

  const views = Object.entries(ctx.spec.entities).map(([name, entity]) => {
    const table = ctx.tableByName.get(entity.table)!;
    const fields = [...entityFields(ctx, name)].sort((a, b) => (a.key < b.key ? -1 : 1));
    return {
      name,
      rowType: table.rowType,
      fields: fields.map(({ key, column }) => {
        const value = `row.${column.name}`;
        const converted = column.spec.type === 'boolean' ? `${value} === 1` : value;
        return column.nullable ? { line: `if (${value} != null) view.${key} = ${converted};` } : { line: `view.${key} = ${converted};` };
      }),
    };
  });

  return [
    { path: 'generated/entities/index.ts', content: `${header('ts')}/* eslint-disable */\n\n${code.trim()}\n` },
    {
      path: 'generated/entities/views.ts',
      content: renderTemplate('views.ts.hbs', {
        header: header('ts'),
        imports: [...new Set(views.flatMap((v) => [v.name, v.rowType]))].sort(),
        views,
      }),
    },
  ];
}
