import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateAll } from '../../codegen/generate';
import { SpecError, loadSpec, parseSpec, readSpecText } from '../../codegen/spec/load';
import { ROOT, tempDir } from '../helpers';

const specText = readSpecText(join(ROOT, 'spec/intercore.yaml'));

function specProblems(text: string): string[] {
  try {
    parseSpec(text, 'spec.yaml');
  } catch (err) {
    if (err instanceof SpecError) return err.problems;
    throw err;
  }
  return [];
}

/**
 * The real spec with one edit in the one file that holds `from`: the
 * problems the loader reports, and the edited file's name and text.
 */
function breakSpec(from: string, to: string): { problems: string[]; file: string; text: string } {
  const dir = tempDir();
  cpSync(join(ROOT, 'spec'), join(dir, 'spec'), { recursive: true });
  const holders = readdirSync(join(dir, 'spec')).filter(
    (f) => f.endsWith('.yaml') && readFileSync(join(dir, 'spec', f), 'utf8').includes(from),
  );
  expect(holders, from).toHaveLength(1);
  const path = join(dir, 'spec', holders[0]!);
  const text = readFileSync(path, 'utf8').replace(from, to);
  writeFileSync(path, text);
  try {
    loadSpec(join(dir, 'spec/intercore.yaml'), 'spec/intercore.yaml');
  } catch (err) {
    if (err instanceof SpecError) return { problems: err.problems, file: `spec/${holders[0]}`, text };
    throw err;
  }
  return { problems: [], file: `spec/${holders[0]}`, text };
}
const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The 1-based line of the first occurrence of `needle` in the spec. */
const lineOf = (text: string, needle: string) => text.slice(0, text.indexOf(needle)).split('\n').length;

