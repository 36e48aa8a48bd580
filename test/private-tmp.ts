// Runs a script with a /tmp of its own: a fresh tmpfs in a private mount
// namespace (root only), where a hostile /tmp (a planted base, another
// user's directories, a full disk) is the real path as ic sees it while the
// shared one is never touched.
import { spawnSync } from 'node:child_process';
import { dirname } from 'node:path';
import { expect } from 'vitest';
import { BIN } from './helpers';

export const isolated = spawnSync('unshare', ['--mount', '--propagation', 'private', 'true']).status === 0 && process.getuid?.() === 0;

/**
 * A checkout under /tmp (a clone made there) would vanish under the fresh
 * tmpfs: hold it open before the mount and bind it back at its path after.
 */
const KEEP_CHECKOUT = `
exec 3<"$ROOT"
mount -t tmpfs $TMPFS_OPTIONS tmpfs /tmp || exit 99
mkdir -p "$ROOT" && mount --no-canonicalize --bind "/proc/$$/fd/3" "$ROOT" || exit 98
exec 3<&-
`;

/**
 * Runs a bash script in a private /tmp (a fresh tmpfs, `options` passed to
 * mount as -o); `$IC` is the built ic. Returns stdout then stderr.
 */
export function inPrivateTmp(script: string, options = ''): string {
  const root = dirname(dirname(BIN));
  const setup = root.startsWith('/tmp/') ? KEEP_CHECKOUT : 'mount -t tmpfs $TMPFS_OPTIONS tmpfs /tmp || exit 99';
  const r = spawnSync('unshare', ['--mount', '--propagation', 'private', 'bash', '-c', `${setup}\n${script}`], {
    encoding: 'utf8',
    env: { ...process.env, IC: `${process.execPath} ${BIN}`, ROOT: root, TMPFS_OPTIONS: options ? `-o ${options}` : '' },
  });
  expect(r.status, r.stderr).toBe(0);
  return r.stdout + r.stderr;
}
