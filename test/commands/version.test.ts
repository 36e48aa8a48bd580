import { describe, expect, it } from 'vitest';
import { runIc, tempDir } from '../helpers';

describe('version and health', () => {
  it('version with and without a database', async () => {
    const dir = tempDir();
    expect(await runIc(['version'], dir)).toEqual({ code: 0, stdout: 'ic 0.4.0\nschema: unknown (no database)\n', stderr: '' });
    expect(await runIc(['version', '--json'], dir)).toEqual({ code: 0, stdout: '{"ic":"0.4.0"}\n', stderr: '' });
    await runIc(['init'], dir);
    expect(await runIc(['version'], dir)).toEqual({ code: 0, stdout: 'ic 0.4.0\nschema: v6\n', stderr: '' });
    expect(await runIc(['version', '--json'], dir)).toEqual({ code: 0, stdout: '{"ic":"0.4.0","schema":6}\n', stderr: '' });
  });
});
