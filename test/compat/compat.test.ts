import { rmSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { legacyFilesExist } from '../../src/compat/handlers';
import { project, runIc, tempDir } from '../helpers';

describe('compat', () => {
  it('status without a database: n/a in the DB column', async () => {
    const r = await runIc(['compat', 'status'], tempDir());
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('KEY\t\t\tLEGACY\tDB');
    expect(lines.slice(1, -1).map((l) => l.split('\t')[0]!.trimEnd())).toEqual([
      'autopub',
      'catalog_remind',
      'compound_throttle',
      'discovery_brief',
      'dispatch',
      'drift_throttle',
      'handoff',
      'stop',
    ]);
    for (const line of lines.slice(1, -1)) expect(line).toMatch(/^[a-z_]+ +\t(yes|no)\tn\/a$/);
    expect(lines[1]!.split('\t')[0]).toHaveLength(20);
  });

  it('status and check see live state under a key', async () => {
    const p = await project();
    await p.ic(['state', 'set', 'handoff', 'a'], { stdin: '{}' });
    await p.ic(['state', 'set', 'handoff', 'b'], { stdin: '{}' });
    p.db().prepare("INSERT INTO state (key, scope_id, payload, expires_at) VALUES ('stop', 'x', '{}', 1)").run();
    const status = (await p.ic(['compat', 'status'])).stdout.split('\n');
    expect(status.find((l) => l.startsWith('handoff '))).toMatch(/\tyes$/);
    expect(status.find((l) => l.startsWith('stop '))).toMatch(/\tno$/);
    expect(await p.ic(['compat', 'check', 'handoff'])).toEqual({ code: 0, stdout: 'handoff: 2 scope(s) in DB\n', stderr: '' });
    expect(await p.ic(['compat', 'check', 'stop'])).toEqual({ code: 1, stdout: 'stop: not in DB\n', stderr: '' });
    expect(await p.ic(['compat', 'check', 'stop', '--json'])).toEqual({ code: 1, stdout: '{"key":"stop"}\n', stderr: '' });
  });

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
