// generated/db/queries/<domain>.ts: one named, typed function per query,
// sqlc style: the queries of spec/queries/<domain>.sql and the generic
// operations of the domain's commands, each checked against the schema
// (codegen/sql/analyze.ts). And generated/db/queries.json: the inventory of
// every statement ic can run on a table, with the tables each may scan.
import type { GenContext } from '../context';
import { header } from '../header';
import { Imports } from '../imports';
import { type Code, doc, join, lit, name, templateLit, ts } from '../print';
import type { GeneratedFile } from '../file';
import type { AnalyzedQuery, ParamInfo } from '../sql/analyze';

/** The module of a domain's query functions (an import path from the repository root, without .ts). */
export const queryModule = (domain: string) => `generated/db/queries/${domain}`;

const pascal = (camel: string) => camel[0]!.toUpperCase() + camel.slice(1);

/** The type a query's rows have: a table's row type, or its own interface. */
export function resultType(q: AnalyzedQuery): string {
  return q.rowOf ? q.rowOf.rowType : `${pascal(q.decl.name)}Row`;
}

function paramType(p: ParamInfo, imports: Imports): string {
  if (p.valueSet) imports.type('generated/values', p.valueSet.typeName);
  return `${p.tsType}${p.nullable ? ' | null' : ''}`;
}

/** The value bound for a parameter, converted and checked as its column asks. */
function bound(p: ParamInfo, imports: Imports): Code {
  const value = ts`params.${name(p.name)}`;
  if (p.generatedId) {
    imports.value('src/db/ids', 'newId');
    return ts`${value} ?? newId()`;
  }
  if (p.boolean) {
    const fn = p.nullable || p.optional ? 'flagOrNull' : 'flag';
    imports.value('src/db/query', fn);
    return ts`${name(fn)}(${value})`;
  }
  if (p.valueSet) {
    imports.value('src/db/query', 'checkValue').value('generated/values', `${p.valueSet.constName}_VALUES`);
    return ts`checkValue(${lit(p.column ?? p.name)}, ${name(`${p.valueSet.constName}_VALUES`)}, ${value})`;
  }
  return p.optional ? ts`${value} ?? null` : value;
}

function queryFunction(q: AnalyzedQuery, imports: Imports): Code {
  imports.type('src/db/open', 'Db').value('src/db/query', 'prepared');
  const fn = name(q.decl.name);
  const row = q.columns ? resultType(q) : undefined;
  let rowDecl: Code | undefined;
  if (q.rowOf) imports.type('generated/entities', q.rowOf.rowType);
  else if (q.columns && row) {
    rowDecl = ts`${doc(`A row of ${q.decl.name}.`)}
export interface ${name(row)} {
${q.columns.map((c) => ts`${name(c.name)}: ${rawType(c.tsType, c.nullable, imports)};`)}
}`;
  }
  const params = q.params.length
    ? ts`, params: { ${join(
        q.params.map((p) => ts`${name(p.name)}${p.optional ? ts`?` : undefined}: ${rawType(paramType(p, imports), false, imports)}`),
        '; ',
      )} }`
    : undefined;
  const args = q.params.length
    ? ts`{ ${join(
        q.params.map((p) => ts`${name(p.name)}: ${bound(p, imports)}`),
        ', ',
      )} }`
    : undefined;
  const stmt = ts`prepared(db, ${templateLit(q.sql)})`;
  let body: Code;
  let returns: Code;
  switch (q.decl.kind) {
    case 'one':
      returns = ts`${name(row!)} | undefined`;
      body = ts`return ${stmt}.get(${args}) as ${name(row!)} | undefined;`;
      break;
    case 'many':
      returns = ts`${name(row!)}[]`;
      body = ts`return ${stmt}.all(${args}) as ${name(row!)}[];`;
      break;
    case 'exec':
      returns = ts`number`;
      body = ts`return ${stmt}.run(${args}).changes;`;
      break;
  }
  const what = q.decl.description ?? `${q.decl.kind === 'exec' ? 'Runs' : 'Reads'} ${q.decl.name}.`;
  const suffix = q.decl.kind === 'exec' ? ' Returns the number of rows changed.' : '';
  return ts`${rowDecl}${rowDecl ? ts`\n\n` : undefined}${doc(`${what}${suffix}`)}
export function ${fn}(db: Db${params}): ${returns} {
  ${body}
}`;
}

/** A type written by the analyzer (`number`, `RunStatus`, `Buffer`), with `| null` when nullable. */
function rawType(type: string, nullable: boolean, imports: Imports): Code {
  const first = type.split(' ')[0]!;
  if (/^[A-Z]/.test(first) && first !== 'Buffer') imports.type('generated/values', first);
  return ts`${join(
    type.split(' | ').map((t) => name(t)),
    ' | ',
  )}${nullable ? ts` | null` : undefined}`;
}

export function generateQueries(ctx: GenContext): GeneratedFile[] {
  const { queries } = ctx.sql;
  const domains = [...new Set(queries.map((q) => q.decl.domain))].sort();
  const files: GeneratedFile[] = domains.map((domain) => {
    const path = `${queryModule(domain)}.ts`;
    const imports = new Imports(path);
    const functions = queries.filter((q) => q.decl.domain === domain).map((q) => queryFunction(q, imports));
    const from = ctx.spec.queries?.some((q) => q.domain === domain) ? `spec/queries/${domain}.sql and ` : '';
    return {
      path,
      content: `${header('ts')}// The named queries of ${from}the generic operations of the ${domain} commands.\n${imports.render()}\n\n${join(functions, '\n\n')}\n`,
    };
  });
  const inventory = queries.map((q) => ({
    name: q.decl.name,
    module: `${queryModule(q.decl.domain)}.ts`,
    kind: q.decl.kind,
    sql: q.sql,
    params: q.params.map((p) => p.name),
    scans: q.decl.scans,
    declared: q.decl.source.startsWith('queries/') ? `spec/${q.decl.source}` : q.decl.source,
  }));
  files.push({ path: 'generated/db/queries.json', content: `${JSON.stringify(inventory, null, 2)}\n` });
  return files;
}
