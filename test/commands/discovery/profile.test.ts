import { describe, expect, it } from 'vitest';
import { snapshot } from '../../hardening/common';
import { project } from '../../helpers';

describe('discovery profile', () => {
  it('shows the default profile, replaces its weights with update, in text and --json', async () => {
    const p = await project();
    expect(await p.ic(['--json', 'discovery', 'profile'])).toEqual({
      code: 0,
      stdout: '{"id":1,"keyword_weights":"{}","source_weights":"{}","updated_at":0}\n',
      stderr: '',
    });
    expect(await p.ic(['discovery', 'profile', 'update', '--keyword-weights={"ai":1.5}', '--source-weights={"exa":2.0}'])).toEqual({
      code: 0,
      stdout: 'profile updated\n',
      stderr: '',
    });
    const at = (p.db().prepare('SELECT updated_at FROM interest_profile').get() as { updated_at: number }).updated_at;
    expect(await p.ic(['discovery', 'profile'])).toEqual({
      code: 0,
      stdout: `keyword_weights: {"ai":1.5}\nsource_weights: {"exa":2.0}\nupdated_at: ${at}\n`,
      stderr: '',
    });
    const json = await p.ic(['--json', 'discovery', 'profile', 'update', '--keyword-weights={}', '--source-weights={"hn":1}']);
    expect(JSON.parse(json.stdout)).toMatchObject({ id: 1, keyword_weights: '{}', source_weights: '{"hn":1}', updated: true });
  });

  it('refuses weights that are not objects of numbers, and flags without update', async () => {
    const p = await project();
    const before = snapshot(p.db());
    expect((await p.ic(['discovery', 'profile', 'update', '--keyword-weights={"ai":"x"}', '--source-weights={}'])).code).toBe(2);
    expect((await p.ic(['discovery', 'profile', 'update', '--keyword-weights=[]', '--source-weights={}'])).code).toBe(2);
    expect((await p.ic(['discovery', 'profile', 'update', '--keyword-weights={}'])).code).toBe(3);
    expect((await p.ic(['discovery', 'profile', '--keyword-weights={}'])).code).toBe(3);
    expect((await p.ic(['discovery', 'profile', 'delete'])).code).toBe(3);
    expect(snapshot(p.db())).toBe(before);
  });
});
