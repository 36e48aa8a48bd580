// The generated tables of AGENTS.md: commands with their flags, exit codes,
// tables with their columns. Only the text between the marker comments is
// generated; the prose around it is written by hand.
import { existsSync, readFileSync } from 'node:fs';
import type { GenContext } from '../context';
import { header } from '../header';
import type { GeneratedFile } from '../render';
import { renderTemplate } from '../render';
import { synopsis } from './cli';
import { WRAPPERS_FILE, wrapperDoc } from './wrappers';

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function agentsSections(ctx: GenContext): Record<string, string> {
  const commands = ctx.commands.map((c) => ({
    synopsis: cell(`ic ${synopsis(c)}`),
    summary: cell(c.spec.summary),
    kind: c.spec.handler
      ? `handler \`src/${c.spec.handler.split('.')[0]}/handlers.ts\` ${c.spec.handler.split('.')[1]}`
      : `generic ${c.spec.operation!.kind} on \`${c.spec.operation!.table}\``,
    positionals: c.positionals.filter((p) => p.description).map((p) => cell(`\`<${p.name}>\`: ${p.description}`)),
    // What the global flags do not do here.
    ignored: [
      ...(c.db === 'none' ? ['no database: `--db` is ignored'] : []),
      ...(c.ignoredGlobals.includes('json') ? ['`--json` is ignored (the text is printed)'] : []),
    ].join('; '),
    flags: c.flags.map((f) => {
      const fl = f.flag!;
      const bits = [fl.type === 'enum' ? f.values!.join('|') : fl.type];
      if (fl.required) bits.push('required');
      if (fl.default !== undefined) bits.push(`default ${fl.default}`);
      if (fl.min !== undefined) bits.push(`min ${fl.min}`);
      if (fl.max !== undefined) bits.push(`max ${fl.max}`);
      if (fl.allow_negative) bits.push('may be negative');
      return cell(`\`${f.option}\` (${bits.join(', ')})${fl.description ? ': ' + fl.description : ''}`);
    }),
  }));
  const tables = ctx.tables.map((t) => ({
    name: t.name,
    since: t.since,
    description: cell(t.spec.description),
    primaryKey: t.primaryKey.join(', '),
    columns: t.columns.map((c) => ({
      name: c.name,
      type: c.spec.type,
      notNull: c.spec.required || c.spec.primary ? 'yes' : '',
      default: c.spec.default === undefined ? '' : c.spec.default === 'now' ? 'now' : String(c.spec.default),
      notes: cell(
        [
          c.spec.primary ? 'primary key' : '',
          c.spec.generate ? 'generated id' : '',
          c.spec.autoincrement ? 'autoincrement' : '',
          c.spec.unique ? 'unique' : '',
          c.spec.check ? `check \`${c.spec.check}\`` : '',
          c.spec.references ? `→ ${c.spec.references}${c.spec.on_delete ? ` (on delete ${c.spec.on_delete.replace('_', ' ')})` : ''}` : '',
          c.since !== t.since ? `since v${c.since}` : '',
          c.spec.description ?? '',
        ]
          .filter(Boolean)
          .join(', '),
      ),
    })),
    constraints: [
      ...(t.spec.unique ?? []).map((u) => `unique (${u.join(', ')})`),
      ...(t.spec.foreign_keys ?? []).map((f) => `${f.column} → ${f.references}`),
    ].join('; '),
    indexes: t.indexes
      .filter((i) => i.dropped === undefined)
      .map(
        (i) =>
          `\`${i.name}\` (${i.columns.join(', ')})${i.where ? ` where ${cell(i.where)}` : ''}${i.since !== t.since ? ` since v${i.since}` : ''}`,
      ),
    triggers: t.triggers.map((g) => `\`${g.name}\` (${g.timing} ${g.event}${g.description ? `: ${cell(g.description)}` : ''})`),
    seeds: t.seeds.map((r) => `\`${String(r.row.id ?? Object.values(r.row)[0])}\` (v${r.since}: ${cell(r.description)})`),
  }));
  const globals = ctx.spec.global_flags.map((g) => ({
    usage: cell(`--${g.name}${g.type === 'boolean' ? '' : `=<${g.value_name ?? g.type}>`}`),
    default: g.default === undefined ? '' : String(g.default),
    description: cell(g.description ?? ''),
  }));
  const wrappers = ctx.spec.wrappers;
  const functions = ctx.wrappers.map((w) => {
    const doc = wrapperDoc(w);
    return {
      usage: cell(w.usage),
      since: w.since,
      summary: cell(w.spec.summary),
      runs: w.call
        ? `\`${cell(doc.runs)}\``
        : w.spec.runs
          ? w.spec.runs.startsWith('ic ')
            ? `\`${cell(w.spec.runs)}\``
            : cell(w.spec.runs)
          : (w.spec.calls ?? []).map((c) => `\`ic ${c}\``).join(', ') || 'no ic call of its own',
      prints: cell(doc.prints),
      returns: cell(doc.returns),
      fallback: cell(doc.fallback),
    };
  });
  const constants = Object.entries(wrappers?.constants ?? {}).map(([name, c]) => ({
    name,
    value: c.value === '' ? '(empty)' : `\`${c.value}\``,
    description: cell(c.description),
  }));
  const { chain, walks, gates: rules } = ctx.spec.phases;
  const gates = rules.flatMap((r) =>
    r.checks.length
      ? r.checks.map((c) => ({ move: `${r.from} → ${r.to}`, check: c.check, detail: c.phase ? `phase ${c.phase}` : '' }))
      : [{ move: `${r.from} → ${r.to}`, check: '(none)', detail: '' }],
  );
  const sets = ctx.valueSets.map((v) => ({
    name: v.name,
    values: v.values.map((x) => `\`${x.value}\``).join(', '),
    groups: v.groups.map((g) => `${g.name}: ${g.values.join(', ')}`).join('; '),
  }));
  const note = header('md').trim();
  return {
    commands: renderTemplate('agents-commands.md.hbs', { note, commands, globals }),
    'exit-codes': renderTemplate('agents-exit-codes.md.hbs', { note, codes: ctx.spec.exit_codes }),
    tables: renderTemplate('agents-tables.md.hbs', { note, tables, version: ctx.spec.schema_version }),
    phases: renderTemplate('agents-phases.md.hbs', {
      note,
      chain: chain.join(' → '),
      walks: Object.entries(walks).map(([complexity, phases]) => ({ complexity, phases: phases.join(', ') })),
      gates,
      sets,
    }),
    ...(wrappers && {
      wrappers: renderTemplate('agents-wrappers.md.hbs', {
        note,
        file: WRAPPERS_FILE,
        version: wrappers.version,
        description: wrappers.description,
        constants,
        functions,
      }),
    }),
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
