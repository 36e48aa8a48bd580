// generated/schemas/<command path>.json: the JSON Schema of each command's
// `--json` output, for hook authors and for the test that validates real
// output against it. JSON has no comments, so the notice is a $comment.
import type { TSchema } from '@sinclair/typebox';
import type { GenContext } from '../context';
import { DO_NOT_EDIT } from '../header';
import type { GeneratedFile } from '../file';
import { outputSchema } from '../typebox';

export const SCHEMA_DIALECT = 'https://json-schema.org/draft/2020-12/schema';

export const schemaFileFor = (path: string) => `generated/schemas/${path.replace(/ /g, '-')}.json`;

/** A JSON Schema file: the dialect, the notice, a title (and description), then the schema. */
export function schemaFile(path: string, schema: TSchema, title: string, description?: string): GeneratedFile {
  // JSON.stringify drops TypeBox's symbol keys and keeps the standard ones.
  const document = {
    $schema: SCHEMA_DIALECT,
    $comment: DO_NOT_EDIT,
    title,
    ...(description !== undefined && { description }),
    ...JSON.parse(JSON.stringify(schema)),
  };
  return { path, content: `${JSON.stringify(document, null, 2)}\n` };
}

export function generateSchemas(ctx: GenContext): GeneratedFile[] {
  const files: GeneratedFile[] = [];
  for (const command of ctx.commands) {
    const schema = outputSchema(ctx, command);
    if (!schema) continue;
    files.push(schemaFile(schemaFileFor(command.path), schema, `ic ${command.path} --json`));
  }
  return files;
}
