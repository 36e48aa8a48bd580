// Shared by the dispatch command tests: fake dispatch scripts, a project that
// holds them, and a check after each test that no agent was left running.
import { chmodSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect } from 'vitest';
import { isAlive, killGroup } from '../../../src/dispatch/process';
import { type Project, project } from '../../helpers';

// Fake dispatch scripts. Each records its arguments beside the output file
// (-o) and its pid in the project, then behaves as named.
export const PARSE = `
out=""; for ((i = 1; i <= $#; i++)); do if [[ \${!i} == -o ]]; then j=$((i + 1)); out=\${!j}; fi; done
printf '%s\\n' "$@" >"$out.args"
`;
export const SCRIPTS: Record<string, string> = {
  pass: `${PARSE}
printf 'the review\\n' >"$out"
printf 'Tokens: 12 in / 34 out\\n' >"$out.summary"
printf 'STATUS: pass\\nSUMMARY: looks good\\n' >"$out.verdict"`,
  fail: `${PARSE}
printf 'STATUS: fail\\nSUMMARY: tests break\\n' >"$out.verdict"`,
  silent: `${PARSE}`,
  sleeps: `${PARSE}
exec sleep 30`,
  stubborn: `${PARSE}
trap '' TERM
while :; do sleep 0.2; done`,
  live: `${PARSE}
printf '{"turns":3,"commands":5,"messages":7}' >/tmp/clavain-dispatch-$$.json
exec sleep 30`,
};

const projects: Project[] = [];
afterEach(async () => {
  // No test may leave an agent behind: every recorded pid must be gone.
  const leaked: number[] = [];
  for (const p of projects.splice(0)) {
    if (!existsSync(p.dbPath)) continue;
    for (const { pid } of p.db().prepare('SELECT pid FROM dispatches WHERE pid IS NOT NULL').all() as { pid: number }[]) {
      rmSync(`/tmp/clavain-dispatch-${pid}.json`, { force: true });
      // An agent that ends on its own (the silent script) may still be exiting: give it until a bound far
      // beyond its work; one left running (sleeps 30) is still alive then.
      for (let waited = 0; isAlive(pid) && waited < 10_000; waited += 50) await new Promise((r) => setTimeout(r, 50));
      if (isAlive(pid)) {
        leaked.push(pid);
        await killGroup(pid, 0);
      }
    }
  }
  expect(leaked).toEqual([]);
});

export async function dispatchProject(): Promise<Project & { script(name: string): string; prompt: string }> {
  const p = await project();
  projects.push(p);
  const scripts = join(p.dir, 'scripts');
  mkdirSync(scripts);
  for (const [name, body] of Object.entries(SCRIPTS)) {
    writeFileSync(join(scripts, `${name}.sh`), `#!/usr/bin/env bash\n${body}\n`);
    chmodSync(join(scripts, `${name}.sh`), 0o755);
  }
  writeFileSync(join(p.dir, 'prompt.md'), 'review the parser\n');
  return Object.assign(p, { script: (name: string) => join(scripts, `${name}.sh`), prompt: join(p.dir, 'prompt.md') });
}

export type Row = Record<string, unknown>;
export const row = (p: Project, id: string) => p.db().prepare('SELECT * FROM dispatches WHERE id = ?').get(id) as Row;

export async function spawnWith(p: Awaited<ReturnType<typeof dispatchProject>>, script: string, ...flags: string[]): Promise<string> {
  const r = await p.ic([
    'dispatch',
    'spawn',
    '--prompt-file=prompt.md',
    `--dispatch-sh=${p.script(script)}`,
    `--output=${p.dir}/out-${script}.md`,
    ...flags,
  ]);
  expect(r).toMatchObject({ code: 0, stderr: '' });
  expect(r.stdout).toMatch(/^[a-z0-9]{8}\n$/);
  return r.stdout.trim();
}

/** Polls a condition (for files a detached agent writes); fails after 10 s. */
export async function waitFor(cond: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !cond(); i++) await new Promise((r) => setTimeout(r, 50));
  expect(cond()).toBe(true);
}
