// Hostile agency spec files: each is refused with one line on stderr and the
// exit of a bad spec (1), by validate, show and load alike, and load writes
// nothing (every table the same before and after).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { project } from '../helpers';
import { snapshot } from './common';

const bomb = [
  'a: &a [x, x, x, x, x, x, x, x, x]',
  ...'bcdefgh'.split('').map((l, i) => `${l}: &${l} [${Array(9).fill(`*${'abcdefgh'[i]}`).join(', ')}]`),
  'meta: {stage: build, phases: [planned]}',
].join('\n');

const CASES: [string, string, RegExp][] = [
  ['malformed YAML', 'meta: [\n  stage: build\n', /^parse: line \d+: .+$/],
  ['larger than the limit', `meta: {stage: build, phases: [planned]}\n${'#'.repeat(1024 * 1024)}\n`, /^larger than 1048576 bytes$/],
  ['an alias bomb', bomb, /^parse: Excessive alias count indicates a resource exhaustion attack$/],
  ['nesting deeper than the stack', `meta: ${'['.repeat(10000)}${']'.repeat(10000)}\n`, /^parse: nested too deeply$/],
  [
    'block nesting 100 levels deep',
    `meta:\n${Array.from({ length: 100 }, (_, i) => `${'  '.repeat(i + 1)}k${i}:`).join('\n')} end\n`,
    /^parse: nested too deeply$/,
  ],
  [
    'phases outside the default chain',
    'meta: {stage: build, phases: [planned, deploy]}\ngates:\n  exit: [{check: agents_complete, phase: limbo, tier: hard}]\n',
    /^meta\.phases\[1\]: unknown phase "deploy"; gates\.exit\[0\]\.phase: phase "limbo" is not a known kernel phase$/,
  ],
  ['duplicate keys', 'meta:\n  stage: build\n  phases: [planned]\n  stage: ship\n', /^parse: line 4: Map keys must be unique$/],
  ['a value of the wrong kind', 'meta: {stage: build, phases: planned}\n', /^parse: meta\.phases: want a list$/],
];

describe('agency: hostile spec files', () => {
  it('each is one line on stderr, exit 1, and load writes nothing', async () => {
    const p = await project();
    const run = (await p.ic(['run', 'create', `--project=${p.dir}`, '--goal=hostile'])).stdout.trim();
    const db = p.db();
    for (const [label, text, problem] of CASES) {
      const dir = join(p.dir, label.replace(/\W+/g, '-'));
      mkdirSync(dir);
      writeFileSync(join(dir, 'build.yaml'), text);
      const line = (command: string, why: RegExp) => new RegExp(`^ic: ${command}: build\\.yaml: ${why.source.slice(1, -1)}\\n$`);

      const v = await p.ic(['agency', 'validate', '--all', `--spec-dir=${dir}`]);
      expect(v, label).toMatchObject({ code: 1, stdout: '' });
      expect(v.stderr, label).toMatch(line('agency validate', problem));

      const s = await p.ic(['agency', 'show', 'build', `--spec-dir=${dir}`]);
      if (label === 'phases outside the default chain')
        expect(s, label).toMatchObject({ code: 0, stderr: '' }); // show does not validate (as Go)
      else {
        expect(s, label).toMatchObject({ code: 1, stdout: '' });
        expect(s.stderr, label).toMatch(line('agency show', problem));
      }

      const before = snapshot(db);
      const l = await p.ic(['agency', 'load', 'build', `--run=${run}`, `--spec-dir=${dir}`]);
      expect(l, label).toMatchObject({ code: 1, stdout: '' });
      const invalid = label === 'phases outside the default chain' ? new RegExp(`^invalid: ${problem.source.slice(1)}`) : problem;
      expect(l.stderr, label).toMatch(line('agency load', invalid));
      expect(snapshot(db), label).toBe(before);
    }
  });
});
