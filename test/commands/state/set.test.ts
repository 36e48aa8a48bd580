import { existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { LIMITS } from '../../../src/state/payload';
import { project, runIc, tempDir } from '../../helpers';

const rows = (p: { db(): import('better-sqlite3').Database }) =>
  p.db().prepare('SELECT key, scope_id, payload, expires_at FROM state ORDER BY key, scope_id').all();

describe('state set / get', () => {
  it('stores the trimmed text as given and gets it back exactly', async () => {
    const p = await project();
    const text = '  { "b": 1,  "a": [1, 2] }\n\n';
    expect(await p.ic(['state', 'set', 'k', 's'], { stdin: text })).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(await p.ic(['state', 'get', 'k', 's'])).toEqual({ code: 0, stdout: '{ "b": 1,  "a": [1, 2] }\n', stderr: '' });
    expect(await p.ic(['state', 'get', 'k', 's', '--json'])).toEqual({ code: 0, stdout: '{ "b": 1,  "a": [1, 2] }\n', stderr: '' });
  });

  it('upserts', async () => {
    const p = await project();
    await p.ic(['state', 'set', 'k', 's'], { stdin: '1' });
    await p.ic(['state', 'set', 'k', 's'], { stdin: '2' });
    expect(rows(p)).toEqual([{ key: 'k', scope_id: 's', payload: '2', expires_at: null }]);
  });

  it('--ttl sets expires_at; below 1s is exit 2 and writes nothing', async () => {
    const p = await project();
    const before = Math.floor(Date.now() / 1000);
    await p.ic(['state', 'set', 'k', 's', '--ttl=1h'], { stdin: '{}' });
    const after = Math.ceil(Date.now() / 1000);
    const [row] = rows(p) as { expires_at: number }[];
    // An hour from a moment within the call, however long a loaded machine took over it.
    expect(row!.expires_at - 3600).toBeGreaterThanOrEqual(before);
    expect(row!.expires_at - 3600).toBeLessThanOrEqual(after);
    expect(await p.ic(['state', 'set', 'k', 't', '--ttl=500ms'], { stdin: '{}' })).toEqual({
      code: 2,
      stdout: '',
      stderr: 'ic: state set: --ttl must be at least 1s\n',
    });
    expect(await p.ic(['state', 'set', 'k', 't', '--ttl=soon'], { stdin: '{}' })).toMatchObject({ code: 3, stdout: '' });
    expect(rows(p)).toHaveLength(1);
  });

  it('reads @file under the working directory, refuses one outside (exit 2)', async () => {
    const p = await project();
    writeFileSync(join(p.dir, 'plan.json'), '{"plan":true}\n');
    expect(await p.ic(['state', 'set', 'k', 's', '@plan.json'])).toMatchObject({ code: 0 });
    expect((await p.ic(['state', 'get', 'k', 's'])).stdout).toBe('{"plan":true}\n');
    const outside = tempDir();
    writeFileSync(join(outside, 'x.json'), '{}');
    const r = await p.ic(['state', 'set', 'k', 't', `@${join(outside, 'x.json')}`]);
    expect(r).toMatchObject({ code: 2, stdout: '' });
    expect(r.stderr).toMatch(/^ic: state set: cannot read payload file .*: it is not under the working directory\n$/);
    mkdirSync(join(p.dir, 'sub'));
    symlinkSync(join(outside, 'x.json'), join(p.dir, 'sub', 'link.json'));
    expect(await p.ic(['state', 'set', 'k', 't', '@sub/link.json'])).toMatchObject({ code: 2 });
    expect(await p.ic(['state', 'set', 'k', 't', '@missing.json'])).toMatchObject({
      code: 2,
      stderr: 'ic: state set: cannot read payload file missing.json: no such file\n',
    });
    expect(rows(p)).toHaveLength(1);
  });

  it('invalid JSON is exit 2 and writes nothing', async () => {
    const p = await project();
    const r = await p.ic(['state', 'set', 'k', 's'], { stdin: '{nope' });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^ic: state set: invalid payload: not valid JSON/);
    expect(await p.ic(['state', 'set', 'k', 's'], { stdin: '   ' })).toEqual({
      code: 2,
      stdout: '',
      stderr: 'ic: state set: invalid payload: empty; want a JSON document\n',
    });
    expect(rows(p)).toEqual([]);
  });
});

