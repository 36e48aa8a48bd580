// Generated TypeScript goes through the project's formatter before it is
// written or compared, so generated code reads like the handwritten code and
// gen:check compares formatted text.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as prettier from 'prettier';

const ROOT = join(__dirname, '..');
let options: prettier.Options | undefined;

export async function formatTs(source: string, path: string): Promise<string> {
  options ??= JSON.parse(readFileSync(join(ROOT, '.prettierrc.json'), 'utf8')) as prettier.Options;
  try {
    return await prettier.format(source, { ...options, parser: 'typescript', filepath: path });
  } catch (err) {
    // A generator wrote invalid TypeScript: show where, with the source, so the bug is found in the generator.
    throw new Error(`codegen produced invalid TypeScript for ${path}: ${(err as Error).message}`);
  }
}
