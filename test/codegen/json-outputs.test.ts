// The JSON Schemas of generated/schemas/: one per command with JSON output,
// and every command with JSON output run with --json by its own tests,
// where test/helpers.ts holds each answer to its schema.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { readSpecText } from '../../codegen/spec/load';
import { describe, expect, it } from 'vitest';
import { ROOT, checkJsonOutput, project } from '../helpers';
import { type JsonSchema, validate } from '../json-schema';

const spec = parse(readSpecText(join(ROOT, 'spec/intercore.yaml'))) as { commands: { path: string; output: { json: unknown } }[] };
// `json: {text: ...}`: --json is ignored (the lock commands print their text), so no schema.
const ignoresJson = (json: unknown) => json === 'text';
const withJson = spec.commands.filter((c) => c.output.json !== 'none' && !ignoresJson(c.output.json)).map((c) => c.path);
const schemaOf = (path: string) =>
  JSON.parse(readFileSync(join(ROOT, 'generated/schemas', `${path.replace(/ /g, '-')}.json`), 'utf8')) as JsonSchema;

describe('--json output matches the generated JSON Schema', () => {
  it('every command with JSON output has a schema file', () => {
    for (const path of withJson) expect(schemaOf(path)).toHaveProperty('$schema');
  });

  it('every command with JSON output is run with --json by its own tests (test/commands/<path>.test.ts)', () => {
    const untested = withJson.filter((path) => {
      const file = join(ROOT, 'test/commands', `${path.split(' ').join('/')}.test.ts`);
      return !existsSync(file) || !readFileSync(file, 'utf8').includes("'--json'");
    });
    expect(untested.map((path) => `test/commands/${path.split(' ').join('/')}.test.ts runs no ic ${path} --json`)).toEqual([]);
  });

  it('a --json answer that does not match its schema fails the test that got it', async () => {
    const p = await project();
    await expect(p.ic(['--json', 'run', 'current'])).resolves.toMatchObject({ code: 1, stdout: '{"found":false}\n' });
    expect(() => checkJsonOutput(['--json', 'run', 'current'], { code: 0, stdout: '{"id":1}\n', stderr: '' })).toThrow(
      /ic run current --json does not match its schema: \$\.found: missing; \$\.id: expected a string/,
    );
  });

  it('a command that ignores --json has no schema file', () => {
    const ignoring = spec.commands.filter((c) => ignoresJson(c.output.json)).map((c) => c.path);
    expect(ignoring).toContain('lock acquire');
    for (const path of ignoring) expect(() => schemaOf(path)).toThrow(/ENOENT/);
  });

  it('the validator rejects what the schemas forbid', () => {
    const s = schemaOf('run current');
    expect(validate(s, { found: true, id: 'abc' })).toEqual([]);
    expect(validate(s, { id: 'abc' })).toEqual(['$.found: missing']);
    expect(validate(s, { found: 'yes', extra: 1 })).toEqual(['$.found: expected a boolean', '$.extra: not allowed']);
    expect(validate(schemaOf('run list'), [{ id: 1 }])).toContain('$[0].id: expected a string');
  });
});
