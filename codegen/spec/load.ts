// Reads the spec: spec/intercore.yaml (the root) and the domain files it lists
// under `domains` (spec/<domain>.yaml), merges them into one Spec, checks it
// against the meta-schema and the cross-references between its sections, and
// reports every problem as `file:line: yaml.path: what is wrong`, naming the
// file the problem is in.
import { readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { LineCounter, parseDocument, isNode, stringify, type Document } from 'yaml';
import { Value } from '@sinclair/typebox/value';
import { SpecSchema, type Spec } from './metaschema';
import { checkReferences } from './references';
import { loadQueryFiles } from './queries';

export class SpecError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'SpecError';
  }
}

/** Where a problem is: a path into the YAML document, as keys and indexes. */
export type YamlPath = (string | number)[];

export interface Located {
  /** Problem at a path of the merged spec: `file:line: path: message`. */
  at(path: YamlPath, message: string): string;
}

export function formatPath(path: YamlPath): string {
  let out = '';
  for (const part of path) out += typeof part === 'number' ? `[${part}]` : out ? `.${part}` : part;
  return out || '(root)';
}

/** One parsed YAML file of the spec. */
interface SpecFile {
  readonly name: string;
  readonly doc: Document;
  readonly lines: LineCounter;
  readonly data: Record<string, unknown>;
}

function lineOf(file: SpecFile, path: YamlPath): number | undefined {
  // The deepest node that exists on the path carries the line.
  for (let n = path.length; n >= 0; n--) {
    const node = file.doc.getIn(path.slice(0, n), true);
    if (isNode(node) && node.range) return file.lines.linePos(node.range[0]).line;
  }
  return undefined;
}

function parseFile(text: string, name: string): SpecFile {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length) {
    throw new SpecError(doc.errors.map((e) => `${name}:${lines.linePos(e.pos[0]).line}: YAML syntax: ${e.message.split('\n')[0]}`));
  }
  const data = doc.toJS({ maxAliasCount: 100 }) as unknown;
  if (data === null || typeof data !== 'object' || Array.isArray(data)) throw new SpecError([`${name}:1: (root): must be a mapping`]);
  return { name, doc, lines, data: data as Record<string, unknown> };
}

// --- merging ------------------------------------------------------------------------

/** Sections a domain file may hold: maps merged by key, lists concatenated in `domains` order. */
const MAP_SECTIONS = ['value_sets', 'tables', 'entities', 'records', 'chains'] as const;
const LIST_SECTIONS = ['migrations', 'commands'] as const;
const DOMAIN_KEYS = new Set<string>([...MAP_SECTIONS, ...LIST_SECTIONS, 'phases', 'wrappers', 'queries']);

/** Where a piece of the merged spec came from: a file and the path there. */
interface Origin {
  readonly file: SpecFile;
  readonly path: YamlPath;
}

class Merger {
  readonly spec: Record<string, unknown> = {};
  private readonly origins = new Map<string, Origin>();
  readonly problems: string[] = [];
  /** The query files the domains reference, in order, with the domain file that names each. */
  readonly queryFiles: { file: string; from: SpecFile }[] = [];

  constructor(private readonly root: SpecFile) {}

  private note(path: YamlPath, origin: Origin): void {
    this.origins.set(JSON.stringify(path), origin);
  }

  private problem(file: SpecFile, path: YamlPath, message: string): void {
    const line = lineOf(file, path);
    this.problems.push(`${file.name}${line ? `:${line}` : ''}: ${formatPath(path)}: ${message}`);
  }

