// Named queries are checked at generation time, sqlc style: each problem
// with a query is a spec error naming the file, the line and the query.
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createContext } from '../../codegen/context';
import { SpecError, loadSpec } from '../../codegen/spec/load';
import { parseQueryFile } from '../../codegen/spec/queries';
import { ROOT, tempDir } from '../helpers';

/** The real spec with `sql` appended to spec/queries/state.sql: the problems generation reports. */
function problemsWith(sql: string): string[] {
  const dir = tempDir();
  cpSync(join(ROOT, 'spec'), join(dir, 'spec'), { recursive: true });
  const file = join(dir, 'spec/queries/state.sql');
  writeFileSync(file, `${readFileSync(file, 'utf8')}\n${sql}\n`);
  try {
    const ctx = createContext(loadSpec(join(dir, 'spec/intercore.yaml'), 'spec/intercore.yaml'));
    void ctx.sql;
  } catch (err) {
    if (err instanceof SpecError) return err.problems;
    throw err;
  }
  return [];
}

const stateLines = readFileSync(join(ROOT, 'spec/queries/state.sql'), 'utf8').split('\n').length;
const at = `spec/queries/state.sql:${stateLines + 1}`;

describe('query files', () => {
  it('parse: prose, annotations, SQL; one statement each', () => {
    const { queries, problems } = parseQueryFile(
      '-- header\n\n-- name: a :one\n-- The a.\n-- scans: runs\n-- param: x integer?\nSELECT 1;\n\n-- name: b :exec\nDELETE FROM state; DELETE FROM runs;\n',
      'q.sql',
      'd',
    );
    expect(problems).toEqual(['q.sql:9: query b holds more than one statement']);
    expect(queries[0]).toMatchObject({
      name: 'a',
      kind: 'one',
      sql: 'SELECT 1',
      description: 'The a.',
      scans: ['runs'],
      params: { x: 'integer?' },
    });
  });

  it('a malformed name line, SQL before the first query, a bad annotation', () => {
    expect(parseQueryFile('SELECT 1;\n-- name: Bad :one\nSELECT 2;', 'q.sql', 'd').problems).toEqual([
      'q.sql:1: SQL before the first "-- name: <name> :one|:many|:exec" line',
      'q.sql:2: expected "-- name: <camelCaseName> :one|:many|:exec"',
      'q.sql:3: SQL before the first "-- name: <name> :one|:many|:exec" line',
    ]);
    expect(parseQueryFile('-- name: a :one\n-- param: x\nSELECT 1', 'q.sql', 'd').problems).toEqual([
      'q.sql:2: expected "-- param: <name> <type>[?]"',
    ]);
  });
});

describe('generation checks each query against the schema', () => {
  it('the real spec passes', () => {
    expect(problemsWith('')).toEqual([]);
  });

  it('a column that does not exist', () => {
    expect(problemsWith('-- name: bad :one\nSELECT nope FROM state WHERE key = @key;')).toEqual([
      `${at}: query bad: does not prepare against the schema: no such column: nope`,
    ]);
  });

  it('a parameter whose type the SQL does not tell, and an expression column without a type', () => {
    expect(problemsWith('-- name: bad :one\nSELECT length(@text) AS n;')).toEqual([
      `${at}: query bad: the type of @text cannot be read off the SQL: declare it with "-- param: text <type>"`,
      `${at}: query bad: result column "n" is an expression: declare its type with "-- column: n <type>"`,
    ]);
    expect(problemsWith('-- name: good :one\n-- param: text text\n-- column: n integer\nSELECT length(@text) AS n;')).toEqual([]);
  });

  it('a full scan of a table the query does not declare; a declared scan the query does not make', () => {
    expect(problemsWith('-- name: bad :many\nSELECT * FROM state WHERE payload = @payload;')).toEqual([
      `${at}: query bad: reads a whole table (SCAN state): add an index, or declare it with "-- scans: state"`,
    ]);
    expect(problemsWith('-- name: ok :many\n-- scans: state\nSELECT * FROM state WHERE payload = @payload;')).toEqual([]);
    expect(problemsWith('-- name: bad :one\n-- scans: state\nSELECT * FROM state WHERE key = @key AND scope_id = @s;')).toEqual([
      `${at}: query bad: -- scans: state: the query does not scan it (remove the declaration)`,
    ]);
  });

  it('value sets and defaults by name: a wrong name is an error', () => {
    expect(problemsWith('-- name: bad :many\nSELECT * FROM runs WHERE status = {{run_status.paused}};')).toEqual([
      `${at}: query bad: {{run_status.paused}}: "paused" is neither a value nor a group of run_status`,
    ]);
    expect(problemsWith('-- name: bad2 :many\nSELECT * FROM runs WHERE budget_warn_pct = {{runs.goal.default}};')).toEqual([
      `${at}: query bad2: {{runs.goal.default}}: runs.goal has no literal default`,
    ]);
  });

  it(':one needs rows; a name is declared once', () => {
    expect(problemsWith('-- name: bad :one\nDELETE FROM state WHERE key = @key;')).toEqual([
      `${at}: query bad: :one needs a statement that returns rows (a SELECT, or RETURNING)`,
    ]);
    expect(problemsWith('-- name: getState :one\nSELECT 1 AS x;')[0]).toMatch(
      /query getState is declared at spec\/queries\/state\.sql:\d+ already$/,
    );
  });

  it('parameters are typed by the columns they meet: values sets, booleans, nullable writes, optional inserts', () => {
    const ctx = createContext(loadSpec(join(ROOT, 'spec/intercore.yaml')));
    const param = (query: string, name: string) => ctx.sql.byName.get(query)!.params.find((p) => p.name === name);
    expect(param('cancelRun', 'status')).toMatchObject({ tsType: 'RunStatus', valueSet: { name: 'run_status' }, nullable: false });
    expect(param('setRunSettings', 'auto_advance')).toMatchObject({ tsType: 'boolean', boolean: true, nullable: true });
    expect(param('updateDispatch', 'pid')).toMatchObject({ tsType: 'number', nullable: true, optional: false });
    expect(param('insertRun', 'scope_id')).toMatchObject({ nullable: true, optional: true });
    expect(param('insertRun', 'id')).toMatchObject({ generatedId: true, optional: true });
    expect(param('getRun', 'id')).toMatchObject({ tsType: 'string', nullable: false, optional: false });
    expect(ctx.sql.byName.get('getRun')!.rowOf?.name).toBe('runs');
    expect(ctx.sql.byName.get('currentRun')!.rowOf).toBeUndefined();
  });
});
