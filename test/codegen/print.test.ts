// codegen/print.ts and the generators that print through it: values of the
// spec reach generated code only escaped, and what a generator cannot print
// is refused by name rather than printed wrong.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createContext } from '../../codegen/context';
import { generateCli } from '../../codegen/generators/cli';
import { generateWrappers, readPartial } from '../../codegen/generators/wrappers';
import { cell, roffText, shDouble, shWord } from '../../codegen/print';
import { parseSpec, readSpecText } from '../../codegen/spec/load';
import type { Spec } from '../../codegen/spec/metaschema';
import { ROOT } from '../helpers';

const realSpec = (): Spec => parseSpec(readSpecText(join(ROOT, 'spec/intercore.yaml')));

describe('print.ts pieces', () => {
  it('roffText escapes backslashes, dashes, quotes and non-ASCII, keeps one line and no leading control character', () => {
    expect(roffText(".a\\b - it's\n  é").text).toBe('\\&.a\\eb \\- it\\(aqs \\[u00E9]');
  });

  it('shWord quotes what is not plainly safe; shDouble escapes what a double-quoted string expands', () => {
    expect([shWord('--db=x.db').text, shWord("it's $HOME").text]).toEqual(['--db=x.db', `'it'\\''s $HOME'`]);
    expect(shDouble('a"$b`c\\').text).toBe('a\\"\\$b\\`c\\\\');
  });

  it('a table cell stays one cell: pipes escaped, newlines folded', () => {
    expect(cell('a|b\n  c').text).toBe('a\\|b c');
  });
});

describe('wrappers generator', () => {
  it('an argument default that is not a plain word is quoted, and bash reads it back as written', () => {
    const spec = realSpec();
    const w = spec.wrappers!.functions.find((f) => f.name === 'intercore_run_current')!;
    w.args = [`project=a "b" $c`];
    const lib = generateWrappers(createContext(spec))[0]!.content;
    const line = lib.split('\n').find((l) => l.includes('project=${1:-'))!;
    expect(line).toBe('  local project=${1:-"a \\"b\\" \\$c"}');
    const r = spawnSync('bash', ['-c', `f() {\n${line}\nprintf '%s' "$project"\n}\nf`], { encoding: 'utf8' });
    expect(r.stdout).toBe('a "b" $c');
  });

  it('a partial is read verbatim', () => {
    expect(readPartial('check-or-die')).toBe(
      '  # The one function that may end the caller: throttled means "this hook has\n' +
        '  # nothing to do", so the hook exits successfully.\n' +
        '  intercore_sentinel_check_or_legacy "$name" "$scope_id" "$interval" "$legacy_path" || exit 0',
    );
  });
});

describe('cli generator', () => {
  it('refuses a global flag of a type the argv splitter cannot read, naming it', () => {
    const spec = realSpec();
    spec.global_flags.push({ name: 'retries', type: 'integer', description: 'how often to retry' });
    expect(() => generateCli(createContext(spec))).toThrow(
      'global flag --retries: type integer is not supported (boolean, duration, string or enum)',
    );
  });
});
