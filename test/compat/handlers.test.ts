import { rmSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { legacyFilesExist } from '../../src/compat/handlers';

describe('compat', () => {
  it('finds legacy files by their glob', () => {
    const name = `/tmp/clavain-compat-test-${process.pid}.lock`;
    expect(legacyFilesExist('/tmp/clavain-compat-test-*.lock')).toBe(false);
    writeFileSync(name, '');
    try {
      expect(legacyFilesExist('/tmp/clavain-compat-test-*.lock')).toBe(true);
      expect(legacyFilesExist('/tmp/clavain-compat-test-*.cache')).toBe(false);
    } finally {
      rmSync(name);
    }
  });
});