describe('payload limits, at the limit and one past', () => {
  const accept = async (payload: string) => {
    const p = await project();
    const r = await p.ic(['state', 'set', 'k', 's'], { stdin: payload });
    return { r, stored: rows(p).length };
  };

  it('total size 1 MiB', async () => {
    // An object of exactly `total` bytes, made of 1000-byte strings (under the string limit).
    const objectOfBytes = (total: number) => {
      const entries: string[] = [];
      let size = 2; // the braces
      for (let i = 0; size + 1100 < total; i++) {
        const entry = `"k${i}":"${'x'.repeat(1000)}"`;
        size += entry.length + (entries.length ? 1 : 0);
        entries.push(entry);
      }
      entries.push(`"pad":"${'y'.repeat(total - size - 1 - '"pad":""'.length)}"`);
      return `{${entries.join(',')}}`;
    };
    const exact = objectOfBytes(LIMITS.bytes);
    expect(Buffer.byteLength(exact)).toBe(LIMITS.bytes);
    expect((await accept(exact)).stored).toBe(1);
    const { r, stored } = await accept(objectOfBytes(LIMITS.bytes + 1));
    expect(r).toEqual({
      code: 2,
      stdout: '',
      stderr: `ic: state set: invalid payload: ${LIMITS.bytes + 1} bytes, more than the ${LIMITS.bytes} allowed\n`,
    });
    expect(stored).toBe(0);
  });

  it('nesting depth 20', async () => {
    const nest = (n: number) => '['.repeat(n) + ']'.repeat(n);
    expect((await accept(nest(20))).stored).toBe(1);
    const { r, stored } = await accept(nest(21));
    expect(r).toMatchObject({ code: 2, stderr: 'ic: state set: invalid payload: nested deeper than 20 levels\n' });
    expect(stored).toBe(0);
  });

  it('object keys of 1000 characters', async () => {
    expect((await accept(JSON.stringify({ ['k'.repeat(1000)]: 1 }))).stored).toBe(1);
    const { r, stored } = await accept(JSON.stringify({ ['k'.repeat(1001)]: 1 }));
    expect(r).toMatchObject({
      code: 2,
      stderr: 'ic: state set: invalid payload: an object key of 1001 characters, more than the 1000 allowed\n',
    });
    expect(stored).toBe(0);
  });

  it('strings of 100 KiB', async () => {
    expect((await accept(JSON.stringify({ s: 'x'.repeat(LIMITS.stringBytes) }))).stored).toBe(1);
    const { r, stored } = await accept(JSON.stringify({ s: 'x'.repeat(LIMITS.stringBytes + 1) }));
    expect(r).toMatchObject({
      code: 2,
      stderr: `ic: state set: invalid payload: a string of ${LIMITS.stringBytes + 1} bytes, more than the ${LIMITS.stringBytes} allowed\n`,
    });
    expect(stored).toBe(0);
  });

  it('arrays of 10,000 elements', async () => {
    expect((await accept(JSON.stringify(Array(10_000).fill(0)))).stored).toBe(1);
    const { r, stored } = await accept(JSON.stringify(Array(10_001).fill(0)));
    expect(r).toMatchObject({
      code: 2,
      stderr: 'ic: state set: invalid payload: an array of 10001 elements, more than the 10000 allowed\n',
    });
    expect(stored).toBe(0);
  });
});

describe('stdin', () => {
  it('waits for a slow writer on a non-blocking pipe (no EAGAIN)', async () => {
    const p = await project();
    const { spawn } = await import('node:child_process');
    const { BIN } = await import('../../helpers');
    const r = await new Promise<{ code: number | null; stderr: string }>((done) => {
      const child = spawn(process.execPath, [BIN, 'state', 'set', 'slow', 's'], { cwd: p.dir });
      let stderr = '';
      child.stderr.on('data', (d) => (stderr += d));
      child.on('close', (code) => done({ code, stderr }));
      setTimeout(() => child.stdin.end('{"late":true}'), 300);
    });
    expect(r).toEqual({ code: 0, stderr: '' });
    expect((await p.ic(['state', 'get', 'slow', 's'])).stdout).toBe('{"late":true}\n');
  });
});

