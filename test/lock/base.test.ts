import { chownSync, existsSync, lstatSync, mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FailureError } from '../../src/cli/errors';
import { INVALID_NAME, LOCK_BASE, userLockBase, baseExists, ensureBase } from '../../src/lock/base';
import { acquire, clean, list, release, stale } from '../../src/lock/locks';
import { mode, tempBase, tempRoot } from './common';

const isRoot = process.getuid?.() === 0;

function failure(fn: () => unknown): FailureError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(FailureError);
    return err as FailureError;
  }
  throw new Error('expected a FailureError');
}

describe('lock base directory', () => {
  it('is /tmp/intercore-<uid>/locks by default: a base of each user’s own', () => {
    expect(LOCK_BASE).toBe(`/tmp/intercore-${process.geteuid!()}/locks`);
    expect(userLockBase(1000)).toBe('/tmp/intercore-1000/locks');
  });

  it('creates the parent and the base 0700 whatever the umask', () => {
    for (const umask of [0o000, 0o022, 0o777]) {
      const base = tempBase();
      const old = process.umask(umask);
      try {
        expect(acquire('n', 's', { base }).acquired).toBe(true);
      } finally {
        process.umask(old);
      }
      for (const dir of [dirname(base), base, join(base, 'n'), join(base, 'n', 's')]) {
        expect(mode(lstatSync(dir))).toBe(0o700);
      }
      expect(mode(lstatSync(join(base, 'n', 's', 'owner.json')))).toBe(0o600);
    }
  });

  it('leaves an existing base of ours as it is', () => {
    const base = tempBase();
    mkdirSync(base, { recursive: true, mode: 0o755 });
    ensureBase(base);
    expect(mode(lstatSync(base))).toBe(0o755);
  });

  it('refuses a symlink at the base, naming it, with nothing written', () => {
    const root = tempRoot();
    const target = join(root, 'elsewhere');
    mkdirSync(target);
    const base = join(root, 'intercore', 'locks');
    mkdirSync(dirname(base));
    symlinkSync(target, base);
    for (const op of [
      () => acquire('n', 's', { base }),
      () => list({ base }),
      () => stale({ base }),
      () => clean({ base }),
      () => release('n', 's', { base }),
    ]) {
      expect(failure(op).message).toBe(`unsafe lock directory ${base}: it is a symbolic link`);
    }
    expect(readdirSync(target)).toEqual([]);
  });

  it('refuses a symlink at the parent, with nothing written', () => {
    const root = tempRoot();
    const target = join(root, 'elsewhere');
    mkdirSync(target);
    const base = join(root, 'intercore', 'locks');
    symlinkSync(target, dirname(base));
    expect(failure(() => acquire('n', 's', { base })).message).toBe(`unsafe lock directory ${dirname(base)}: it is a symbolic link`);
    expect(failure(() => list({ base })).message).toContain(dirname(base));
    expect(readdirSync(target)).toEqual([]);
  });

  it('refuses a plain file at the base', () => {
    const base = tempBase();
    mkdirSync(dirname(base));
    writeFileSync(base, '');
    expect(failure(() => acquire('n', 's', { base })).message).toBe(`unsafe lock directory ${base}: not a directory`);
  });

  it.skipIf(!isRoot)('refuses a base or parent owned by another user, with nothing written', () => {
    const base = tempBase();
    mkdirSync(base, { recursive: true });
    chownSync(base, 65534, 65534);
    expect(failure(() => acquire('n', 's', { base })).message).toBe(`unsafe lock directory ${base}: owned by uid 65534, not 0`);
    expect(failure(() => list({ base })).message).toContain(base);
    expect(readdirSync(base)).toEqual([]);

    const base2 = tempBase();
    mkdirSync(dirname(base2));
    chownSync(dirname(base2), 65534, 65534);
    expect(failure(() => acquire('n', 's', { base: base2 })).message).toBe(
      `unsafe lock directory ${dirname(base2)}: owned by uid 65534, not 0`,
    );
    expect(existsSync(base2)).toBe(false);
  });

  it('refuses a symlink planted as a name directory', () => {
    const base = tempBase();
    ensureBase(base);
    const target = join(dirname(base), 'outside');
    mkdirSync(target);
    symlinkSync(target, join(base, 'n'));
    expect(failure(() => acquire('n', 's', { base })).message).toBe(`unsafe lock directory ${join(base, 'n')}: not a directory`);
    expect(readdirSync(target)).toEqual([]);
    expect(release('n', 's', { base })).toEqual({ released: false, why: 'not found' });
    expect(list({ base })).toEqual([]);
  });

  it('a missing base is no locks for the readers, and they create nothing', () => {
    const base = tempBase();
    expect(baseExists(base)).toBe(false);
    expect(list({ base })).toEqual([]);
    expect(stale({ base })).toEqual([]);
    expect(clean({ base })).toBe(0);
    expect(release('n', 's', { base })).toEqual({ released: false, why: 'not found' });
    expect(existsSync(dirname(base))).toBe(false);
  });
});

describe('lock names and scopes', () => {
  const bad = ['', '.', '..', 'a/b', '/abs', 'a\\b', 'a..b', '..x', 'x..', 'nul\0'];
  it.each(bad)('%j is refused as name and as scope, before anything is written', (part) => {
    const base = tempBase();
    for (const op of [
      () => acquire(part, 's', { base }),
      () => acquire('n', part, { base }),
      () => release(part, 's', { base }),
      () => release('n', part, { base }),
    ]) {
      expect(failure(op).message).toBe(INVALID_NAME);
    }
    expect(existsSync(dirname(base))).toBe(false);
  });

  it.each(['a', '.hidden', 'a.b', 'with space', 'ü', 'x:y', '-dash'])('%j is accepted', (part) => {
    const base = tempBase();
    expect(acquire(part, part, { base }).acquired).toBe(true);
    expect(existsSync(join(base, part, part, 'owner.json'))).toBe(true);
  });
});