describe('generation', () => {
  // One in-process generation of the real spec, shared: each takes seconds.
  let generated: Promise<Awaited<ReturnType<typeof generateAll>>> | undefined;
  const generateOnce = () => (generated ??= generateAll(loadSpec(join(ROOT, 'spec/intercore.yaml')), { root: ROOT }));

  it('is deterministic: two runs give byte-identical files', async () => {
    const a = await generateOnce();
    const b = await generateAll(loadSpec(join(ROOT, 'spec/intercore.yaml')), { root: ROOT });
    expect(b).toEqual(a);
    expect(a.length).toBeGreaterThan(40);
  });

  it('matches the committed files (gen:check)', async () => {
    for (const file of await generateOnce()) {
      expect(readFileSync(join(ROOT, file.path), 'utf8'), file.path).toBe(file.content);
    }
  });

  it('deleting generated/ and running gen restores it byte for byte', async () => {
    const dir = tempDir();
    cpSync(join(ROOT, 'spec'), join(dir, 'spec'), { recursive: true });
    cpSync(join(ROOT, 'AGENTS.md'), join(dir, 'AGENTS.md'));
    mkdirSync(join(dir, 'generated'));
    execFileSync(
      process.execPath,
      ['--import', 'tsx', join(ROOT, 'codegen/main.ts'), '--root', dir, '--spec', join(dir, 'spec/intercore.yaml')],
      { cwd: ROOT },
    );
    for (const file of await generateOnce()) {
      expect(readFileSync(join(dir, file.path), 'utf8'), file.path).toBe(file.content);
    }
  });

  it('gen:check fails on drift and names the file', () => {
    const dir = tempDir();
    cpSync(join(ROOT, 'spec'), join(dir, 'spec'), { recursive: true });
    cpSync(join(ROOT, 'AGENTS.md'), join(dir, 'AGENTS.md'));
    cpSync(join(ROOT, 'lib-intercore.sh'), join(dir, 'lib-intercore.sh'));
    cpSync(join(ROOT, 'generated'), join(dir, 'generated'), { recursive: true });
    cpSync(join(ROOT, 'man'), join(dir, 'man'), { recursive: true });
    const args = ['--import', 'tsx', join(ROOT, 'codegen/main.ts'), '--root', dir, '--spec', join(dir, 'spec/intercore.yaml')];
    // (That the copy passes --check before the damage is npm test's own gen:check step, on the checkout.)
    rmSync(join(dir, 'generated/db/schema.sql'));
    const r = spawnSync(process.execPath, [...args, '--check'], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('missing: generated/db/schema.sql');
  });
});

describe('spec errors name the YAML path and line', () => {
  it("the keys of Go's tables: unique, seeds, dropped, object names, stepwise_from, index columns", () => {
    const problem = (from: string, to: string) => {
      const { problems, file, text } = breakSpec(from, to);
      expect(problems, to).toHaveLength(1);
      return { problem: problems[0]!, file, line: lineOf(text, to.trim().split('\n')[0]!) };
    };
    let p = problem('unique: [[source, source_id]]', 'unique: [[source, source_key]]');
    expect(p.problem).toBe(`${p.file}:${p.line}: tables.discoveries.unique[0][1]: no column "source_key"`);
    p = problem('target: authorizations, agent_id: "system:migration-033"', 'agent_id: "system:migration-033"');
    expect(p.problem).toMatch(/^spec\/authz\.yaml:\d+: tables\.authorizations\.seeds\[0\]\.row: no value for the required column target$/);
    p = problem('columns: [last_fired], since: 4, dropped: 7', 'columns: [last_fired], since: 4, dropped: 3');
    expect(p.problem).toMatch(
      /^spec\/sentinel\.yaml:\d+: tables\.sentinels\.indexes\[0\]\.dropped: must be after the version it arrives in \(v4\)$/,
    );
    p = problem('name: action_receipts_no_update', 'name: action_receipts_no_delete');
    expect(p.problem).toMatch(
      /tables\.action_receipts\.triggers\[1\]\.name: "action_receipts_no_delete" is already the name of tables\.action_receipts\.triggers\.0\.name$/,
    );
    p = problem('stepwise_from: 19', 'stepwise_from: 20');
    expect(p.problem).toMatch(/tables\.coordination_events\.stepwise_from: must be before the version the table arrives in \(v20\)$/);
    p = problem('where: goal_id IS NOT NULL, since: 39}', 'where: goal_id IS NOT NULL, since: 38}');
    expect(p.problem).toMatch(/tables\.runs\.indexes\[4\]\.columns\[0\]: column goal_id arrives \(v39\) after the index \(v38\)$/);
  });

  it('a wrong type', () => {
    const {
      problems: brokenProblems,
      file,
      text: broken,
    } = breakSpec('interval: {type: integer, required: true', 'interval: {type: number, required: true');
    const problems = brokenProblems;
    expect(problems[0]).toMatch(
      new RegExp(`^${esc(file)}:${lineOf(broken, 'interval: {type: number')}: commands\\[\\d+\\]\\.flags\\.interval\\.type: `),
    );
  });

  it('a flag without a description (help lists every flag with one)', () => {
    const { problems, file, text } = breakSpec('active: {type: boolean, description: only active runs}', 'active: {type: boolean}');
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(
      new RegExp(
        `^${esc(file)}:${lineOf(text, 'active: {type: boolean}')}: commands\\[\\d+\\]\\.flags\\.active\\.description: expected required property \\(got nothing\\)$`,
      ),
    );
  });

  it('a positional without a description (help lists every argument with one)', () => {
    const { problems, file, text } = breakSpec(
      'required: true, description: "the state\'s key, e.g. progress or sprint.checkpoint", check',
      'required: true, check',
    );
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(
      new RegExp(
        `^${esc(file)}:${lineOf(text, '{name: key, required: true, check')}: commands\\[\\d+\\]\\.positionals\\[0\\]\\.description: expected required property \\(got nothing\\)$`,
      ),
    );
  });

  it('an unknown key', () => {
    const { problems: brokenProblems, file, text: broken } = breakSpec('  - path: state get\n', '  - path: state get\n    colour: blue\n');
    const problems = brokenProblems;
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(
      new RegExp(`^${esc(file)}:${lineOf(broken, 'colour: blue')}: commands\\[\\d+\\]\\.colour: unexpected property`),
    );
  });

  it('exit codes are keyed 0-3 (an unquoted comma in a flow map makes a null key)', () => {
    const { problems: brokenProblems, file, text: broken } = breakSpec('exit_codes: {1: run not found}', 'exit_codes: {1: run, blocked}');
    const problems = brokenProblems;
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(
      new RegExp(
        `^${esc(file)}:${lineOf(broken, 'exit_codes: {1: run, blocked}')}: commands\\[\\d+\\]\\.exit_codes\\.blocked: unexpected property \\(got null\\)$`,
      ),
    );
  });

  it('a column that does not exist', () => {
    const {
      problems: brokenProblems,
      file,
      text: broken,
    } = breakSpec('fields: [name, scope_id, last_fired]', 'fields: [name, scope_id, last_fried]');
    expect(brokenProblems[0]).toBe(
      `${file}:${lineOf(broken, 'fields: [name, scope_id, last_fried]')}: entities.Sentinel.fields[2]: table sentinels has no column "last_fried"`,
    );
  });

  it('a template field the output does not have', () => {
    const { problems: brokenProblems } = breakSpec('line: "{{deleted}} deleted"', 'line: "{{removed}} deleted"');
    expect(brokenProblems[0]).toMatch(
      /^spec\/state\.yaml:\d+: commands\[\d+\]\.output\.text\.line: "removed" is not a field of the output \(deleted\)$/,
    );
  });

  it('an argument an operation names but the command lacks', () => {
    const { problems: brokenProblems } = breakSpec(
      '- {column: run_id, value: $run_id}\n        - {column: phase, value: $phase}',
      '- {column: run_id, value: $run_id}\n        - {column: phase, value: $stage}',
    );
    expect(brokenProblems).toEqual([expect.stringMatching(/operation\.where\[1\]\.value: no positional or flag named "stage"$/)]);
  });

  it('a reference to a table that arrives later', () => {
    const { problems: brokenProblems } = breakSpec(
      'run_id: {type: text, required: true, references: runs.id}\n      from_phase',
      'run_id: {type: text, required: true, references: run_agents.id}\n      from_phase',
    );
    expect(brokenProblems).toEqual([
      expect.stringMatching(/tables\.phase_events\.columns\.run_id\.references: table run_agents arrives after this column$/),
    ]);
  });

  it('allow_negative on a flag that is not a duration', () => {
    const { problems: brokenProblems } = breakSpec(
      'owner: {type: string, description: "who holds the lock',
      'owner: {type: string, allow_negative: true, description: "who holds the lock',
    );
    expect(brokenProblems).toEqual([expect.stringMatching(/flags\.owner\.allow_negative: allow_negative is only for duration flags$/)]);
  });

  it('a require_one_of name that is neither a flag nor a positional', () => {
    const { problems: brokenProblems } = breakSpec('require_one_of: [run_id, all]', 'require_one_of: [run_id, every]');
    expect(brokenProblems).toEqual([
      expect.stringMatching(/^spec\/\w+\.yaml:\d+: commands\[\d+\]\.require_one_of\[1\]: no flag or positional "every"$/),
    ]);
  });

  it('a verbose_message field the data does not have, and a --json wrapper call on a command that ignores --json', () => {
    const { problems: brokenProblems } = breakSpec('verbose_message: "{{why}}"', 'verbose_message: "{{reason}}"');
    expect(brokenProblems).toEqual([
      expect.stringMatching(/exit_codes\.1\.verbose_message: "reason" is not a field of the output \(released, name, scope, why\)$/),
    ]);
    const { problems: withJson } = breakSpec(
      'call: {command: run artifact add, argv: [$run_id, --phase=$phase, --path=$path, --type=$type]}',
      'call: {command: lock list, json: true}',
    );
    expect(withJson).toContainEqual(expect.stringMatching(/call\.json: ic lock list has no JSON output$/));
  });

  it('YAML syntax', () => {
    expect(specProblems('binary: [unclosed\n')[0]).toMatch(/^spec\.yaml:\d+: YAML syntax: /);
  });

  it('a command named help, a terminal renderer without text, progress without a handler', () => {
    const { problems: help } = breakSpec('  - path: state prune\n', '  - path: help me\n');
    expect(help).toEqual([expect.stringMatching(/path: "help" is taken: ic help <command> prints the command's --help$/)]);
    const { problems: tty } = breakSpec(
      '      text: none\n      json: none\n',
      '      text: none\n      json: none\n      tty: state.picture\n',
    );
    expect(tty).toEqual([expect.stringMatching(/output\.tty: a terminal renderer needs a text output to stand for$/)]);
    const { problems: progress } = breakSpec('  - path: run status\n', '  - path: run status\n    progress: true\n');
    expect(progress).toEqual([expect.stringMatching(/\.progress: only a handler reports progress$/)]);
  });

  it('help groups: an entry that names no command, one listed twice, one naming only hidden commands; an id kind that is not one', () => {
    const { problems: none } = breakSpec(
      '      commands: [config, autonomy, situation]\n',
      '      commands: [config, autonomy, situation, frob]\n',
    );
    expect(none).toEqual([
      expect.stringMatching(
        /^spec\/intercore\.yaml:\d+: help\.groups\[7\]\.commands\[3\]: "frob" is neither a command nor a group of commands$/,
      ),
    ]);
    const { problems: twice } = breakSpec(
      '      commands: [init, version, health, completion]\n',
      '      commands: [init, version, health, completion, state]\n',
    );
    expect(twice).toEqual([expect.stringMatching(/help\.groups\[1\]\.commands\[0\]: "state" is listed twice$/)]);
    const { problems: hidden } = breakSpec(
      '      commands: [init, version, health, completion]\n',
      '      commands: [init, version, health, completion, completion-ids]\n',
    );
    expect(hidden).toEqual([expect.stringMatching(/help\.groups\[0\]\.commands\[4\]: "completion-ids" names only hidden commands$/)]);
    const { problems: kind } = breakSpec(
      '      - {name: id, required: true, description: "the dispatch\'s ID", complete: dispatches}\n    operation:\n      kind: get\n      table: dispatches',
      '      - {name: id, required: true, description: "the dispatch\'s ID", complete: goals}\n    operation:\n      kind: get\n      table: dispatches',
    );
    expect(kind.length).toBeGreaterThan(0);
    expect(kind[0]).toMatch(/^spec\/dispatch\.yaml:\d+: commands\[\d+\]\.positionals\[0\]\.complete/);
  });

  it('the real spec has none', () => {
    expect(specProblems(specText)).toEqual([]);
  });
});
