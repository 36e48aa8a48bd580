import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { snapshot } from '../../hardening/common';
import { project } from '../../helpers';

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

describe('receipt find', () => {
  it('prints the earliest receipt of exactly that action (agent, parent run, content hash); exit 1 when none', async () => {
    const p = await project();
    const emit = async (agent: string, run: string, content: string) =>
      (await p.ic(['receipt', 'emit', `--agent=${agent}`, '--model=m', `--content=${content}`, `--parent-run=${run}`])).stdout.trim();
    const first = await emit('a', 'r1', 'out');
    const again = await emit('a', 'r1', 'out');
    await emit('a', 'r2', 'out');
    await emit('b', 'r1', 'out');
    const stamp = (id: string) =>
      (p.db().prepare('SELECT timestamp FROM action_receipts WHERE receipt_id = ?').get(id) as { timestamp: string }).timestamp;
    expect(stamp(first) < stamp(again)).toBe(true);
    const hash = sha256('out');
    expect(await p.ic(['receipt', 'find', '--agent=a', '--parent-run=r1', `--content-hash=${hash}`])).toEqual({
      code: 0,
      stdout: `${first}\n`,
      stderr: '',
    });
    expect(await p.ic(['--json', 'receipt', 'find', '--agent=a', '--parent-run=r1', `--content-hash=${hash}`])).toEqual({
      code: 0,
      stdout: `{"agent_id":"a","content_hash":"${hash}","parent_run_id":"r1","receipt_id":"${first}"}\n`,
      stderr: '',
    });
    // Any part of the action different: no receipt, exit 1, nothing on stdout.
    for (const [agent, run, h] of [
      ['c', 'r1', hash],
      ['a', 'r3', hash],
      ['a', 'r1', sha256('other')],
      ['a', 'r1', hash.toUpperCase()],
    ]) {
      expect(await p.ic(['receipt', 'find', `--agent=${agent}`, `--parent-run=${run}`, `--content-hash=${h}`])).toEqual({
        code: 1,
        stdout: '',
        stderr: `ic: receipt find: no receipt of that action (agent ${agent}, parent run ${run})\n`,
      });
    }
    expect(await p.ic(['--json', 'receipt', 'find', '--agent=c', '--parent-run=r1', `--content-hash=${hash}`])).toMatchObject({
      code: 1,
      stdout: '',
    });
  });

  it('a receipt emitted without a parent run is never found (the run is part of the action)', async () => {
    const p = await project();
    await p.ic(['receipt', 'emit', '--agent=a', '--model=m', '--content=out']);
    expect(await p.ic(['receipt', 'find', '--agent=a', '--parent-run=r1', `--content-hash=${sha256('out')}`])).toMatchObject({
      code: 1,
      stdout: '',
    });
  });

  it('usage errors exit 5 naming the cause and read nothing', async () => {
    const p = await project();
    const db = p.db();
    const rows = snapshot(db);
    const hash = sha256('x');
    const cases: [string[], string][] = [
      [['--parent-run=r', `--content-hash=${hash}`], '--agent and --parent-run are required'],
      [['--agent= ', '--parent-run=r', `--content-hash=${hash}`], '--agent and --parent-run are required'],
      [['--agent=a', `--content-hash=${hash}`], '--agent and --parent-run are required'],
      [['--agent=a', '--parent-run=r'], '--content-hash must be a 64-character SHA-256 digest'],
      [['--agent=a', '--parent-run=r', `--content-hash=${hash}0`], '--content-hash must be a 64-character SHA-256 digest'],
      [['--agent=a', '--parent-run=r', `--content-hash=${'g'.repeat(64)}`], '--content-hash must be hexadecimal'],
    ];
    for (const [flags, message] of cases) {
      expect(await p.ic(['receipt', 'find', ...flags]), flags.join(' ')).toEqual({
        code: 5,
        stdout: '',
        stderr: `ic: receipt find: ${message}\n`,
      });
    }
    expect(snapshot(db)).toBe(rows);
  });
});
