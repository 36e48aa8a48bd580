// The generated tables of AGENTS.md: commands with their flags, exit codes,
// phases and value sets, tables with their columns, and the wrappers. Only
// the text between the marker comments is generated; the prose around it is
// written by hand. Printed with print.ts: every value of the spec enters a
// table through cell(), prose through prose().
import { existsSync, readFileSync } from 'node:fs';
import type { Command, GenContext, Table } from '../context';
import { expandMacros } from '../sql/analyze';
import { header } from '../header';
import { type Code, cell, join, md, mdTable, prose } from '../print';
import type { GeneratedFile } from '../file';
import { globalUsage, synopsis } from './cli';
import { WRAPPERS_FILE, wrapperDoc } from './wrappers';

const note = () => prose(header('md').trim());

/** `text` in a code span, inside a table cell. */
const code = (text: string) => md`\`${cell(text)}\``;

/** The global flags' table: usage, default, meaning. */
function globalsTable(ctx: GenContext): Code {
  return mdTable(
    ['flag', 'default', 'meaning'],
    ctx.spec.global_flags.map((g) => [
      code(globalUsage(g)),
      cell(g.default === undefined ? '' : String(g.default)),
      cell(`${g.description ?? ''}${g.details ? `. ${g.details.trim()}` : ''}`),
    ]),
  );
}

/** What a command does: its summary, then a line for each described positional, each flag, and the global flags it ignores. */
function commandCell(c: Command): Code {
  const flags = c.flags.map((f) => {
    const fl = f.flag!;
    const bits = [fl.type === 'enum' ? f.values!.join('|') : fl.type];
    if (fl.required) bits.push('required');
    if (fl.default !== undefined) bits.push(`default ${fl.default}`);
    if (fl.min !== undefined) bits.push(`min ${fl.min}`);
    if (fl.max !== undefined) bits.push(`max ${fl.max}`);
    if (fl.allow_negative) bits.push('may be negative');
    return md`\`${cell(f.option)}\` ${cell(`(${bits.join(', ')}): ${fl.description}`)}`;
  });
  // What the global flags do not do here.
  const ignored = [
    ...(c.db === 'none' ? [md`no database: \`--db\` is ignored`] : []),
    ...(c.ignoredGlobals.includes('json') ? [md`\`--json\` is ignored (the text is printed)`] : []),
  ];
  return join(
    [
      cell(c.spec.summary),
      ...c.positionals.map((p) => md`\`<${cell(p.name)}>\`: ${cell(p.description)}`),
      ...flags,
      ignored.length > 0 && join(ignored, '; '),
    ],
    '<br>',
  );
}

function implementedBy(c: Command): Code {
  if (c.spec.handler) {
    const [domain, fn] = c.spec.handler.split('.') as [string, string];
    return md`handler ${code(`src/${domain}/handlers.ts`)} ${cell(fn)}`;
  }
  return md`generic ${cell(c.spec.operation!.kind)} on ${code(c.spec.operation!.table)}`;
}

function commandsSection(ctx: GenContext): Code {
  return md`${note()}

Global flags, accepted anywhere on the command line:

${globalsTable(ctx)}

${mdTable(
  ['command', 'what it does', 'implemented by'],
  ctx.commands.map((c) => [code(`ic ${synopsis(c)}`), commandCell(c), implementedBy(c)]),
)}`;
}

function exitCodesSection(ctx: GenContext): Code {
  return md`${note()}

${mdTable(
  ['code', 'name', 'meaning'],
  ctx.spec.exit_codes.map((e) => [cell(String(e.code)), cell(e.name), cell(e.meaning)]),
)}`;
}

/** The named chains a run opts into (spec \`chains\`), or nothing when there are none. */
function chainsTable(ctx: GenContext): Code {
  const chains = Object.entries(ctx.spec.chains ?? {});
  if (!chains.length) return md``;
  return md`Named chains a run opts into by passing one as its own chain (\`run create --phases\`); never a default:

${mdTable(
  ['chain', 'phases', 'what it is'],
  chains.map(([name, c]) => [code(name), cell(c.phases.join(' → ')), cell(c.description)]),
)}

`;
}

