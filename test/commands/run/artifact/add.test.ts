import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { project } from '../../../helpers';
import { fixtureRun } from '../common';

describe('run artifact', () => {
  it('add, list all, list by phase, --json; phase and path required; missing run', async () => {
    const p = await project();
    fixtureRun(p, 'run00001');
    const f1 = (await p.ic(['run', 'artifact', 'add', 'run00001', '--phase=brainstorm', '--path=docs/b.md'])).stdout.trim();
    const f2 = (await p.ic(['run', 'artifact', 'add', 'run00001', '--phase=planned', '--path=docs/plan.md', '--type=plan'])).stdout.trim();
    expect(f1).toMatch(/^[a-z0-9]{8}$/);
    p.db().prepare('UPDATE run_artifacts SET created_at = 9').run();
    expect(await p.ic(['run', 'artifact', 'list', 'run00001'])).toEqual({
      code: 0,
      stdout: `${f1}\tbrainstorm\tfile\tdocs/b.md\n${f2}\tplanned\tplan\tdocs/plan.md\n`,
      stderr: '',
    });
    expect(await p.ic(['run', 'artifact', 'list', 'run00001', '--phase=planned'])).toEqual({
      code: 0,
      stdout: `${f2}\tplanned\tplan\tdocs/plan.md\n`,
      stderr: '',
    });
    expect((await p.ic(['--json', 'run', 'artifact', 'list', 'run00001', '--phase=brainstorm'])).stdout).toBe(
      `[{"created_at":9,"id":"${f1}","path":"docs/b.md","phase":"brainstorm","run_id":"run00001","status":"active","type":"file"}]\n`,
    );
    expect(await p.ic(['run', 'artifact', 'add', 'run00001', '--path=x'])).toEqual({
      code: 3,
      stdout: '',
      stderr: 'ic: run artifact add: --phase is required\n',
    });
    expect(await p.ic(['run', 'artifact', 'add', 'run00001', '--phase=x'])).toEqual({
      code: 3,
      stdout: '',
      stderr: 'ic: run artifact add: --path is required\n',
    });
    expect(await p.ic(['run', 'artifact', 'add', 'nosuchrun', '--phase=x', '--path=y'])).toEqual({
      code: 1,
      stdout: '',
      stderr: 'ic: run artifact add: run not found\n',
    });
    expect(p.db().prepare('SELECT count(*) AS n FROM run_artifacts').get()).toEqual({ n: 2 });
  });
});

describe('run artifact add: content hashes (v6)', () => {
  const hashes = (p: { db(): import('better-sqlite3').Database }) =>
    p.db().prepare('SELECT path, content_hash, dispatch_id FROM run_artifacts ORDER BY rowid').all();

  it('the SHA-256 of a readable file (relative to the working directory), --dispatch stored; list --json shows both', async () => {
    const p = await project();
    fixtureRun(p, 'run00001');
    mkdirSync(join(p.dir, 'docs'));
    writeFileSync(join(p.dir, 'docs/plan.md'), 'the plan\n');
    writeFileSync(join(p.dir, 'empty.md'), '');
    const id = (
      await p.ic(['run', 'artifact', 'add', 'run00001', '--phase=planned', '--path=docs/plan.md', '--dispatch=d0000001'])
    ).stdout.trim();
    await p.ic(['run', 'artifact', 'add', 'run00001', '--phase=planned', '--path=empty.md']);
    await p.ic(['run', 'artifact', 'add', 'run00001', '--phase=planned', '--path=missing.md']);
    await p.ic(['run', 'artifact', 'add', 'run00001', '--phase=planned', '--path=docs']);
    await p.ic(['run', 'artifact', 'add', 'run00001', '--phase=planned', '--path=/dev/zero']);
    const sha = (text: string) => `sha256:${createHash('sha256').update(text).digest('hex')}`;
    expect(hashes(p)).toEqual([
      { path: 'docs/plan.md', content_hash: sha('the plan\n'), dispatch_id: 'd0000001' },
      { path: 'empty.md', content_hash: 'sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', dispatch_id: null },
      { path: 'missing.md', content_hash: null, dispatch_id: null },
      { path: 'docs', content_hash: null, dispatch_id: null },
      { path: '/dev/zero', content_hash: null, dispatch_id: null },
    ]);
    const [first] = JSON.parse((await p.ic(['--json', 'run', 'artifact', 'list', 'run00001'])).stdout) as Record<string, unknown>[];
    expect(first).toMatchObject({ id, content_hash: sha('the plan\n'), dispatch_id: 'd0000001' });
    // Text is unchanged by the hash.
    expect((await p.ic(['run', 'artifact', 'list', 'run00001', '--phase=planned'])).stdout.split('\n')[0]).toBe(
      `${id}\tplanned\tfile\tdocs/plan.md`,
    );
  });

  it('a FIFO is refused without blocking: no hash, the artifact recorded', async () => {
    const p = await project();
    fixtureRun(p, 'run00001');
    execFileSync('mkfifo', [join(p.dir, 'pipe')]);
    expect(await p.ic(['run', 'artifact', 'add', 'run00001', '--phase=planned', '--path=pipe'])).toMatchObject({ code: 0, stderr: '' });
    expect(hashes(p)).toEqual([{ path: 'pipe', content_hash: null, dispatch_id: null }]);
  });
});
