// Lock contention: a process holding the write lock past the busy timeout
// makes writers fail with exit 2 and a message naming --timeout; within the
// timeout they wait and succeed. Many writers at once with the default
// timeout all succeed.
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { BIN, ROOT, type Project, project } from '../helpers';

/** A process that takes the write lock (BEGIN IMMEDIATE) and holds it for `ms`. */
async function holdWriteLock(dbFile: string, ms: number): Promise<ChildProcess> {
  const script = `
    const Database = require(${JSON.stringify(join(ROOT, 'node_modules/better-sqlite3'))});
    const db = new Database(${JSON.stringify(dbFile)});
    db.exec('BEGIN IMMEDIATE');
    db.prepare("INSERT INTO state (key, scope_id, payload) VALUES ('holder', 's', '1')").run();
    process.stdout.write('locked\\n');
    setTimeout(() => { db.exec('COMMIT'); db.close(); }, ${ms});`;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  onTestFinished(() => {
    child.kill('SIGKILL');
  });
  await new Promise<void>((ready) => child.stdout!.once('data', () => ready()));
  return child;
}

function ic(p: Project, argv: string[], stdin = ''): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [BIN, ...argv], { cwd: p.dir });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.stdin.end(stdin);
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

describe('lock contention', () => {
  it('a lock held past --timeout: exit 2, "busy", names --timeout, writes nothing', async () => {
    const p = await project();
    await holdWriteLock(p.dbPath, 3000);
    const writes: [string[], string][] = [
      [['--timeout=200ms', 'state', 'set', 'k', 's'], '{"a":1}'],
      [['--timeout=200ms', 'sentinel', 'check', 'n', 's', '--interval=0'], ''],
      [['--timeout=200ms', 'run', 'create', '--goal=g'], ''],
    ];
    for (const [argv, stdin] of writes) {
      const r = await ic(p, argv, stdin);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/^ic: [a-z ]+: database is busy: .*200ms.*--timeout\n$/);
    }
    expect(p.db().prepare("SELECT count(*) AS n FROM state WHERE key = 'k'").get()).toEqual({ n: 0 });
  });

  it('a lock released within --timeout: the writers wait and succeed', async () => {
    const p = await project();
    await holdWriteLock(p.dbPath, 500);
    const results = await Promise.all([
      ic(p, ['--timeout=10s', 'state', 'set', 'k', 's'], '{"a":1}'),
      ic(p, ['sentinel', 'check', 'n', 's', '--interval=0', '--timeout=10s']),
      ic(p, ['run', 'create', '--goal=g']), // the default timeout, 5s
    ]);
    expect(results.map((r) => [r.code, r.stderr])).toEqual([
      [0, ''],
      [0, ''],
      [0, ''],
    ]);
    expect(p.db().prepare("SELECT key FROM state ORDER BY key").all()).toEqual([{ key: 'holder' }, { key: 'k' }]);
  });

  it('64 mixed concurrent writers with the default timeout: no exit 2', async () => {
    const p = await project();
    const run = (await p.ic(['run', 'create', '--goal=busy'])).stdout.trim();
    const jobs = Array.from({ length: 64 }, (_, i) => {
      switch (i % 4) {
        case 0:
          return ic(p, ['state', 'set', 'many', `s${i}`], `{"i":${i}}`);
        case 1:
          return ic(p, ['sentinel', 'check', 'many', 's', '--interval=0']);
        case 2:
          return ic(p, ['run', 'agent', 'add', run, `--name=a${i}`]);
        default:
          return ic(p, ['run', 'advance', run]);
      }
    });
    const results = await Promise.all(jobs);
    expect(results.filter((r) => r.code !== 0 && r.code !== 1).map((r) => r.stderr)).toEqual([]);
    expect(results.filter((r) => r.stderr !== '' && !/run already completed|phase changed/.test(r.stderr))).toEqual([]);
    expect(p.db().prepare("SELECT count(*) AS n FROM state WHERE key = 'many'").get()).toEqual({ n: 16 });
    expect(p.db().prepare('SELECT count(*) AS n FROM run_agents').get()).toEqual({ n: 16 });
    expect(results.filter((r, i) => i % 4 === 1 && r.stdout === 'allowed\n')).toHaveLength(1);
  }, 60_000);
});
