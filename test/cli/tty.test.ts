// Output for a person at a terminal (spec `output.tty` and `progress`), both
// ways: piped, every command prints the contract's text byte for byte (the
// command tests hold that); at a terminal, run status draws the run's chain,
// run list, run events, dispatch list and sentinel list align their columns
// under a header, and dispatch wait keeps one status line on stderr. NO_COLOR
// (or --color=never) drops only the escape codes; TERM=dumb gives the plain
// text of a pipe; --color=always draws even into a pipe.
// In-process runs say "a terminal" through RunIo.isTerminal; the built ic
// runs under a real pty with script(1) from util-linux.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isAlive } from '../../src/dispatch/process';
import { chainMarks } from '../../src/phase/tty';
import { BIN, type IcResult, project, runIcWith } from '../helpers';
import { dispatchProject, row, spawnWith } from '../commands/dispatch/common';

/** ic in this process, with stdout and stderr taken for terminals. */
const atTerminal = (args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<IcResult> =>
  runIcWith(args, cwd, { stdin: '{}', terminal: true, env: { NO_COLOR: undefined, TERM: 'xterm', ...env } });

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
    const tty = await atTerminal(['run', 'status', id], p.dir, { COLUMNS: '200' });
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
    const line = plain((await atTerminal(['run', 'status', id], p.dir, { COLUMNS: '200' })).stdout)
      .split('\n')
      .find((l) => l.startsWith('Chain:'));
    expect(line).toBe(
      'Chain:      ✓ brainstorm › ● brainstorm-reviewed › ○ strategized › ○ planned › ○ executing › ○ review › ○ polish › ○ reflect › ○ done',
    );
  });

  it('the chain wraps between phases to the terminal width (80, 120 columns), never inside a phase name (issue 32)', async () => {
    const { p, id } = await runWithMoves();
    const chain = async (columns: string) =>
      plain((await atTerminal(['run', 'status', id], p.dir, { COLUMNS: columns })).stdout)
        .split('\n')
        .filter(
          (l, i, all) => l.startsWith('Chain:') || (i > 0 && all.slice(0, i).some((x) => x.startsWith('Chain:')) && l.startsWith('     ')),
        );
    expect(await chain('80')).toEqual([
      'Chain:      ✓ brainstorm › ✓ brainstorm-reviewed › ⊘ strategized › ● planned ›',
      '            ○ executing › ○ review › ○ polish › ○ reflect › ○ done',
    ]);
    expect(await chain('120')).toEqual([
      'Chain:      ✓ brainstorm › ✓ brainstorm-reviewed › ⊘ strategized › ● planned › ○ executing › ○ review › ○ polish ›',
      '            ○ reflect › ○ done',
    ]);
    for (const columns of ['40', '80', '120']) for (const l of await chain(columns)) expect(l.length).toBeLessThanOrEqual(Number(columns));
  });

  it('chainMarks: a skip event is a mark while the run stays, a move when it went there', () => {
    const run = { id: 'r', phase: 'b', status: 'active', complexity: 3, force_full: 0, phases: '["a","b","c","d"]' } as never;
    const marks = chainMarks(run, [
      { from_phase: 'a', to_phase: 'b', event_type: 'skip' },
      { from_phase: 'b', to_phase: 'c', event_type: 'skip' },
    ]);
    expect(marks.map((m) => m.mark)).toEqual(['walked', 'current', 'skipped', 'ahead']);
  });

  it('NO_COLOR and --color=never: the same picture without escape codes; TERM=dumb and --json: what a pipe gets, byte for byte', async () => {
    const { p, id } = await runWithMoves();
    const piped = await p.ic(['run', 'status', id]);
    const drawn = await atTerminal(['run', 'status', id], p.dir);
    const noColor = await atTerminal(['run', 'status', id], p.dir, { NO_COLOR: '1' });
    expect(noColor).toEqual({ ...drawn, stdout: plain(drawn.stdout) });
    expect(noColor.stdout).toContain('Chain:      ✓ brainstorm');
    expect(noColor.stdout).not.toContain('\x1b');
    expect(await atTerminal(['--color=never', 'run', 'status', id], p.dir)).toEqual(noColor);
    expect(await atTerminal(['--color=always', 'run', 'status', id], p.dir, { NO_COLOR: '1' })).toEqual(drawn);
    expect(await atTerminal(['run', 'status', id], p.dir, { TERM: 'dumb' })).toEqual(piped);
    expect(await atTerminal(['--json', 'run', 'status', id], p.dir)).toEqual(await p.ic(['--json', 'run', 'status', id]));
  });

  it.runIf(hasScript)('the built ic under a pty draws the chain; piped it prints the contract text', async () => {
    const { p, id } = await runWithMoves();
    const piped = p.icProcess(['run', 'status', id]);
    const pty = underPty(['run', 'status', id], p.dir);
    expect(pty.code).toBe(0);
    expect(plain(pty.screen)).toContain(piped.stdout + 'Chain:      ✓ brainstorm › ✓ brainstorm-reviewed › ⊘ strategized › ● planned');
    const noColor = underPty(['run', 'status', id], p.dir, 'NO_COLOR=1').screen;
    expect(noColor).toContain(piped.stdout + 'Chain:      ✓ brainstorm › ✓ brainstorm-reviewed › ⊘ strategized › ● planned');
    expect(noColor).not.toContain('\x1b');
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
    expect(await atTerminal(['run', 'list'], p.dir, { NO_COLOR: '1' })).toEqual({ ...tty, stdout: plain(tty.stdout) });
  });

  it('no runs: "no runs" at a terminal; nothing piped, as before', async () => {
    const p = await project({ init: true });
    expect(await atTerminal(['run', 'list'], p.dir)).toEqual({ code: 0, stdout: '\x1b[2mno runs\x1b[22m\n', stderr: '' });
    expect(await p.ic(['run', 'list'])).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it('--color=always draws the table even into a pipe (for less -R); --color=bogus is a usage error', async () => {
    const p = await project({ init: true });
    await p.ic(['run', 'create', '--goal=first']);
    expect((await p.ic(['--color=always', 'run', 'list'])).stdout).toMatch(/^\x1b\[1mID\x1b\[22m {8}\x1b\[1mSTATUS/);
    expect(await p.ic(['--color=never', 'run', 'list'])).toEqual(await p.ic(['run', 'list']));
    expect(await p.ic(['--color=bogus', 'run', 'list'])).toEqual({
      code: 3,
      stdout: '',
      stderr: 'ic: invalid --color value "bogus": want one of auto, always, never\n',
    });
  });

  it.runIf(hasScript)('the built ic under a pty aligns; NO_COLOR the same without escape codes', async () => {
    const p = await project({ init: true });
    await p.ic(['run', 'create', '--goal=first']);
    const piped = p.icProcess(['run', 'list']);
    expect(plain(underPty(['run', 'list'], p.dir).screen)).toMatch(
      /^ID {8}STATUS {2}PHASE {7}GOAL\n[a-z0-9]{8} {2}active {2}brainstorm {2}first\n$/,
    );
    expect(underPty(['run', 'list'], p.dir, 'NO_COLOR=1').screen).toMatch(
      /^ID {8}STATUS {2}PHASE {7}GOAL\n[a-z0-9]{8} {2}active {2}brainstorm {2}first\n$/,
    );
    expect(piped.stdout).toMatch(/^[a-z0-9]{8}\tactive\tbrainstorm\tfirst\n$/);
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

  it('NO_COLOR: the status line still, drawn over with blanks instead of escape codes', async () => {
    const p = await dispatchProject();
    const id = await spawnWith(p, 'pass');
    const tty = await atTerminal(['dispatch', 'wait', id, '--poll=50ms', '--timeout=20s'], p.dir, { NO_COLOR: '1' });
    expect(tty.code).toBe(0);
    expect(tty.stderr).not.toContain('\x1b');
    expect(tty.stderr).toMatch(new RegExp(`^(\\rdispatch ${id} \\(codex\\): [a-z]+[^\\r\\n]*)+\\r +\\r$`));
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

describe('lists at a terminal: a header, aligned columns, times as how long ago; a message when empty (issue 32)', () => {
  it('sentinel list', async () => {
    const p = await project({ init: true });
    expect(await atTerminal(['sentinel', 'list'], p.dir)).toEqual({ code: 0, stdout: '\x1b[2mno sentinels\x1b[22m\n', stderr: '' });
    expect(await p.ic(['sentinel', 'list'])).toEqual({ code: 0, stdout: '', stderr: '' });
    await p.ic(['sentinel', 'check', 'stop', 'session-1', '--interval=0']);
    p.db().prepare("UPDATE sentinels SET last_fired = unixepoch() - 300 WHERE name = 'stop'").run();
    await p.ic(['sentinel', 'check', 'compound', 's2', '--interval=0']);
    p.db().prepare("UPDATE sentinels SET last_fired = unixepoch() - 7300 WHERE name = 'compound'").run();
    expect(plain((await atTerminal(['sentinel', 'list'], p.dir)).stdout)).toBe(
      ['NAME      SCOPE      LAST FIRED', 'compound  s2         2h ago', 'stop      session-1  5m ago', ''].join('\n'),
    );
    // Piped and --json: the epoch, as before.
    expect((await p.ic(['sentinel', 'list'])).stdout).toMatch(/^compound\ts2\t\d{10}\nstop\tsession-1\t\d{10}\n$/);
    expect((await atTerminal(['--json', 'sentinel', 'list'], p.dir)).stdout).toMatch(/"last_fired":\d{10}/);
  });

  it('run events', async () => {
    const { p, id } = await runWithMoves();
    p.db().prepare('UPDATE phase_events SET created_at = unixepoch() - 180').run();
    expect(plain((await atTerminal(['run', 'events', id], p.dir)).stdout)).toBe(
      [
        'WHEN    MOVE                              EVENT    GATE  REASON',
        '3m ago  brainstorm → strategized          skip           small',
        '3m ago  brainstorm → brainstorm-reviewed  advance  none',
        '3m ago  brainstorm-reviewed → planned     advance  none',
        '',
      ].join('\n'),
    );
    const other = (await p.ic(['run', 'create', '--goal=quiet'])).stdout.trim();
    expect(plain((await atTerminal(['run', 'events', other], p.dir)).stdout)).toBe('no events\n');
    expect(await p.ic(['run', 'events', other])).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it('dispatch list, and a dispatch whose process exited before anything polled it', async () => {
    const p = await dispatchProject();
    expect(plain((await atTerminal(['dispatch', 'list'], p.dir)).stdout)).toBe('no dispatches\n');
    const id = await spawnWith(p, 'silent', '--name=rev');
    // The agent ends at once; nothing polls it, so its row still says running.
    for (let i = 0; i < 200 && isAlive(Number(row(p, id).pid)); i++) await new Promise((r) => setTimeout(r, 25));
    expect(row(p, id).status).toBe('running');
    expect(plain((await atTerminal(['dispatch', 'list'], p.dir)).stdout)).toMatch(
      new RegExp(
        `^ID {8}STATUS {12}TYPE {3}NAME {2}CREATED\\n${id} {2}running \\(exited\\) {2}codex {2}rev {3}\\d+s ago\\n` +
          `\\(exited: its process has exited; ic dispatch poll ${id} records how it ended\\)\\n$`,
      ),
    );
    expect((await atTerminal(['dispatch', 'status', id], p.dir)).stdout).toContain(
      `Status:  \x1b[36mrunning\x1b[39m\x1b[33m (its process has exited; ic dispatch poll ${id} records how it ended)\x1b[39m\n`,
    );
    // Piped: the row as recorded, as Go prints it.
    expect((await p.ic(['dispatch', 'list'])).stdout).toBe(`${id}\trunning\tcodex\trev\n`);
    expect((await p.ic(['dispatch', 'status', id])).stdout).toContain('Status:  running\n');
    // Polled: failed without a verdict, and the block says why (piped too).
    await p.ic(['dispatch', 'poll', id]);
    expect((await p.ic(['dispatch', 'status', id])).stdout).toContain(
      `Exit:    -1\nError:   no verdict: the agent wrote no STATUS line to ${p.dir}/out-silent.md.verdict (STATUS: pass or warn completes a dispatch)\n`,
    );
  });
});

describe('hints on stderr for a person at a terminal (issue 32)', () => {
  it('run current from a subdirectory: exit 1; at a terminal it says where runs are active; piped it is silent, as Go', async () => {
    const p = await project({ init: true });
    await p.ic(['run', 'create', '--goal=x']);
    const sub = join(p.dir, 'sub');
    mkdirSync(sub);
    expect(await p.ic(['run', 'current'], { cwd: sub })).toEqual({ code: 1, stdout: '', stderr: '' });
    expect(await atTerminal(['run', 'current'], sub)).toEqual({
      code: 1,
      stdout: '',
      stderr: `ic: run current: no active run for ${sub}; runs are active for ${p.dir}: use --project=${p.dir}\n`,
    });
    const empty = await project({ init: true });
    expect((await atTerminal(['run', 'current'], empty.dir)).stderr).toBe(
      `ic: run current: no active run for ${empty.dir}; the database (.clavain/intercore.db) has none: ic run create starts one\n`,
    );
  });

  it('state set reading a terminal says what it waits for', async () => {
    const p = await project({ init: true });
    const tty = await atTerminal(['state', 'set', 'k', 's1'], p.dir);
    expect(tty).toEqual({
      code: 0,
      stdout: '',
      stderr: `ic: state set: reading the JSON payload from stdin: type it and end with Ctrl-D, or give it piped (echo '{"n":1}' | ic state set k s1) or as @file\n`,
    });
    expect(await p.ic(['state', 'set', 'k', 's1'], { stdin: '{}' })).toEqual({ code: 0, stdout: '', stderr: '' });
  });
});
