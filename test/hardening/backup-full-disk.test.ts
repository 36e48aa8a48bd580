// Issue 31, class 2: a backup is complete and synced before it gets its
// name, or the migration does not start; partial files never stay behind.
// A full disk is a small tmpfs mounted in a private mount namespace (root
// only): the database of an earlier schema is copied there, the rest of the
// space filled so that the backup cannot be written whole.
import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SCHEMA_VERSION } from '../../generated/db/migrations';
import { legacyDb } from '../fixtures';
import { BIN, ROOT, tempDir } from '../helpers';

const canMount = process.getuid?.() === 0 && spawnSync('unshare', ['--mount', '--propagation', 'private', 'true']).status === 0;

/** Runs a bash script in a private mount namespace; `$IC` is the built ic, `$LEGACY` a v5 database. */
function inNamespace(script: string, legacy: string): { status: number | null; out: string } {
  const r = spawnSync('unshare', ['--mount', '--propagation', 'private', 'bash', '-c', script], {
    encoding: 'utf8',
    env: {
      ...process.env,
      SQLITE: join(ROOT, 'node_modules/better-sqlite3'),
      IC: `${process.execPath} ${BIN}`,
      LEGACY: legacy,
      DIR: tempDir('ic-full-'),
    },
  });
  return { status: r.status, out: r.stdout + r.stderr };
}

describe.skipIf(!canMount)('ic init on a full disk (a small tmpfs)', () => {
  it('no room for the whole backup: exit 2, one line, no backup and no partial file, nothing migrated; with room, a complete one', () => {
    const legacy = join(tempDir(), 'intercore.db');
    legacyDb(legacy, 5);
    const { status, out } = inNamespace(
      String.raw`
set -u
mount -t tmpfs -o size=4m tmpfs "$DIR" || exit 99
mkdir -m 700 "$DIR/.clavain" && cp "$LEGACY" "$DIR/.clavain/intercore.db" && cd "$DIR" || exit 98
# A partial backup a SIGKILLed ic left (its process is gone).
dead=$(sh -c 'echo $$')
: > .clavain/intercore.db.backup-20200101-000000.partial-$dead
# Room for the -shm (32 KiB) and some, not for a backup of the 140 KiB database.
head -c 100M /dev/zero > fill 2>/dev/null; truncate -s -96K fill
$IC init 2>&1; echo "rc=$?"
ls -A .clavain | sed "s/-[0-9]\{8\}-[0-9]\{6\}/-STAMP/; s/partial-$dead/partial-DEAD/"
$IC version | tail -1
echo --
rm fill
$IC init >/dev/null; echo "rc=$?"
ls -A .clavain | sed "s/-[0-9]\{8\}-[0-9]\{6\}/-STAMP/"
$IC version | tail -1
backup=$(ls .clavain/intercore.db.backup-*)
echo "$(stat -c '%a %s' "$backup") $(stat -c %s "$LEGACY")"
node -e 'const D = require(process.argv[1]); const d = new D(process.argv[2], { readonly: true });
  console.log(d.pragma("integrity_check", { simple: true }), d.pragma("user_version", { simple: true }), d.prepare("SELECT payload FROM state").get().payload)' "$SQLITE" "$backup"
`,
      legacy,
    );
    expect(status, out).toBe(0);
    expect(out.split('\n')).toEqual([
      'ic: init: cannot back up the database before migrating it: disk full: no space left on the file system holding the database; free some space and retry; nothing was migrated',
      'rc=2',
      'intercore.db',
      'schema: v5',
      '--',
      'rc=0',
      'intercore.db',
      'intercore.db.backup-STAMP',
      `schema: v${SCHEMA_VERSION}`,
      `600 ${statSync(legacy).size} ${statSync(legacy).size}`,
      `ok 5 ${JSON.stringify({ i: 0, text: 'é🙂\t"0' })}`,
      '',
    ]);
  });
});
