// Imports tracked as data: a generator says what a file uses while it writes
// the code that uses it, and the import lines are printed from that, sorted,
// one per module.
import { posix } from 'node:path';

export class Imports {
  private readonly modules = new Map<string, { values: Set<string>; types: Set<string> }>();

  /** @param from the generated file's path, relative to the repository root */
  constructor(private readonly from: string) {}

  /** A value import; `module` is a path from the repository root (`src/cli/values`) or a package name. */
  value(module: string, ...names: string[]): this {
    names.forEach((n) => this.entry(module).values.add(n));
    return this;
  }

  type(module: string, ...names: string[]): this {
    names.forEach((n) => this.entry(module).types.add(n));
    return this;
  }

  /** The import lines: packages first, then local modules, each group sorted. */
  render(): string {
    const lines = [...this.modules.entries()]
      .map(([module, { values, types }]) => ({ spec: this.specifier(module), values, types }))
      .sort((a, b) => rank(a.spec) - rank(b.spec) || (a.spec < b.spec ? -1 : a.spec > b.spec ? 1 : 0))
      .flatMap(({ spec, values, types }) => {
        const out: string[] = [];
        const onlyTypes = [...types].filter((t) => !values.has(t)).sort();
        if (values.size) {
          const names = [...[...values].sort(), ...onlyTypes.map((t) => `type ${t}`)];
          out.push(`import { ${names.join(', ')} } from '${spec}';`);
        } else if (onlyTypes.length) {
          out.push(`import type { ${onlyTypes.join(', ')} } from '${spec}';`);
        }
        return out;
      });
    return lines.join('\n');
  }

  private entry(module: string) {
    let e = this.modules.get(module);
    if (!e) this.modules.set(module, (e = { values: new Set(), types: new Set() }));
    return e;
  }

  private specifier(module: string): string {
    if (!module.startsWith('src/') && !module.startsWith('generated/')) return module;
    const rel = posix.relative(posix.dirname(this.from), module);
    return rel.startsWith('.') ? rel : `./${rel}`;
  }
}

const rank = (spec: string) => (spec.startsWith('.') ? 1 : 0);
