import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BASH_COMPLETION } from '../../generated/completion';
import { project } from '../helpers';

describe('completion', () => {
  it('needs no database and creates none; the shell is required', async () => {
    const p = await project({ init: false });
    expect(await p.ic(['completion', 'bash'])).toEqual({ code: 0, stdout: BASH_COMPLETION, stderr: '' });
    expect(existsSync(join(p.dir, '.clavain'))).toBe(false);
    expect(await p.ic(['completion'])).toEqual({
      code: 3,
      stdout: '',
      stderr: 'ic: completion: missing argument <shell> (see: ic completion --help)\n',
    });
  });
});