function phasesSection(ctx: GenContext): Code {
  const { chain, gates } = ctx.spec.phases;
  const gateRows = gates.flatMap((r) => {
    const move = cell(`${r.from} → ${r.to}`);
    return r.checks.length
      ? r.checks.map((c) => [move, cell(c.check), cell(c.phase ? `phase ${c.phase}` : '')])
      : [[move, cell('(none)'), cell('')]];
  });
  const setRows = ctx.valueSets.map((v) => [
    code(v.name),
    join(
      v.values.map((x) => code(x.value)),
      ', ',
    ),
    cell(v.groups.map((g) => `${g.name}: ${g.values.join(', ')}`).join('; ')),
  ]);
  return md`${note()}

The default chain: ${prose(chain.join(' → '))}. A run without a chain of its own walks it, every
phase in turn, whatever its complexity (a run created before v7 carries the walk it had as its own chain).

${chainsTable(ctx)}Gate rules (checked by \`run advance\` at tier hard or soft, and by \`gate check\`;
moves not listed have no requirement):

${mdTable(['from → to', 'check', 'detail'], gateRows)}

Value sets (the only values these columns and flags take):

${mdTable(['set', 'values', 'groups'], setRows)}`;
}

function tableSection(ctx: GenContext, t: Table): Code {
  const rows = t.columns.map((c) => [
    cell(c.name),
    cell(c.spec.type),
    cell(c.spec.required || c.spec.primary ? 'yes' : ''),
    cell(c.spec.default === undefined ? '' : String(c.spec.default)),
    cell(
      [
        c.spec.primary ? 'primary key' : '',
        c.spec.generate ? 'generated id' : '',
        c.spec.autoincrement ? 'autoincrement' : '',
        c.spec.unique ? 'unique' : '',
        c.spec.check ? `check ${c.spec.check}` : '',
        c.spec.references ? `→ ${c.spec.references}${c.spec.on_delete ? ` (on delete ${c.spec.on_delete.replace('_', ' ')})` : ''}` : '',
        c.valueSet ? `one of ${c.valueSet.name}` : '',
        c.since !== t.since ? `since v${c.since}` : '',
        c.spec.description ?? '',
      ]
        .filter(Boolean)
        .join(', '),
    ),
  ]);
  const predicate = (where: string) =>
    expandMacros(ctx, where, (m) => {
      throw new Error(m);
    });
  // Indexes of the current schema (a dropped one was ic's own, before Go's numbering).
  const indexes = t.indexes
    .filter((i) => i.dropped === undefined)
    .map(
      (i) =>
        md`\`${cell(i.name)}\` (${cell(i.columns.join(', '))})${!!i.where && md` where ${cell(predicate(i.where))}`}${i.since !== t.since && md` since v${cell(String(i.since))}`}`,
    );
  const constraints = [
    ...(t.spec.unique ?? []).map((u) => `unique (${u.join(', ')})`),
    ...(t.spec.foreign_keys ?? []).map((f) => `${f.column} → ${f.references}`),
  ];
  const triggers = t.triggers.map(
    (g) => md`\`${cell(g.name)}\` (${cell(`${g.timing} ${g.event}${g.description ? `: ${g.description}` : ''}`)})`,
  );
  const seeds = t.seeds.map((r) => md`\`${cell(String(r.row.id ?? Object.values(r.row)[0]))}\` (${cell(`v${r.since}: ${r.description}`)})`);
  return md`#### \`${cell(t.name)}\` (since v${cell(String(t.since))})

${cell(t.spec.description)}. Primary key: ${cell(t.primaryKey.join(', '))}.${constraints.length > 0 && md` Also: ${cell(constraints.join('; '))}.`}

${mdTable(['column', 'type', 'not null', 'default', 'notes'], rows)}${
    indexes.length > 0 &&
    md`

Indexes: ${join(indexes, '; ')}.`
  }${
    triggers.length > 0 &&
    md`

Triggers: ${join(triggers, '; ')}.`
  }${
    seeds.length > 0 &&
    md`

Rows every database holds: ${join(seeds, '; ')}.`
  }`;
}