describe('state set: the key rule and secrets (v6)', () => {
  const INVALID = 'must be lowercase alphanumeric with optional dot-separated segments';

  it.each(['dispatch', 'valid.key', 'sprint.checkpoint', 'budget.warning', 'a.b:c', 'a..', 'a..b', 'x_y-z9'])(
    'key %s is accepted',
    async (key) => {
      const p = await project();
      expect(await p.ic(['state', 'set', key, 's'], { stdin: '{}' })).toEqual({ code: 0, stdout: '', stderr: '' });
      expect(rows(p)).toEqual([{ key, scope_id: 's', payload: '{}', expires_at: null }]);
    },
  );

  it.each(['INVALID_KEY', '9x', 'a.', 'a b', 'é', 'a/b'])(
    'key %j is exit 2 before the database is opened, with the contract message',
    async (key) => {
      const p = await project();
      expect(await p.ic(['state', 'set', key, 's'], { stdin: '{}' })).toEqual({
        code: 2,
        stdout: '',
        stderr: `ic: state set: invalid key "${key}": ${INVALID} (e.g., 'dispatch', 'sprint.checkpoint')\n`,
      });
      expect(rows(p)).toEqual([]);
    },
  );

  it('the key is checked before the database is opened: no database, still the key message', async () => {
    const dir = tempDir();
    expect(await runIc(['state', 'set', 'NO', 's'], dir, '{}')).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('invalid key "NO"'),
    });
    expect(existsSync(join(dir, '.clavain'))).toBe(false);
  });

  it('an empty key and a key over 200 bytes; the rule comes after the argument count and before --ttl', async () => {
    const p = await project();
    expect(await p.ic(['state', 'set', '', 's'], { stdin: '{}' })).toEqual({
      code: 2,
      stdout: '',
      stderr: 'ic: state set: key must not be empty\n',
    });
    const long = 'a'.repeat(201);
    expect(await p.ic(['state', 'set', long, 's'], { stdin: '{}' })).toEqual({
      code: 2,
      stdout: '',
      stderr: 'ic: state set: key too long: 201 chars (max 200)\n',
    });
    expect((await p.ic(['state', 'set', 'a'.repeat(200), 's'], { stdin: '{}' })).code).toBe(0);
    // A missing argument stays a usage error; a bad key wins over a bad --ttl.
    expect((await p.ic(['state', 'set', 'BAD'], { stdin: '{}' })).code).toBe(3);
    expect(await p.ic(['state', 'set', 'BAD', 's', '--ttl=nonsense'], { stdin: '{}' })).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('invalid key "BAD"'),
    });
    expect(rows(p)).toEqual([{ key: 'a'.repeat(200), scope_id: 's', payload: '{}', expires_at: null }]);
  });

  const SECRETS: [string, string, string][] = [
    ['{"token":"sk-abc1234567890abcdefghijklmnop"}', 'API key', '$.token'],
    ['"ghp_abcdefghijklmnopqrstuvwxyz0123456789"', 'GitHub token', '$'],
    ['{"a":[1,2,{"b":"xoxb-1234567890-abcdefghijkl"}]}', 'Slack token', '$.a[2].b'],
    ['{"jwt":"eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.sig"}', 'JWT', '$.jwt'],
    ['{"k":"AKIAABCDEFGHIJKLMNOP"}', 'AWS access key id', '$.k'],
    ['{"pem":"-----BEGIN OPENSSH PRIVATE KEY-----\\nabc"}', 'private key', '$.pem'],
    ['{"ok":"fine","note":"use PASSWORD = hunter2hunter2 here"}', 'secret assignment', '$.note'],
  ];
  it.each(SECRETS)('a likely secret is refused, exit 2, nothing written, none of it on stderr: %s', async (payload, kind, path) => {
    const p = await project();
    const r = await p.ic(['state', 'set', 'k', 's'], { stdin: payload });
    expect(r).toEqual({
      code: 2,
      stdout: '',
      stderr: `ic: state set: payload contains a likely secret (${kind} at ${path}); store variable names for provenance, not secret values\n`,
    });
    // Not one run of 6 characters of any string value of the payload reaches stderr.
    const values = JSON.stringify(JSON.parse(payload)).match(/"(?:[^"\\]|\\.)*"/g) ?? [];
    for (const v of values.filter((v) => v.length > 12 && !['"token"', '"note"'].includes(v))) {
      const text = JSON.parse(v) as string;
      for (let i = 0; i + 6 <= text.length; i++) expect(r.stderr).not.toContain(text.slice(i, i + 6));
    }
    expect(rows(p)).toEqual([]);
  });

  it('object keys are never scanned; numbers and booleans neither; near misses pass', async () => {
    const p = await project();
    for (const payload of [
      '{"sk-abc1234567890abcdefghijklmnop":1}',
      '{"password":"short"}',
      '{"AKIA":true,"n":123456789012345678901234567890}',
      '{"text":"the api_key variable holds it"}',
      '"sk-short"',
    ]) {
      expect(await p.ic(['state', 'set', 'k', 's'], { stdin: payload }), payload).toEqual({ code: 0, stdout: '', stderr: '' });
    }
  });

  it('the secret check follows the size and JSON checks and comes before the depth check', async () => {
    const p = await project();
    const deepWithSecret = '['.repeat(30) + '"sk-abc1234567890abcdefghijklmnop"' + ']'.repeat(30);
    expect((await p.ic(['state', 'set', 'k', 's'], { stdin: deepWithSecret })).stderr).toContain('likely secret (API key at $');
    expect((await p.ic(['state', 'set', 'k', 's'], { stdin: '{"token":"sk-abc1234567890abcdefghijklmnop"' })).stderr).toContain(
      'not valid JSON',
    );
  });

  it('rows stored before the rule are kept: get/delete/list cannot name them, prune still removes them when expired, compat counts them', async () => {
    const p = await project();
    p.db()
      .prepare(
        "INSERT INTO state (key, scope_id, payload, expires_at) VALUES ('Old_Key', 's', '1', NULL), ('Old_Key', 'gone', '2', 1), ('Upper', 's', '3', NULL)",
      )
      .run();
    expect((await p.ic(['state', 'get', 'Old_Key', 's'])).code).toBe(2);
    expect((await p.ic(['state', 'delete', 'Old_Key', 's'])).code).toBe(2);
    expect(await p.ic(['state', 'prune'])).toEqual({ code: 0, stdout: '1 pruned\n', stderr: '' });
    expect(await p.ic(['compat', 'check', 'Upper'])).toEqual({ code: 0, stdout: 'Upper: 1 scope(s) in DB\n', stderr: '' });
    expect(p.db().prepare('SELECT key, scope_id FROM state ORDER BY key').all()).toEqual([
      { key: 'Old_Key', scope_id: 's' },
      { key: 'Upper', scope_id: 's' },
    ]);
  });
});

