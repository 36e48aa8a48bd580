import { describe, expect, it } from 'vitest';
import { snapshot } from '../../hardening/common';
import { project } from '../../helpers';

describe('session tokens', () => {
  it("adds to the session's totals in the project (default the working directory)", async () => {
    const p = await project();
    await p.ic(['session', 'start', '--session=s1', `--project=${p.dir}`]);
    await p.ic(['session', 'start', '--session=s1', '--project=/q']);
    expect(await p.ic(['session', 'tokens', '--session=s1', '--input=5'])).toEqual({
      code: 0,
      stdout: 'Tokens recorded: +5 in, +0 out (billing: +5)\n',
      stderr: '',
    });
    expect(
      await p.ic(['--json', 'session', 'tokens', '--session=s1', '--input=1', '--output=7', '--cache-creation=3', '--cache-read=4']),
    ).toEqual({
      code: 0,
      stdout:
        '{"added_billing_tokens":8,"added_cache_creation":3,"added_cache_read":4,"added_input_tokens":1,"added_output_tokens":7,"session_id":"s1"}\n',
      stderr: '',
    });
    expect(
      p
        .db()
        .prepare('SELECT project_dir, input_tokens, output_tokens, cache_creation_tokens, cache_read_tokens FROM sessions ORDER BY id')
        .all(),
    ).toEqual([
      { project_dir: p.dir, input_tokens: 6, output_tokens: 7, cache_creation_tokens: 3, cache_read_tokens: 4 },
      { project_dir: '/q', input_tokens: 0, output_tokens: 0, cache_creation_tokens: 0, cache_read_tokens: 0 },
    ]);
  });

  it('an unknown session is exit 2, one line, nothing written; a negative count is exit 3', async () => {
    const p = await project();
    await p.ic(['session', 'start', '--session=s1', '--project=/q']);
    const before = snapshot(p.db());
    expect(await p.ic(['session', 'tokens', '--session=s1', '--input=5'])).toEqual({
      code: 2,
      stdout: '',
      stderr: `ic: session tokens: no session "s1" in ${p.dir} (session start registers one)\n`,
    });
    expect(await p.ic(['session', 'tokens', '--session=s1', '--project=/q', '--output=-1'])).toEqual({
      code: 3,
      stdout: '',
      stderr: 'ic: session tokens: invalid --output value "-1": want an integer of at least 0\n',
    });
    expect(snapshot(p.db())).toBe(before);
  });
});
