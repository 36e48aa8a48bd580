// Runs every generator over one resolved context, then formats the
// TypeScript. Pure: returns the files, so that `gen` writes them and
// `gen:check` compares them with what is on disk.
import { createContext } from './context';
import { formatTs } from './format';
import { generateAgentsMd } from './generators/agents-md';
import { generateCli } from './generators/cli';
import { generateCommands } from './generators/commands';
import { generateCompletion } from './generators/completion';
import { generateEntities } from './generators/entities';
import { generateMan } from './generators/man';
import { generateMigrations } from './generators/migrations';
import { generatePhases } from './generators/phases';
import { generateQueries } from './generators/queries';
import { generateRecords } from './generators/records';
import { generateSchemas } from './generators/schemas';
import { generateTables } from './generators/tables';
import { generateValues } from './generators/values';
import { generateWrappers } from './generators/wrappers';
import type { GeneratedFile } from './file';
import type { Spec } from './spec/metaschema';

export interface GenerateOptions {
  /** Repository root: where AGENTS.md's handwritten prose is read from. */
  root: string;
}

export async function generateAll(spec: Spec, options: GenerateOptions): Promise<GeneratedFile[]> {
  const ctx = createContext(spec);
  const files = [
    ...generateValues(ctx),
    ...generatePhases(ctx),
    ...generateMigrations(ctx),
    ...generateTables(ctx),
    ...generateQueries(ctx),
    ...generateEntities(ctx),
    ...generateRecords(ctx),
    ...generateSchemas(ctx),
    ...generateCommands(ctx),
    ...generateCli(ctx),
    ...generateCompletion(ctx),
    ...generateWrappers(ctx),
    ...generateMan(ctx),
    ...generateAgentsMd(ctx, options.root),
  ];
  const formatted = await Promise.all(
    files.map(async (f) => (f.path.endsWith('.ts') ? { path: f.path, content: await formatTs(f.content, f.path) } : f)),
  );
  return formatted.sort((a, b) => (a.path < b.path ? -1 : 1));
}