  addRoot(): void {
    for (const [key, value] of Object.entries(this.root.data)) {
      if (key === 'domains') continue;
      if (key === 'wrappers' && value && typeof value === 'object' && !Array.isArray(value)) {
        const { functions, ...rest } = value as Record<string, unknown>;
        this.spec.wrappers = { ...rest, functions: [] };
        this.note(['wrappers'], { file: this.root, path: ['wrappers'] });
        if (Array.isArray(functions)) this.addList(['wrappers', 'functions'], functions, this.root, ['wrappers', 'functions']);
        continue;
      }
      if ((LIST_SECTIONS as readonly string[]).includes(key) && Array.isArray(value)) {
        this.addList([key], value, this.root, [key]);
        continue;
      }
      if ((MAP_SECTIONS as readonly string[]).includes(key) && value && typeof value === 'object') {
        this.addMap(key, value as Record<string, unknown>, this.root);
        continue;
      }
      if (key === 'queries') {
        this.addQueries(value, this.root);
        continue;
      }
      this.spec[key] = value;
      this.note([key], { file: this.root, path: [key] });
    }
  }

  addDomain(file: SpecFile): void {
    for (const [key, value] of Object.entries(file.data)) {
      if (!DOMAIN_KEYS.has(key)) {
        this.problem(file, [key], `not a section a domain file may hold (${[...DOMAIN_KEYS].join(', ')})`);
        continue;
      }
      if (key === 'phases') {
        if (this.spec.phases !== undefined) this.problem(file, [key], 'phases is declared in another file already');
        this.spec.phases = value;
        this.note(['phases'], { file, path: ['phases'] });
      } else if (key === 'wrappers') {
        if (!Array.isArray(value)) this.problem(file, [key], 'must be a list of wrapper functions');
        else this.addList(['wrappers', 'functions'], value, file, ['wrappers']);
      } else if (key === 'queries') {
        this.addQueries(value, file);
      } else if ((LIST_SECTIONS as readonly string[]).includes(key)) {
        if (!Array.isArray(value)) this.problem(file, [key], 'must be a list');
        else this.addList([key], value, file, [key]);
      } else {
        if (!value || typeof value !== 'object' || Array.isArray(value)) this.problem(file, [key], 'must be a mapping');
        else this.addMap(key, value as Record<string, unknown>, file);
      }
    }
  }

  private addQueries(value: unknown, file: SpecFile): void {
    const list = typeof value === 'string' ? [value] : value;
    if (!Array.isArray(list) || !list.every((v) => typeof v === 'string')) {
      this.problem(file, ['queries'], 'must be a file name (queries/<domain>.sql) or a list of them');
      return;
    }
    for (const f of list as string[]) this.queryFiles.push({ file: f, from: file });
  }

  private addMap(section: string, value: Record<string, unknown>, file: SpecFile): void {
    const target = ((this.spec[section] as Record<string, unknown> | undefined) ??= {});
    for (const [name, item] of Object.entries(value)) {
      const seen = this.origins.get(JSON.stringify([section, name]));
      if (seen) {
        this.problem(file, [section, name], `${section}.${name} is declared in ${seen.file.name} already`);
        continue;
      }
      target[name] = item;
      this.note([section, name], { file, path: [section, name] });
    }
  }

  private addList(at: YamlPath, items: unknown[], file: SpecFile, localPath: YamlPath): void {
    let target: Record<string, unknown> = this.spec;
    for (const key of at.slice(0, -1)) target = (target[key as string] ??= {}) as Record<string, unknown>;
    const list = ((target[at[at.length - 1] as string] as unknown[] | undefined) ??= []);
    items.forEach((item, i) => {
      this.note([...at, list.length], { file, path: [...localPath, i] });
      list.push(item);
    });
  }

  /** A path of the merged spec → the file and the path there (the longest prefix with a known origin). */
  locate(path: YamlPath): { file: SpecFile; path: YamlPath } {
    for (let n = Math.min(path.length, 3); n >= 1; n--) {
      const origin = this.origins.get(JSON.stringify(path.slice(0, n)));
      if (origin) return { file: origin.file, path: [...origin.path, ...path.slice(n)] };
    }
    return { file: this.root, path };
  }

  located(): Located {
    return {
      at: (path, message) => {
        const { file, path: local } = this.locate(path);
        const line = lineOf(file, local);
        return `${file.name}${line ? `:${line}` : ''}: ${formatPath(path)}: ${message}`;
      },
    };
  }
}

function pointerToPath(pointer: string): YamlPath {
  if (!pointer) return [];
  return pointer
    .slice(1)
    .split('/')
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((p) => (/^\d+$/.test(p) ? Number(p) : p));
}

