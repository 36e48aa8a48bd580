// man/ic.1, generated from the spec: every command and exit code in it, and
// it renders without a warning from groff (and through man, when installed).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../generated/cli';
import { ROOT } from '../helpers';

const MAN = join(ROOT, 'man/ic.1');
/** Rendered text without the overstrikes that make bold and underline. */
const plain = (text: string) => text.replace(/.\x08/g, '');
const has = (tool: string) => spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0;
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string; man: string[]; files: string[] };

describe('man/ic.1', () => {
  const source = readFileSync(MAN, 'utf8');

  it('is the page package.json installs', () => {
    expect(pkg.man).toEqual(['man/ic.1']);
    expect(pkg.files).toContain('man/');
    expect(source).toContain(`"ic ${pkg.version}"`);
  });

  it('has the sections, every command and every exit code', () => {
    for (const section of ['NAME', 'SYNOPSIS', 'DESCRIPTION', 'GLOBAL FLAGS', 'COMMANDS', 'EXIT STATUS', 'ENVIRONMENT', 'FILES'])
      expect(source).toContain(`.SH ${section}\n`);
    for (const c of COMMANDS) expect(source).toContain(`\\fBic ${c.path.replace(/-/g, '\\-')}\\fR`);
    for (const v of ['CLAVAIN_DISPATCH_SH', 'INTERCORE_BIN', 'INTERCORE_DB', 'INTERCORE_CALL_TIMEOUT', 'NO_COLOR', 'TZ'])
      expect(source).toContain(`\\fB${v}\\fR`);
    for (const f of ['\\&.clavain/intercore.db', '/tmp/intercore\\-<uid>/locks', 'lib\\-intercore.sh'])
      expect(source).toContain(`\\fI${f}\\fR`);
  });

  it.runIf(has('groff'))('groff -man -ww renders it without a warning', () => {
    const r = spawnSync('groff', ['-man', '-Tutf8', '-ww', MAN], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    expect(plain(r.stdout)).toContain('EXIT STATUS');
  });

  it.runIf(has('man'))('man -l shows it', () => {
    const r = spawnSync('man', ['-l', MAN], { encoding: 'utf8', env: { ...process.env, MANPAGER: 'cat', MANWIDTH: '80' } });
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    expect(plain(r.stdout)).toMatch(/NAME\s+ic\s+-\s+the\s+intercore\s+kernel/);
  });
});
