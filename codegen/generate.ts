// Runs every generator over one resolved context. Pure: returns the files, so
// that `gen` writes them and `gen:check` compares them with what is on disk.
import { createContext } from './context';
import { generateAgentsMd } from './generators/agents-md';
import { generateCli } from './generators/cli';
import { generateCommands } from './generators/commands';
import { generateCompletion } from './generators/completion';
import { generateEntities } from './generators/entities';
import { generateMigrations } from './generators/migrations';
import { generateSchemas } from './generators/schemas';
import { generateStores } from './generators/stores';
import { generateWrappers } from './generators/wrappers';
import type { GeneratedFile } from './render';
import type { Spec } from './spec/metaschema';

export interface GenerateOptions {
  /** Repository root: where AGENTS.md's handwritten prose is read from. */
  root: string;
}

export function generateAll(spec: Spec, options: GenerateOptions): GeneratedFile[] {
  const ctx = createContext(spec);
  const files = [
    ...generateMigrations(ctx),
    ...generateEntities(ctx),
    ...generateStores(ctx),
    ...generateSchemas(ctx),
    ...generateCommands(ctx),
    ...generateCli(ctx),
    ...generateCompletion(ctx),
    ...generateWrappers(ctx),
    ...generateAgentsMd(ctx, options.root),
  ];
  return files.sort((a, b) => (a.path < b.path ? -1 : 1));
}