function tablesSection(ctx: GenContext): Code {
  return md`${note()}

Schema v${cell(String(ctx.spec.schema_version))}. Timestamps are Unix seconds; booleans are stored as 0/1.

${join(
  ctx.tables.map((t) => tableSection(ctx, t)),
  '\n\n',
)}`;
}

function wrappersSection(ctx: GenContext): Code | undefined {
  const wrappers = ctx.spec.wrappers;
  if (!wrappers) return undefined;
  const constants = Object.entries(wrappers.constants).map(([name, c]) => [
    code(name),
    c.value === '' ? cell('(empty)') : code(c.value),
    cell(c.description),
  ]);
  const functions = ctx.wrappers.map((w) => {
    const doc = wrapperDoc(w);
    const calls = (w.spec.calls ?? []).map((c) => code(`ic ${c}`));
    const runs = w.call
      ? code(doc.runs)
      : w.spec.runs
        ? w.spec.runs.startsWith('ic ')
          ? code(w.spec.runs)
          : cell(w.spec.runs)
        : calls.length
          ? join(calls, ', ')
          : cell('no ic call of its own');
    return [code(w.usage), cell(w.since), cell(w.spec.summary), runs, cell(doc.prints), cell(doc.returns), cell(doc.fallback)];
  });
  return md`${note()}

\`${prose(WRAPPERS_FILE)}\` version ${prose(wrappers.version)}. ${prose(wrappers.description)}

Constants:

${mdTable(['variable', 'value', 'meaning'], [[code('INTERCORE_WRAPPER_VERSION'), code(wrappers.version), cell("the library's version")], ...constants])}

"Without a healthy ic" covers every way ic can be unavailable (above).
Every function discards ic's stderr unless it says otherwise, and prints
ic's stdout only when ic answered. \`--db "$INTERCORE_DB"\` is passed, when
\`INTERCORE_DB\` is set, only by the functions whose call shows
\`[--db=$INTERCORE_DB]\` (the v6 gate, skip, token and budget ones); the others
find the database as ic does. "Since" is the library version a function
arrived in.

${mdTable(['function', 'since', 'what it does', 'runs', 'prints', 'returns', 'without a healthy ic'], functions)}`;
}

export function agentsSections(ctx: GenContext): Record<string, string> {
  const wrappers = wrappersSection(ctx);
  return {
    commands: commandsSection(ctx).text,
    'exit-codes': exitCodesSection(ctx).text,
    tables: tablesSection(ctx).text,
    phases: phasesSection(ctx).text,
    ...(wrappers && { wrappers: wrappers.text }),
  };
}

/** Replaces each `<!-- BEGIN GENERATED: name -->...<!-- END GENERATED: name -->` block. */
export function spliceSections(text: string, sections: Record<string, string>): string {
  let out = text;
  for (const [name, body] of Object.entries(sections)) {
    const begin = `<!-- BEGIN GENERATED: ${name} -->`;
    const end = `<!-- END GENERATED: ${name} -->`;
    const i = out.indexOf(begin);
    const j = out.indexOf(end);
    if (i === -1 || j === -1 || j < i) throw new Error(`AGENTS.md lacks the markers ${begin} ... ${end}`);
    out = out.slice(0, i + begin.length) + '\n' + body.trimEnd() + '\n' + out.slice(j);
  }
  return out;
}

export function generateAgentsMd(ctx: GenContext, root: string): GeneratedFile[] {
  const path = `${root}/AGENTS.md`;
  if (!existsSync(path)) throw new Error('AGENTS.md is missing: it holds the handwritten prose around the generated tables');
  return [{ path: 'AGENTS.md', content: spliceSections(readFileSync(path, 'utf8'), agentsSections(ctx)) }];
}
