// Handlebars, set up once for every generator: templates live in
// codegen/templates/, nothing is HTML-escaped, and output is byte-stable.
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

export interface GeneratedFile {
  /** Relative to the repository root. */
  path: string;
  content: string;
}
