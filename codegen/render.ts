// Handlebars, for the one generator that still renders a template
// (migrations.ts, with codegen/templates/migrations.ts.hbs); every other
// generator prints with print.ts. Delete this file and the handlebars
// devDependency once migrations.ts prints too (and import GeneratedFile from
// ./file in commands.ts, tables.ts and migrations.ts).
import Handlebars from 'handlebars';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const hbs = Handlebars.create();
hbs.registerHelper('json', (value: unknown) => JSON.stringify(value));
hbs.registerHelper('eq', (a: unknown, b: unknown) => a === b);

const cache = new Map<string, Handlebars.TemplateDelegate>();

export function renderTemplate(name: string, data: object): string {
  let template = cache.get(name);
  if (!template) {
    const source = readFileSync(join(__dirname, 'templates', name), 'utf8');
    template = hbs.compile(source, { noEscape: true, strict: true });
    cache.set(name, template);
  }
  // Collapse the blank lines that block helpers leave behind.
  return template(data).replace(/\n{3,}/g, '\n\n');
}

export type { GeneratedFile } from './file';