function describe(message: string, value: unknown): string {
  const shown = value === undefined ? 'nothing' : JSON.stringify(value);
  return `${message.charAt(0).toLowerCase()}${message.slice(1)} (got ${shown && shown.length > 60 ? shown.slice(0, 57) + '...' : shown})`;
}

/**
 * Checks a merged spec. `readFile` gives the text of a file named relative to
 * the root's directory (domain and query files).
 */
function check(merger: Merger, readFile: (name: string) => string): Spec {
  if (merger.problems.length) throw new SpecError(merger.problems);
  const where = merger.located();
  const data = merger.spec;

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
  const queryProblems = loadQueryFiles(spec, merger.queryFiles, readFile);
  if (queryProblems.length) throw new SpecError(queryProblems);
  const defaultProblems = resolveColumnDefaults(spec, where);
  if (defaultProblems.length) throw new SpecError(defaultProblems);
  const refProblems = checkReferences(spec, where);
  if (refProblems.length) throw new SpecError(refProblems);
  return spec;
}

/**
 * A flag whose default is a column's (`default: "{{dispatches.agent_type.default}}"`)
 * takes that column's declared default, so the fact is written once.
 */
function resolveColumnDefaults(spec: Spec, where: Located): string[] {
  const problems: string[] = [];
  spec.commands.forEach((command, i) => {
    for (const [flag, f] of Object.entries(command.flags ?? {})) {
      const m = typeof f.default === 'string' ? /^\{\{([a-z_]+)\.([a-z_]+)\.default\}\}$/.exec(f.default) : null;
      if (!m) continue;
      const d = spec.tables[m[1]!]?.columns[m[2]!]?.default;
      if (d === undefined || d === 'now') {
        problems.push(where.at(['commands', i, 'flags', flag, 'default'], `${m[1]}.${m[2]} has no literal default`));
        continue;
      }
      f.default = d;
    }
  });
  return problems;
}

/** A spec in one document (tests); `domains`, if any, are read with `readFile`. */
export function parseSpec(text: string, file = 'spec/intercore.yaml', readFile?: (name: string) => string): Spec {
  const root = parseFile(text, file);
  const merger = new Merger(root);
  merger.addRoot();
  const read = readFile ?? ((name: string) => readFileSync(join(dirname(file), name), 'utf8'));
  const domains = root.data.domains;
  if (domains !== undefined) {
    if (!Array.isArray(domains) || !domains.every((d) => typeof d === 'string' && /^[a-z][a-z0-9-]*$/.test(d))) {
      throw new SpecError([`${file}:${lineOf(root, ['domains']) ?? 1}: domains: must be a list of domain names (spec/<name>.yaml)`]);
    }
    for (const domain of domains as string[]) {
      const name = join(dirname(file), `${domain}.yaml`);
      let text: string;
      try {
        text = read(`${domain}.yaml`);
      } catch {
        throw new SpecError([`${file}:${lineOf(root, ['domains']) ?? 1}: domains: no file ${name}`]);
      }
      merger.addDomain(parseFile(text, name));
    }
  }
  return check(merger, (name) => read(name));
}

/**
 * The whole spec as one YAML document, unchecked: the root and its domain
 * files merged (tests edit it and parse it back with parseSpec).
 */
export function readSpecText(path: string): string {
  const read = (name: string) => readFileSync(join(dirname(path), name), 'utf8');
  const root = parseFile(read(basename(path)), path);
  const merger = new Merger(root);
  merger.addRoot();
  for (const domain of (root.data.domains as string[] | undefined) ?? []) merger.addDomain(parseFile(read(`${domain}.yaml`), domain));
  if (merger.problems.length) throw new SpecError(merger.problems);
  return stringify(merger.spec, { aliasDuplicateObjects: false, lineWidth: 0 });
}

export function loadSpec(path: string, displayName = path): Spec {
  return parseSpec(readFileSync(path, 'utf8'), displayName, (name) => readFileSync(join(dirname(path), name), 'utf8'));
}
