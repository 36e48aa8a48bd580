// Reads spec/intercore.yaml, checks it against the meta-schema and the
// cross-references between its sections, and reports every problem as
// `file:line: yaml.path: what is wrong`.
import { readFileSync } from 'node:fs';
import { LineCounter, parseDocument, isNode, type Document } from 'yaml';
import { Value } from '@sinclair/typebox/value';
import { SpecSchema, type Spec } from './metaschema';
import { checkReferences } from './references';

export class SpecError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'SpecError';
  }
}

/** Where a problem is: a path into the YAML document, as keys and indexes. */
export type YamlPath = (string | number)[];

export interface Located {
  /** Problem at a path: `file:line: path: message`. */
  at(path: YamlPath, message: string): string;
}

export function formatPath(path: YamlPath): string {
  let out = '';
  for (const part of path) out += typeof part === 'number' ? `[${part}]` : out ? `.${part}` : part;
  return out || '(root)';
}

function locator(file: string, doc: Document, lines: LineCounter): Located {
  return {
    at(path, message) {
      // The deepest node that exists on the path carries the line.
      for (let n = path.length; n >= 0; n--) {
        const node = doc.getIn(path.slice(0, n), true);
        if (isNode(node) && node.range) {
          const { line } = lines.linePos(node.range[0]);
          return `${file}:${line}: ${formatPath(path)}: ${message}`;
        }
      }
      return `${file}: ${formatPath(path)}: ${message}`;
    },
  };
}

function pointerToPath(pointer: string): YamlPath {
  if (!pointer) return [];
  return pointer
    .slice(1)
    .split('/')
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((p) => (/^\d+$/.test(p) ? Number(p) : p));
}

export function parseSpec(text: string, file = 'spec/intercore.yaml'): Spec {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length) {
    throw new SpecError(doc.errors.map((e) => `${file}:${lines.linePos(e.pos[0]).line}: YAML syntax: ${e.message.split('\n')[0]}`));
  }
  const data = doc.toJS({ maxAliasCount: 100 });
  const where = locator(file, doc, lines);

  const seen = new Set<string>();
  const problems: string[] = [];
  for (const error of Value.Errors(SpecSchema, data)) {
    const path = pointerToPath(error.path);
    const key = formatPath(path);
    // One problem per place: a union failure repeats itself for each branch.
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push(where.at(path, describe(error.message, error.value)));
    if (problems.length >= 20) break;
  }
  if (problems.length) throw new SpecError(problems);

  const spec = data as Spec;
  const refProblems = checkReferences(spec, where);
  if (refProblems.length) throw new SpecError(refProblems);
  return spec;
}

function describe(message: string, value: unknown): string {
  const shown = value === undefined ? 'nothing' : JSON.stringify(value);
  return `${message.charAt(0).toLowerCase()}${message.slice(1)} (got ${shown && shown.length > 60 ? shown.slice(0, 57) + '...' : shown})`;
}

export function loadSpec(path: string, displayName = path): Spec {
  return parseSpec(readFileSync(path, 'utf8'), displayName);
}
