// generated/cli.ts: the front door. It splits the global flags out of argv
// (they may stand anywhere), finds the command path, loads only that
// command's class, and hands the rest to clipanion. Also the usage texts and
// generated/commands/base.ts, the shared base class.
import { parseDurationMs } from '../../src/cli/values';
import type { Command, GenContext } from '../context';
import { header } from '../header';
import { renderTemplate, type GeneratedFile } from '../render';

export function synopsis(command: Command): string {
  const parts = [command.path];
  for (const p of command.positionals) parts.push(p.required ? `<${p.name}>` : `[<${p.name}>]`);
  for (const f of command.flags) {
    const value =
      f.flag!.type === 'boolean' ? '' : `=<${f.flag!.value_name ?? (f.flag!.type === 'enum' ? f.values!.join('|') : f.flag!.type)}>`;
    parts.push(f.flag!.required ? `${f.option}${value}` : `[${f.option}${value}]`);
  }
  return parts.join(' ');
}

export function generateCli(ctx: GenContext): GeneratedFile[] {
  const spec = ctx.spec;
  const globals = spec.global_flags.map((g) => ({
    name: g.name,
    option: `--${g.name}`,
    takesValue: g.type !== 'boolean',
    type: g.type,
    tsType: g.type === 'boolean' ? 'boolean' : g.type === 'duration' || g.type === 'integer' ? 'number' : 'string',
    optional: g.type !== 'boolean' && g.default === undefined,
    defaultCode:
      g.type === 'boolean'
        ? 'false'
        : g.default === undefined
          ? 'undefined'
          : g.type === 'duration'
            ? String(parseDurationMs(String(g.default)))
            : JSON.stringify(g.default),
    usage: `--${g.name}${g.type === 'boolean' ? '' : `=<${g.value_name ?? g.type}>`}`,
    description: g.description ?? '',
  }));
  const width = Math.max(...ctx.commands.map((c) => c.path.length)) + 2;
  const commands = ctx.commands.map((c) => ({
    path: c.path,
    words: JSON.stringify(c.words),
    summary: JSON.stringify(c.spec.summary),
    shadows: JSON.stringify(c.shadows),
    flags: JSON.stringify(c.flags.map((f) => f.option)),
    importPath: `./commands/${c.words.join('/')}`,
    className: c.className,
    usageLine: JSON.stringify(`  ${c.path.padEnd(width)}${c.spec.summary}`),
    synopsis: JSON.stringify(`ic ${synopsis(c)}`),
  }));
  const gwidth = Math.max(...globals.map((g) => g.usage.length)) + 2;
  const globalUsage = globals.map((g) => `  ${g.usage.padEnd(gwidth)}${g.description}`).join('\n');
  const exitUsage = spec.exit_codes.map((e) => `  ${e.code}  ${e.meaning}`).join('\n');
  return [
    {
      path: 'generated/cli.ts',
      content: renderTemplate('cli.ts.hbs', {
        header: header('ts'),
        name: spec.binary.name,
        version: spec.binary.version,
        description: spec.binary.description,
        globals,
        commands,
        footer: JSON.stringify(`Global flags (anywhere on the line):\n${globalUsage}\n\nExit codes:\n${exitUsage}\n`),
      }),
    },
    { path: 'generated/commands/base.ts', content: renderTemplate('base.ts.hbs', { header: header('ts') }) },
  ];
}
