// bin/ic as a hook runs it: by its #! line, /bin/sh, which starts node on the
// same file with NODE_EXTRA_CA_CERTS empty (its value saved aside), so that
// Node does not parse a CA bundle ic never uses; ic hands it back to the
// processes it starts (src/sys/ca-certs.ts).
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, type Project, project, runIcProcess, tempDir } from '../helpers';

// A bundle that does not exist: Node, given it, says so on stderr at start.
const BUNDLE = '/nonexistent/ic-test-ca.pem';
const NODE_WARNING = `Warning: Ignoring extra certs from \`${BUNDLE}\``;

/** Runs `file` (bin/ic, or a link to it) as an executable, in `cwd`, with `env` over the test's. */
function exec(file: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}, input = '') {
  const r = spawnSync(file, args, { cwd, input, encoding: 'utf8', env: { ...process.env, ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

async function projectWithHook(): Promise<{ p: Project; runId: string }> {
  const p = await project();
  mkdirSync(join(p.dir, '.clavain/hooks'), { recursive: true });
  const hook = join(p.dir, '.clavain/hooks/on-phase-advance');
  writeFileSync(
    hook,
    '#!/usr/bin/env bash\ncat >/dev/null; printf "%s|%s" "${NODE_EXTRA_CA_CERTS-unset}" "${INTERCORE_NODE_EXTRA_CA_CERTS-unset}" > "$PWD/env"\n',
  );
  chmodSync(hook, 0o755);
  const runId = (await p.ic(['run', 'create', '--goal=g'])).stdout.trim();
  return { p, runId };
}

describe('bin/ic run by its #! line', () => {
  it('starts Node without NODE_EXTRA_CA_CERTS, and the hooks ic starts get it back', async () => {
    const { p, runId } = await projectWithHook();
    const r = exec(BIN, ['run', 'advance', runId, '--priority=4'], p.dir, { NODE_EXTRA_CA_CERTS: BUNDLE });
    expect(r).toEqual({ code: 0, stdout: 'brainstorm → brainstorm-reviewed\n', stderr: '' });
    expect(readFileSync(join(p.dir, 'env'), 'utf8')).toBe(`${BUNDLE}|unset`);
  });

  it('ic started with it emptied and its value saved aside (what the #! line does) puts it back for the hooks', async () => {
    const { p, runId } = await projectWithHook();
    const r = runIcProcess(['run', 'advance', runId, '--priority=4'], p.dir, '', {
      NODE_EXTRA_CA_CERTS: '',
      INTERCORE_NODE_EXTRA_CA_CERTS: '/etc/corp/ca.pem',
    });
    expect(r).toEqual({ code: 0, stdout: 'brainstorm → brainstorm-reviewed\n', stderr: '' });
    expect(readFileSync(join(p.dir, 'env'), 'utf8')).toBe('/etc/corp/ca.pem|unset');
  });

  it('(node bin/ic, which bypasses the #! line, makes Node read the bundle: what the first test would see)', () => {
    const r = spawnSync(process.execPath, [BIN, 'version'], { encoding: 'utf8', env: { ...process.env, NODE_EXTRA_CA_CERTS: BUNDLE } });
    expect(r.status).toBe(0);
    expect(r.stderr).toContain(NODE_WARNING);
  });

  it('passes every argument through unchanged, and the exit code back, also through a symbolic link (as npm links it)', async () => {
    const p = await project();
    const link = join(tempDir(), 'ic');
    symlinkSync(BIN, link);
    const key = 'k';
    const scope = `a b\n* $HOME '"' -- ""`;
    for (const ic of [BIN, link]) {
      expect(exec(ic, ['state', 'set', key, scope], p.dir, { NODE_EXTRA_CA_CERTS: BUNDLE }, '{"n":1}')).toEqual({
        code: 0,
        stdout: '',
        stderr: '',
      });
      expect(exec(ic, ['state', 'get', key, scope], p.dir)).toEqual({ code: 0, stdout: '{"n":1}\n', stderr: '' });
      expect(exec(ic, ['state', 'get', key, 'other'], p.dir)).toEqual({ code: 1, stdout: '', stderr: '' });
      expect(exec(ic, ['state', 'get', ''], p.dir)).toMatchObject({ code: 3, stdout: '' });
    }
    expect(p.db().prepare('SELECT key, scope_id FROM state').all()).toEqual([{ key, scope_id: scope }]);
  });
});
