// Output for a person at a terminal (spec `output.tty` and `progress`), both
// ways: piped, every command prints the contract's text byte for byte (the
// command tests hold that); at a terminal, run status draws the run's chain,
// run list aligns its columns and dispatch wait keeps one status line on
// stderr. NO_COLOR or TERM=dumb at a terminal: the plain text again.
// In-process runs say "a terminal" through RunIo.isTerminal; the built ic
// runs under a real pty with script(1) from util-linux.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { main } from '../../generated/cli';
import { chainMarks } from '../../src/phase/tty';
import { BIN, type IcResult, project } from '../helpers';
import { dispatchProject, spawnWith } from '../commands/dispatch/common';

/** ic in this process, with stdout and stderr taken for terminals. */
async function atTerminal(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<IcResult> {
  let stdout = '';
  let stderr = '';
  const sink = (add: (s: string) => void) =>
    new Writable({
      write(chunk, _enc, done) {
        add(chunk.toString());
        done();
      },
    });
  const code = await main(args, {
    stdout: sink((s) => (stdout += s)),
    stderr: sink((s) => (stderr += s)),
    cwd,
    env: { ...process.env, NO_COLOR: undefined, TERM: 'xterm', ...env },
    isTerminal: () => true,
  });
  return { code, stdout, stderr };
}

const ANSI = /\x1b\[[0-9;]*[A-Za-z]/g;
const plain = (s: string) => s.replace(ANSI, '');
const hasScript = spawnSync('sh', ['-c', 'command -v script']).status === 0;
const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** The built ic under a pty (script -qec): what the terminal showed, \r stripped. */
function underPty(args: string[], cwd: string, env = '', redirect = ''): { code: number; screen: string; raw: string } {
  const cmd = `${env} ${q(process.execPath)} ${q(BIN)} ${args.map(q).join(' ')} ${redirect}`;
  const r = spawnSync('script', ['-qec', cmd, '/dev/null'], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '', TERM: 'xterm' },
  });
  return { code: r.status ?? -1, raw: r.stdout, screen: r.stdout.replace(/\r/g, '') };
}

async function runWithMoves() {
  const p = await project({ init: true });
  const id = (await p.ic(['run', 'create', '--goal=ship the parser'])).stdout.trim();
  expect((await p.ic(['run', 'skip', id, 'strategized', '--reason=small'])).code).toBe(0);
  expect((await p.ic(['run', 'advance', id, '--priority=4'])).code).toBe(0); // brainstorm -> brainstorm-reviewed
  expect((await p.ic(['run', 'advance', id, '--priority=4'])).code).toBe(0); // -> planned, passing strategized
  return { p, id };
}

describe('run status at a terminal', () => {
  it('adds the chain, walked, skipped, current and ahead told apart, and the gate of the last move', async () => {
    const { p, id } = await runWithMoves();
    const piped = await p.ic(['run', 'status', id]);
    const tty = await atTerminal(['run', 'status', id], p.dir);
    expect(tty.code).toBe(0);
    expect(tty.stderr).toBe('');
    expect(plain(tty.stdout)).toBe(
      piped.stdout +
        'Chain:      ✓ brainstorm › ✓ brainstorm-reviewed › ⊘ strategized › ● planned › ○ executing › ○ review › ○ polish › ○ reflect › ○ done\n' +
        'Last move:  advance brainstorm-reviewed → planned: gate none\n',
    );
    expect(tty.stdout).toContain('\x1b[1m\x1b[36m● planned'); // the current phase stands out
  });

  it('complexity passes no phase any more (Go v39): a complexity-1 run walks the whole chain', async () => {
    const p = await project({ init: true });
    const id = (await p.ic(['run', 'create', '--goal=small', '--complexity=1'])).stdout.trim();
    await p.ic(['run', 'advance', id, '--priority=4']);
    const line = plain((await atTerminal(['run', 'status', id], p.dir)).stdout)
      .split('\n')
      .find((l) => l.startsWith('Chain:'));
    expect(line).toBe(
      'Chain:      ✓ brainstorm › ● brainstorm-reviewed › ○ strategized › ○ planned › ○ executing › ○ review › ○ polish › ○ reflect › ○ done',
    );
  });

  it('chainMarks: a skip event is a mark while the run stays, a move when it went there', () => {
    const run = { id: 'r', phase: 'b', status: 'active', complexity: 3, force_full: 0, phases: '["a","b","c","d"]' } as never;
    const marks = chainMarks(run, [
      { from_phase: 'a', to_phase: 'b', event_type: 'skip' },
      { from_phase: 'b', to_phase: 'c', event_type: 'skip' },
    ]);
    expect(marks.map((m) => m.mark)).toEqual(['walked', 'current', 'skipped', 'ahead']);
  });

  it('NO_COLOR, TERM=dumb and --json: what a pipe gets, byte for byte', async () => {
    const { p, id } = await runWithMoves();
    const piped = await p.ic(['run', 'status', id]);
    expect(await atTerminal(['run', 'status', id], p.dir, { NO_COLOR: '1' })).toEqual(piped);
    expect(await atTerminal(['run', 'status', id], p.dir, { TERM: 'dumb' })).toEqual(piped);
    expect(await atTerminal(['--json', 'run', 'status', id], p.dir)).toEqual(await p.ic(['--json', 'run', 'status', id]));
  });

  it.runIf(hasScript)('the built ic under a pty draws the chain; piped it prints the contract text', async () => {
    const { p, id } = await runWithMoves();
    const piped = p.icProcess(['run', 'status', id]);
    const pty = underPty(['run', 'status', id], p.dir);
    expect(pty.code).toBe(0);
    expect(plain(pty.screen)).toContain(piped.stdout + 'Chain:      ✓ brainstorm › ✓ brainstorm-reviewed › ⊘ strategized › ● planned');
    expect(underPty(['run', 'status', id], p.dir, 'NO_COLOR=1').screen).toBe(piped.stdout);
    expect(underPty(['run', 'status', id], p.dir, 'TERM=dumb').screen).toBe(piped.stdout);
  });
});

