// generated/entities/index.ts: the row type of every table and the JSON view
// of every entity, as TypeScript types with precompiled checks (through
// typebox-codegen, so nothing is compiled at run time), and
// generated/entities/views.ts: how each entity shows a row as JSON, as data
// for the output runtime (src/cli/output.ts): keys, renames, boolean flags.
import { ModelToTypeScript } from '@sinclair/typebox-codegen';
import type { GenContext } from '../context';
import { header } from '../header';
import { Imports } from '../imports';
import type { GeneratedFile } from '../render';
import { entityFields, entitySchema, rowSchema } from '../typebox';

const VIEWS = 'generated/entities/views.ts';

export const viewConst = (entity: string) => `${entity.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase()}_VIEW`;

export function generateEntities(ctx: GenContext): GeneratedFile[] {
  const types = [...ctx.tables.map(rowSchema), ...Object.keys(ctx.spec.entities).map((e) => entitySchema(ctx, e))];
  const code = ModelToTypeScript.Generate({ types } as unknown as Parameters<typeof ModelToTypeScript.Generate>[0])
    // typebox-codegen 0.11 annotates the loop variable of an array check (`for (const value: any of array)`),
    // which is not TypeScript; the check is right without the annotation.
    .replace(/for \(const (\w+): any of /g, 'for (const $1 of ');

  const imports = new Imports(VIEWS).type('src/cli/output', 'EntityView');
  const views = Object.entries(ctx.spec.entities).map(([name, entity]) => {
    const fields = [...entityFields(ctx, name)].sort((a, b) => (a.key < b.key ? -1 : 1));
    const field = (f: (typeof fields)[number]) => {
      const options = [
        f.column.spec.type === 'boolean' ? "as: 'boolean'" : f.stringList ? "as: 'string_list'" : f.json ? "as: 'json'" : '',
        f.when ? `when: '${f.when}'` : '',
        f.omitZero ? 'omitZero: true' : '',
      ].filter(Boolean);
      return `['${f.key}', '${f.column.name}'${options.length ? `, { ${options.join(', ')} }` : ''}]`;
    };
    return [
      `/** ${name}: a ${entity.table} row as JSON. */`,
      `export const ${viewConst(name)}: EntityView = {`,
      `  fields: [${fields.map(field).join(', ')}],`,
      '};',
    ].join('\n');
  });

  return [
    { path: 'generated/entities/index.ts', content: `${header('ts')}\n${code.trim()}\n` },
    { path: VIEWS, content: `${header('ts')}\n${imports.render()}\n\n${views.join('\n\n')}\n` },
  ];
}
