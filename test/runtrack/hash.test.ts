import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sha256File } from '../../src/runtrack/hash';
import { tempDir } from '../helpers';

const HASH_TS = join(__dirname, '../../src/runtrack/hash.ts');

/** sha256File(path) in a child process, killed if it does not answer within 10 s. */
function sha256FileInChild(path: string, options: { uid?: number; gid?: number } = {}): string | undefined {
  const script = `const { sha256File } = require(${JSON.stringify(HASH_TS)});
process.stdout.write(JSON.stringify({ hash: sha256File(${JSON.stringify(path)}) ?? null }));`;
  const out = execFileSync(process.execPath, ['--import', 'tsx', '-e', script], { encoding: 'utf8', timeout: 50_000, ...options });
  return (JSON.parse(out) as { hash: string | null }).hash ?? undefined;
}

describe('sha256File', () => {
  it('hashes an empty file', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'empty'), '');
    expect(sha256File(join(dir, 'empty'))).toBe('sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  it('hashes small files, relative paths from the working directory, and symlinks to files', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'abc'), 'abc');
    symlinkSync('abc', join(dir, 'link'));
    const abc = 'sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad';
    expect(sha256File(join(dir, 'abc'))).toBe(abc);
    expect(sha256File(join(dir, 'link'))).toBe(abc);
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      expect(sha256File('abc')).toBe(abc);
      expect(sha256File('./link')).toBe(abc);
    } finally {
      process.chdir(cwd);
    }
  });

  it('streams a 20 MiB file to the same hash as sha256sum', () => {
    const dir = tempDir();
    const bytes = Buffer.alloc(20 * 1024 * 1024 + 17); // not a multiple of the chunk size
    for (let i = 0; i + 4 <= bytes.length; i += 4) bytes.writeUInt32LE(Math.imul(i, 2654435761) >>> 0, i);
    const path = join(dir, 'big');
    writeFileSync(path, bytes);
    const expected = `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
    expect(sha256File(path)).toBe(expected);
    let sha256sum: string | undefined;
    try {
      sha256sum = execFileSync('sha256sum', [path], { encoding: 'utf8' }).split(' ')[0];
    } catch {
      // no coreutils here: node:crypto over the same bytes has to do
    }
    if (sha256sum !== undefined) expect(expected).toBe(`sha256:${sha256sum}`);
    expect(expected).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('gives undefined for a missing path, a directory, a dangling symlink and an empty path', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'sub'));
    symlinkSync('nowhere', join(dir, 'dangling'));
    symlinkSync('sub', join(dir, 'dirlink'));
    expect(sha256File(join(dir, 'missing'))).toBeUndefined();
    expect(sha256File(join(dir, 'missing', 'deeper'))).toBeUndefined();
    expect(sha256File(join(dir, 'sub'))).toBeUndefined();
    expect(sha256File(join(dir, 'dirlink'))).toBeUndefined();
    expect(sha256File(join(dir, 'dangling'))).toBeUndefined();
    expect(sha256File('')).toBeUndefined();
  });

  it('refuses a FIFO without blocking (no writer ever opens it)', () => {
    const dir = tempDir();
    const fifo = join(dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    // Blocking would be the child never answering: execFileSync's guard would fail the test.
    expect(sha256FileInChild(fifo)).toBeUndefined();
  });

  it('refuses devices: /dev/zero would never end, /dev/null is not a file', () => {
    expect(sha256FileInChild('/dev/zero')).toBeUndefined();
    expect(sha256File('/dev/null')).toBeUndefined();
  });

  it('gives undefined for a regular file whose read fails (/proc/self/mem: EIO even for root)', () => {
    expect(sha256File('/proc/self/mem')).toBeUndefined();
  });

  it.skipIf(process.getuid?.() !== 0)('gives undefined for a file the user may not read (run as nobody, since root reads anything)', () => {
    const dir = tempDir();
    chmodSync(dir, 0o755);
    writeFileSync(join(dir, 'secret'), 'x');
    chmodSync(join(dir, 'secret'), 0o000);
    writeFileSync(join(dir, 'open'), 'abc');
    chmodSync(join(dir, 'open'), 0o644);
    const nobody = { uid: 65534, gid: 65534 };
    // the control: the same child can hash a file it may read
    expect(sha256FileInChild(join(dir, 'open'), nobody)).toBe('sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(sha256FileInChild(join(dir, 'secret'), nobody)).toBeUndefined();
  });
});
