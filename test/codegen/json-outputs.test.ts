// Every command with --json output, run for real, validated against its
// generated JSON Schema in generated/schemas/.
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { readSpecText } from '../../codegen/spec/load';
import { describe, expect, it } from 'vitest';
import { ROOT, project } from '../helpers';
import { type JsonSchema, validate } from '../json-schema';

const spec = parse(readSpecText(join(ROOT, 'spec/intercore.yaml'))) as { commands: { path: string; output: { json: unknown } }[] };
// `json: {text: ...}`: --json is ignored (the lock commands print their text), so no schema.
const ignoresJson = (json: unknown) => json === 'text';
const withJson = spec.commands.filter((c) => c.output.json !== 'none' && !ignoresJson(c.output.json)).map((c) => c.path);
const schemaOf = (path: string) =>
  JSON.parse(readFileSync(join(ROOT, 'generated/schemas', `${path.replace(/ /g, '-')}.json`), 'utf8')) as JsonSchema;

// The IDs the fixture creates, filled in by setup.
const ids = { run: '', cancelled: '', agent: '', dispatch: '', gated: '' };

/** One invocation per command; `exit` when it is not 0. */
const INVOCATIONS: Record<string, { argv: () => string[]; exit?: number }> = {
  init: { argv: () => ['init'] },
  version: { argv: () => ['version'] },
  health: { argv: () => ['health'] },
  'state get': { argv: () => ['state', 'get', 'k', 's'] },
  'state delete': { argv: () => ['state', 'delete', 'k', 'gone'] },
  'state clear': { argv: () => ['state', 'clear', 'gone'] },
  'state list': { argv: () => ['state', 'list', 'k'] },
  'state prune': { argv: () => ['state', 'prune'] },
  'sentinel check': { argv: () => ['sentinel', 'check', 'n', 's', '--interval=0'] },
  'sentinel reset': { argv: () => ['sentinel', 'reset', 'x', 's'] },
  'sentinel clear': { argv: () => ['sentinel', 'clear', 'x'] },
  'sentinel list': { argv: () => ['sentinel', 'list'] },
  'sentinel prune': { argv: () => ['sentinel', 'prune', '--older-than=1h'] },
  'compat status': { argv: () => ['compat', 'status'] },
  'compat check': { argv: () => ['compat', 'check', 'handoff'], exit: 1 },
  'dispatch spawn': { argv: () => ['dispatch', 'spawn', '--prompt-file=prompt.md', '--dispatch-sh=agent.sh', '--output=out2.md'] },
  'dispatch status': { argv: () => ['dispatch', 'status', ids.dispatch] },
  'dispatch list': { argv: () => ['dispatch', 'list'] },
  'dispatch poll': { argv: () => ['dispatch', 'poll', ids.dispatch] },
  'dispatch wait': { argv: () => ['dispatch', 'wait', ids.dispatch, '--poll=50ms'] },
  'dispatch kill': { argv: () => ['dispatch', 'kill', ids.dispatch] },
  'dispatch prune': { argv: () => ['dispatch', 'prune', '--older-than=1h'] },
  'run create': { argv: () => ['run', 'create', '--goal=another'] },
  'run status': { argv: () => ['run', 'status', ids.run] },
  'run advance': { argv: () => ['run', 'advance', ids.run] },
  'run phase': { argv: () => ['run', 'phase', ids.run] },
  'run list': { argv: () => ['run', 'list'] },
  'run events': { argv: () => ['run', 'events', ids.run] },
  'run set': { argv: () => ['run', 'set', ids.run, '--complexity=2'] },
  'run cancel': { argv: () => ['run', 'cancel', ids.cancelled] },
  'run current': { argv: () => ['run', 'current'] },
  'run agent add': { argv: () => ['run', 'agent', 'add', ids.run, '--name=x'] },
  'run agent list': { argv: () => ['run', 'agent', 'list', ids.run] },
  'run agent update': { argv: () => ['run', 'agent', 'update', ids.agent, '--status=completed'] },
  'run artifact add': { argv: () => ['run', 'artifact', 'add', ids.run, '--phase=planned', '--path=p.md'] },
  'run artifact list': { argv: () => ['run', 'artifact', 'list', ids.run] },
  'run skip': { argv: () => ['run', 'skip', ids.run, 'polish', '--reason=r'] },
  'gate check': { argv: () => ['gate', 'check', ids.gated], exit: 1 },
  'gate override': { argv: () => ['gate', 'override', ids.gated, '--reason=r'] },
  'gate rules': { argv: () => ['gate', 'rules'] },
  'run tokens': { argv: () => ['run', 'tokens', ids.gated] },
  'run budget': { argv: () => ['run', 'budget', ids.gated] },
  'dispatch tokens': { argv: () => ['dispatch', 'tokens', ids.dispatch, '--in=5', '--cache=2'] },
};

