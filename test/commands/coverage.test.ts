// Every command of the spec has its behaviour tests in one place,
// test/commands/<path words>.test.ts (mirroring generated/commands), and
// every test file here belongs to a command of the spec.
import { readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSpec } from '../../codegen/spec/load';
import { ROOT } from '../helpers';

const HERE = join(ROOT, 'test/commands');

const specPaths = (): string[] => loadSpec(join(ROOT, 'spec/intercore.yaml')).commands.map((c) => c.path);

const fileOf = (path: string) => `${path.split(' ').join('/')}.test.ts`;

function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? testFiles(join(dir, e.name))
      : e.name.endsWith('.test.ts')
        ? [relative(HERE, join(dir, e.name)).split(sep).join('/')]
        : [],
  );
}

describe('test/commands', () => {
  it('the spec declares commands, and each has test/commands/<path>.test.ts', () => {
    const paths = specPaths();
    expect(paths.length).toBeGreaterThan(30);
    const files = new Set(testFiles(HERE));
    expect(paths.filter((p) => !files.has(fileOf(p))).map(fileOf)).toEqual([]);
  });

  it('every test file here is the file of a command of the spec', () => {
    const expected = new Set(specPaths().map(fileOf));
    expect(testFiles(HERE).filter((f) => f !== 'coverage.test.ts' && !expected.has(f))).toEqual([]);
  });
});
