import { describe, expect, it } from 'vitest';
import { runIc, tempDir } from '../../helpers';

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
});

describe('compat status --json', () => {
  it('one object per legacy key; db left out without a database', async () => {
    const r = await runIc(['--json', 'compat', 'status'], tempDir());
    expect(r).toMatchObject({ code: 0, stderr: '' });
    const rows = JSON.parse(r.stdout) as { key: string; legacy: boolean; db?: boolean }[];
    expect(rows.length).toBeGreaterThan(3);
    for (const row of rows) expect(Object.keys(row)).toEqual(['key', 'legacy']);
  });
});