describe('run list at a terminal', () => {
  it('aligns the columns under a header', async () => {
    const p = await project({ init: true });
    const a = (await p.ic(['run', 'create', '--goal=first'])).stdout.trim();
    const b = (await p.ic(['run', 'create', '--goal=a longer goal'])).stdout.trim();
    await p.ic(['run', 'advance', b, '--priority=4']);
    const tty = await atTerminal(['run', 'list'], p.dir);
    expect(plain(tty.stdout)).toBe(
      [
        'ID        STATUS  PHASE                GOAL',
        `${b}  active  brainstorm-reviewed  a longer goal`,
        `${a}  active  brainstorm           first`,
        '',
      ].join('\n'),
    );
    expect(await atTerminal(['run', 'list'], p.dir, { NO_COLOR: '1' })).toEqual(await p.ic(['run', 'list']));
  });

  it('no runs: nothing, as piped', async () => {
    const p = await project({ init: true });
    expect(await atTerminal(['run', 'list'], p.dir)).toEqual(await p.ic(['run', 'list']));
  });

  it.runIf(hasScript)('the built ic under a pty aligns; NO_COLOR gives the tab-separated text', async () => {
    const p = await project({ init: true });
    await p.ic(['run', 'create', '--goal=first']);
    const piped = p.icProcess(['run', 'list']);
    expect(plain(underPty(['run', 'list'], p.dir).screen)).toMatch(
      /^ID {8}STATUS {2}PHASE {7}GOAL\n[a-z0-9]{8} {2}active {2}brainstorm {2}first\n$/,
    );
    expect(underPty(['run', 'list'], p.dir, 'NO_COLOR=1').screen).toBe(piped.stdout);
  });
});

describe('dispatch wait at a terminal', () => {
  it('keeps one status line on stderr, overwritten in place and cleared; stdout is the plain block', async () => {
    const p = await dispatchProject();
    const id = await spawnWith(p, 'pass', '--name=rev');
    const tty = await atTerminal(['dispatch', 'wait', id, '--poll=50ms', '--timeout=20s'], p.dir);
    expect(tty.code).toBe(0);
    expect(tty.stderr).toMatch(new RegExp(`^(\\r\\x1b\\[Kdispatch ${id} \\(codex rev\\): [a-z]+[^\\r\\n]*)+\\r\\x1b\\[K$`));
    const stdout = tty.stdout;
    expect(stdout).toBe((await p.ic(['dispatch', 'status', id])).stdout);
  });

  it('NO_COLOR: no status line at all', async () => {
    const p = await dispatchProject();
    const id = await spawnWith(p, 'pass');
    expect(await atTerminal(['dispatch', 'wait', id, '--poll=50ms', '--timeout=20s'], p.dir, { NO_COLOR: '1' })).toMatchObject({
      code: 0,
      stderr: '',
    });
  });

  it.runIf(hasScript)('the built ic under a pty: the line on the terminal, the result in a redirected stdout', async () => {
    const p = await dispatchProject();
    const id = await spawnWith(p, 'sleeps');
    const out = join(p.dir, 'wait.out');
    const pty = underPty(['dispatch', 'wait', id, '--poll=50ms', '--timeout=400ms'], p.dir, '', `>${q(out)}`);
    expect(pty.code).toBe(1);
    expect(pty.raw).toContain(`\r\x1b[Kdispatch ${id} (codex): running, pid `);
    expect(pty.raw.endsWith('\r\x1b[K')).toBe(true);
    expect(readFileSync(out, 'utf8')).toMatch(/^ID: +[a-z0-9]{8}\nStatus: +timeout\n/);
  });
});
