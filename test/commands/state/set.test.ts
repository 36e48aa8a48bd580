import { writeFileSync, symlinkSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LIMITS } from '../../../src/state/payload';
import { project, tempDir } from '../../helpers';

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
    const [row] = rows(p) as { expires_at: number }[];
    expect(row!.expires_at - before).toBeGreaterThanOrEqual(3600);
    expect(row!.expires_at - before).toBeLessThanOrEqual(3601);
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