// Issue 31, class 7. The clock is Date only, set by the test: no waiting, no race.
describe('state set --ttl: an entry lives at least its TTL', () => {
  const at = (ms: number) => vi.setSystemTime(ms);
  it('set late in a second, the entry is still there just before set + TTL, gone at the next whole second after it', async () => {
    const p = await project();
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      const t = 1_700_000_000_000;
      at(t + 900);
      expect(await p.ic(['state', 'set', 'k', 's', '--ttl=1s'], { stdin: '{"a":1}' })).toEqual({ code: 0, stdout: '', stderr: '' });
      at(t + 1_899); // 999 ms after the set: Go's floor(now) + 1 has expired here
      expect(await p.ic(['state', 'get', 'k', 's'])).toEqual({ code: 0, stdout: '{"a":1}\n', stderr: '' });
      expect((await p.ic(['state', 'list', 'k'])).stdout).toBe('s\n');
      at(t + 2_000);
      expect(await p.ic(['state', 'get', 'k', 's'])).toEqual({ code: 1, stdout: '', stderr: '' });
      // The column keeps Go's meaning: live while expires_at > the current whole second.
      expect(rows(p)).toEqual([{ key: 'k', scope_id: 's', payload: '{"a":1}', expires_at: 1_700_000_002 }]);
      at(t + 100);
      await p.ic(['state', 'set', 'k', 'f', '--ttl=1500ms'], { stdin: '1' });
      at(t + 1_599);
      expect((await p.ic(['state', 'get', 'k', 'f'])).code).toBe(0);
      at(t + 2_000);
      expect((await p.ic(['state', 'get', 'k', 'f'])).code).toBe(1);
    } finally {
      vi.useRealTimers();
    }
  });
});
