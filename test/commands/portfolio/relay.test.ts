import { spawn } from 'node:child_process';
import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, type IcResult, type Project, project, runIc } from '../../helpers';

/** The relay as a process: started, left until `ready` holds (or 20 s), then SIGTERM. */
function relayUntil(cwd: string, args: string[], ready: () => boolean): Promise<IcResult & { signalled: boolean }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [BIN, 'portfolio', 'relay', ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const deadline = Date.now() + 20_000;
    const timer = setInterval(() => {
      if (ready() || Date.now() > deadline) {
        clearInterval(timer);
        child.kill('SIGTERM');
      }
    }, 100);
    child.on('close', (code, signal) => {
      clearInterval(timer);
      done({ code: code ?? -1, stdout, stderr, signalled: signal !== null });
    });
  });
}

/** Ready once the relay has written its dispatch count for the portfolio (it has polled, so its signal handlers are in place), and n checks later. */
function polled(p: Project, portfolio: string, n = 3): () => boolean {
  let after = 0;
  return () => {
    const row = p.db().prepare("SELECT 1 FROM state WHERE key = 'active-dispatch-count' AND scope_id = ?").get(portfolio);
    return row !== undefined && ++after > n;
  };
}

describe('portfolio relay', () => {
  it("relays each child project's phase events to the portfolio, with upstream_changed for its dependents; the cursor and the dispatch count are durable; SIGTERM ends it, exit 0", async () => {
    const p = await project();
    for (const d of ['a', 'b']) {
      mkdirSync(join(p.dir, d));
      expect((await runIc(['init', '--db=.clavain/intercore.db'], join(p.dir, d))).code).toBe(0);
    }
    const out = JSON.parse((await p.ic(['--json', 'run', 'create', '--goal=pf', '--projects=a,b'])).stdout) as { id: string };
    const pf = out.id;
    await p.ic(['portfolio', 'dep', 'add', pf, '--upstream=a', '--downstream=b']);
    const inA = join(p.dir, 'a');
    const inAdb = '--db=.clavain/intercore.db';
    const x = (await runIc(['run', 'create', '--goal=x', inAdb], inA)).stdout.trim();
    await runIc(['run', 'advance', x, '--disable-gates', inAdb], inA);
    await runIc(['run', 'cancel', x, inAdb], inA);
    const db = p.db();
    const relayed = () =>
      db.prepare('SELECT from_phase, to_phase, event_type, reason FROM phase_events WHERE run_id = ? ORDER BY id').all(pf) as object[];
    const r = await relayUntil(p.dir, [pf, '--interval=100ms'], () => relayed().length >= 4);
    expect(r).toEqual({ code: 0, stdout: '', stderr: '', signalled: false });
    const a = `${p.dir}/a`;
    expect(relayed()).toEqual([
      { from_phase: 'brainstorm', to_phase: 'brainstorm-reviewed', event_type: 'child_advanced', reason: `relay:${a}` },
      {
        from_phase: 'brainstorm',
        to_phase: 'brainstorm-reviewed',
        event_type: 'upstream_changed',
        reason: 'upstream_changed:brainstorm→brainstorm-reviewed',
      },
      { from_phase: 'brainstorm-reviewed', to_phase: 'brainstorm-reviewed', event_type: 'child_cancelled', reason: `relay:${a}` },
      {
        from_phase: 'brainstorm-reviewed',
        to_phase: 'brainstorm-reviewed',
        event_type: 'upstream_changed',
        reason: 'upstream_changed:brainstorm-reviewed→brainstorm-reviewed',
      },
    ]);
    expect(db.prepare('SELECT key, scope_id, payload, expires_at FROM state ORDER BY key, scope_id').all()).toEqual([
      { key: 'active-dispatch-count', scope_id: pf, payload: '"0"', expires_at: null },
      { key: 'relay-cursor', scope_id: a, payload: '"2"', expires_at: null },
    ]);
    // A second relay starts from the cursor: nothing relayed twice.
    const again = await relayUntil(p.dir, [pf, '--interval=100ms'], polled(p, pf));
    expect(again.code).toBe(0);
    expect(relayed().length).toBe(4);
  });

  it('passes by a project it must not read (no database, a linked .clavain) with a line on stderr; never relays the portfolio to itself', async () => {
    const p = await project();
    mkdirSync(join(p.dir, 'real'));
    expect((await runIc(['init', '--db=.clavain/intercore.db'], join(p.dir, 'real'))).code).toBe(0);
    mkdirSync(join(p.dir, 'linked'));
    symlinkSync(join(p.dir, 'real/.clavain'), join(p.dir, 'linked/.clavain'));
    // The portfolio's own project is a child too: its database is the portfolio's.
    const out = JSON.parse((await p.ic(['--json', 'run', 'create', '--goal=pf', '--projects=.,missing,linked'])).stdout) as { id: string };
    await p.ic(['run', 'advance', out.id, '--disable-gates']);
    const db = p.db();
    const r = await relayUntil(p.dir, [out.id, '--interval=100ms'], polled(p, out.id));
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    const lines = new Set(r.stderr.trimEnd().split('\n'));
    expect([...lines].sort()).toEqual([
      `ic: portfolio relay: relay skip project ${p.dir}/linked: ${p.dir}/linked/.clavain is a symbolic link`,
      `ic: portfolio relay: relay skip project ${p.dir}/missing: ${p.dir}/missing/.clavain/intercore.db: ENOENT`,
    ]);
    // The portfolio's own advance, not relayed back to it.
    expect(db.prepare('SELECT event_type FROM phase_events WHERE run_id = ?').pluck().all(out.id)).toEqual(['advance']);
  });

  it('--interval must be more than 0 (exit 3); an unknown portfolio relays nothing', async () => {
    const p = await project();
    expect(await p.ic(['portfolio', 'relay', 'x', '--interval=0s'])).toEqual({
      code: 3,
      stdout: '',
      stderr: 'ic: portfolio relay: invalid interval: must be more than 0\n',
    });
    const r = await relayUntil(p.dir, ['nosuch', '--interval=50ms'], polled(p, 'nosuch'));
    expect(r).toEqual({ code: 0, stdout: '', stderr: '', signalled: false });
  });
});
