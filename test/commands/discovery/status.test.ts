import { describe, expect, it } from 'vitest';
import { project } from '../../helpers';
import { submit } from './common';

describe('discovery status', () => {
  it('shows a discovery as a tab-separated line and as JSON; an unknown id is exit 1', async () => {
    const p = await project();
    const id = await submit(p, '--source=exa', '--source-id=e1', '--title=Test discovery', '--score=0.755');
    p.db().prepare('UPDATE discoveries SET discovered_at = 1700000000 WHERE id = ?').run(id);
    expect(await p.ic(['discovery', 'status', id])).toEqual({
      code: 0,
      stdout: `${id}\texa\tTest discovery\tnew\t0.76\tmedium\n`,
      stderr: '',
    });
    expect(await p.ic(['--json', 'discovery', 'status', id])).toEqual({
      code: 0,
      stdout: `{"confidence_tier":"medium","discovered_at":1700000000,"id":"${id}","raw_metadata":"{}","relevance_score":0.755,"source":"exa","source_id":"e1","status":"new","title":"Test discovery"}\n`,
      stderr: '',
    });
    expect(await p.ic(['discovery', 'status', 'nope'])).toEqual({
      code: 1,
      stdout: '',
      stderr: 'ic: discovery status: discovery not found: nope\n',
    });
  });
});
