// The schema check every open makes (src/db/schema.ts): preparing
// SCHEMA_PROBE must fail for a database without any one table or column the
// spec declares, whatever the probe's form, and the error must name it.
import { describe, expect, it } from 'vitest';
import { TABLES } from '../../generated/db/tables';
import { assertSchemaComplete, DamagedSchemaError } from '../../src/db/schema';
import { project } from '../helpers';

/** What assertSchemaComplete says about the database once `change` ran (undone after). */
function checkAfter(db: ReturnType<Awaited<ReturnType<typeof project>>['db']>, change: string): string {
  db.exec('BEGIN');
  try {
    db.exec(change);
    assertSchemaComplete(db);
    return 'complete';
  } catch (err) {
    return err instanceof DamagedSchemaError ? err.message : `unexpected: ${String(err)}`;
  } finally {
    db.exec('ROLLBACK');
  }
}

describe('the schema check at open', () => {
  it('passes a complete database', async () => {
    const db = (await project()).db();
    expect(() => assertSchemaComplete(db)).not.toThrow();
  });

  it('fails for every column the spec declares, renamed away, and names it', async () => {
    const db = (await project()).db();
    const columns = TABLES.flatMap((t) => t.columns.map((c) => [t.name, c] as const));
    expect(columns.length).toBeGreaterThan(400);
    const said = columns.map(([t, c]) => checkAfter(db, `ALTER TABLE "${t}" RENAME COLUMN "${c}" TO "${c}_gone"`));
    expect(said).toEqual(columns.map(([t, c]) => expect.stringContaining(`(missing column ${t}.${c})`)));
  });

  it('fails for every table the spec declares, renamed away, and names it', async () => {
    const db = (await project()).db();
    const said = TABLES.map((t) => checkAfter(db, `ALTER TABLE "${t.name}" RENAME TO "${t.name}_gone"`));
    expect(said).toEqual(TABLES.map((t) => expect.stringContaining(`(missing table ${t.name}`)));
  });
});
