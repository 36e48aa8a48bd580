import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isAlive } from '../../../src/dispatch/process';
import { PARSE, dispatchProject, row, spawnWith, waitFor } from './common';

describe('dispatch kill, list, prune', () => {
  it('kill escalates to SIGKILL when the agent ignores SIGTERM; a second kill changes nothing', async () => {
    const p = await dispatchProject();
    const id = await spawnWith(p, 'stubborn');
    const pid = row(p, id).pid as number;
    await waitFor(() => existsSync(`${p.dir}/out-stubborn.md.args`));
    expect(await p.ic(['--json', 'dispatch', 'kill', id])).toEqual({
      code: 0,
      stdout: `{"id":"${id}","status":"cancelled"}\n`,
      stderr: '',
    });
    expect(isAlive(pid)).toBe(false);
    const after = row(p, id);
    expect(after).toMatchObject({ status: 'cancelled', completed_at: expect.any(Number) });
    expect(await p.ic(['dispatch', 'kill', id])).toEqual({ code: 0, stdout: 'killed\n', stderr: '' });
    expect(row(p, id)).toEqual(after);
  }, 15_000);

  it('a terminal dispatch never moves back: a kill after completion keeps completed', async () => {
    const p = await dispatchProject();
    const id = await spawnWith(p, 'pass');
    await p.ic(['dispatch', 'wait', id, '--poll=50ms', '--timeout=20s']);
    expect(await p.ic(['--json', 'dispatch', 'kill', id])).toEqual({
      code: 0,
      stdout: `{"id":"${id}","status":"completed"}\n`,
      stderr: '',
    });
    expect(row(p, id)).toMatchObject({ status: 'completed' });
  });

  it('killGroup stops the whole process group, children included', async () => {
    const p = await dispatchProject();
    writeFileSync(p.script('tree'), `#!/usr/bin/env bash\n${PARSE}\nsleep 30 & echo $! >"$out.child"\nwait\n`);
    const id = await spawnWith(p, 'tree');
    await waitFor(() => existsSync(`${p.dir}/out-tree.md.child`) && readFileSync(`${p.dir}/out-tree.md.child`, 'utf8').endsWith('\n'));
    const child = Number(readFileSync(`${p.dir}/out-tree.md.child`, 'utf8'));
    expect(isAlive(child)).toBe(true);
    await p.ic(['dispatch', 'kill', id]);
    await waitFor(() => !isAlive(child));
    expect(isAlive(child)).toBe(false);
  });
});
