// A command whose context cannot be built still ends the contract's way: one
// `ic: <path>: <message>` line and exit 2. (Was: createContext ran outside
// runCommand's try, so what it threw escaped to clipanion, which prints
// "Internal Error" and a stack trace.) Nothing in createContext throws today
// on its own, so the test makes it throw.
import { describe, expect, it, vi } from 'vitest';
import { createContext } from '../../src/cli/context';
import { describeError } from '../../src/cli/run-command';
import { runIc, tempDir } from '../helpers';
import { expectWellFormed } from './common';

vi.mock('../../src/cli/context', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../src/cli/context')>();
  return { ...actual, createContext: vi.fn(actual.createContext) };
});

describe('errors while the context is built', () => {
  it('one line, exit 2, no trace, for a command with and without a database', async () => {
    const dir = tempDir();
    for (const args of [['state', 'get', 'k', 's'], ['version'], ['completion', 'bash']]) {
      vi.mocked(createContext).mockImplementationOnce(() => {
        const err = new Error('uv_cwd: no such file or directory') as NodeJS.ErrnoException;
        err.code = 'ENOENT';
        throw err;
      });
      const r = await runIc(args, dir);
      expectWellFormed(r, args.join(' '));
      expect(r, args.join(' ')).toEqual({
        code: 2,
        stdout: '',
        stderr: `ic: ${args.slice(0, 2).join(' ').replace('completion bash', 'completion')}: I/O error: uv_cwd: no such file or directory\n`,
      });
    }
    // The next command builds its context normally again.
    expect(await runIc(['version'], dir)).toMatchObject({ code: 0, stderr: '' });
  });

  it('describeError needs no context', () => {
    expect(describeError(new Error('x'))).toEqual([2, 'internal error: x']);
    expect(describeError(Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' }))).toEqual([
      2,
      'disk full: no space left on the device; free some space and retry',
    ]);
    expect(describeError(Object.assign(new Error('busy'), { code: 'SQLITE_BUSY' }), { globals: { timeout: 100 } as never })[1]).toMatch(
      /^database is busy: .*\(100ms\)/,
    );
  });
});
