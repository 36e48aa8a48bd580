import { describe, expect, it } from 'vitest';
import { backupName } from '../../src/db/migrate';

describe('init', () => {
  it('names backups by local time', () => {
    expect(backupName('/x/i.db', new Date(2026, 10, 24, 9, 5, 7))).toBe('/x/i.db.backup-20261124-090507');
  });
});
