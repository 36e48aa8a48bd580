// The batteries' "nothing changed" rests on snapshot(): with its statements
// kept per connection, it must still see what another connection commits,
// a table that appears and a column that is added.
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { tempDir } from '../helpers';
import { snapshot } from './common';

it("snapshot sees another connection's rows, new tables and new columns, on the same connection", () => {
  const path = join(tempDir(), 'snap.db');
  const mine = new Database(path);
  const other = new Database(path);
  try {
    mine.pragma('journal_mode = WAL');
    mine.exec('CREATE TABLE t (x)');
    const seen = [snapshot(mine)];
    other.exec('INSERT INTO t VALUES (1)');
    seen.push(snapshot(mine));
    other.exec('CREATE TABLE u (y)');
    seen.push(snapshot(mine));
    other.exec('ALTER TABLE t ADD COLUMN z; UPDATE t SET z = 5');
    seen.push(snapshot(mine));
    other.pragma('user_version = 7');
    seen.push(snapshot(mine));
    expect(seen.map((s) => JSON.parse(s))).toEqual([
      { user_version: 0, t: [] },
      { user_version: 0, t: [[1]] },
      { user_version: 0, t: [[1]], u: [] },
      { user_version: 0, t: [[1, 5]], u: [] },
      { user_version: 7, t: [[1, 5]], u: [] },
    ]);
  } finally {
    mine.close();
    other.close();
  }
});