describe('--json output matches the generated JSON Schema', () => {
  it('every command with JSON output has an invocation here, and a schema file', () => {
    expect(Object.keys(INVOCATIONS).sort()).toEqual([...withJson].sort());
    for (const path of withJson) expect(schemaOf(path)).toHaveProperty('$schema');
  });

  it('a command that ignores --json has no schema file', () => {
    const ignoring = spec.commands.filter((c) => ignoresJson(c.output.json)).map((c) => c.path);
    expect(ignoring).toEqual([
      'events tail',
      'events cursor list',
      'events cursor reset',
      'lock acquire',
      'lock release',
      'lock list',
      'lock stale',
      'lock clean',
    ]);
    for (const path of ignoring) expect(() => schemaOf(path)).toThrow(/ENOENT/);
  });

  it('the validator rejects what the schemas forbid', () => {
    const s = schemaOf('run current');
    expect(validate(s, { found: true, id: 'abc' })).toEqual([]);
    expect(validate(s, { id: 'abc' })).toEqual(['$.found: missing']);
    expect(validate(s, { found: 'yes', extra: 1 })).toEqual(['$.found: expected a boolean', '$.extra: not allowed']);
    expect(validate(schemaOf('run list'), [{ id: 1 }])).toContain('$[0].id: expected a string');
  });

  // In command order, on one project, so later commands see what earlier
  // ones made (one test: the project's temp dir lives as long as a test).
  it('every command, run for real', async () => {
    const p = await project();
    writeFileSync(join(p.dir, 'prompt.md'), 'p\n');
    writeFileSync(
      join(p.dir, 'agent.sh'),
      '#!/usr/bin/env bash\nout=""; while [[ $# -gt 0 ]]; do [[ $1 == -o ]] && out=$2; shift; done\nprintf "Tokens: 1 in / 2 out\\n" >"$out.summary"\nprintf "STATUS: pass\\nSUMMARY: ok\\n" >"$out.verdict"\n',
    );
    chmodSync(join(p.dir, 'agent.sh'), 0o755);
    await p.ic(['state', 'set', 'k', 's'], { stdin: '{"a":1}' });
    ids.run = (await p.ic(['run', 'create', '--goal=g'])).stdout.trim();
    ids.cancelled = (await p.ic(['run', 'create', '--goal=to cancel'])).stdout.trim();
    ids.gated = (
      await p.ic(['run', 'create', '--goal=gated', '--token-budget=100', '--phases=["planned","executing","done"]'])
    ).stdout.trim();
    ids.agent = (await p.ic(['run', 'agent', 'add', ids.run])).stdout.trim();
    await p.ic(['run', 'artifact', 'add', ids.run, '--phase=brainstorm', '--path=b.md']);
    ids.dispatch = (
      await p.ic(['dispatch', 'spawn', '--prompt-file=prompt.md', '--dispatch-sh=agent.sh', '--output=out.md'])
    ).stdout.trim();
    await p.ic(['dispatch', 'wait', ids.dispatch, '--poll=50ms']);

    const problems: Record<string, unknown> = {};
    for (const path of withJson) {
      const invocation = INVOCATIONS[path]!;
      const r = await p.ic(['--json', ...invocation.argv()]);
      if (r.code !== (invocation.exit ?? 0) || r.stderr !== '' || !/^[^\n]+\n$/.test(r.stdout)) {
        problems[path] = r;
        continue;
      }
      const invalid = validate(schemaOf(path), JSON.parse(r.stdout));
      if (invalid.length) problems[path] = invalid;
      if (path === 'dispatch spawn') await p.ic(['dispatch', 'wait', JSON.parse(r.stdout).id, '--poll=50ms']);
    }
    expect(problems).toEqual({});
  });
});
