// generated/completion.ts: the bash completion script, as the string
// `ic completion bash` prints. Paths, flag names and enumerated values all
// come from the spec, so completion never lags behind the commands.
import type { GenContext } from '../context';
import { header } from '../header';
import { renderTemplate, type GeneratedFile } from '../render';

export function generateCompletion(ctx: GenContext): GeneratedFile[] {
  // A flag as completed: `--json`, or `--db=` for one that takes a value.
  const flagWord = (option: string, boolean: boolean) => `${option}${boolean ? '' : '='}`;
  const globalWord = (g: { name: string; type: string }) => flagWord(`--${g.name}`, g.type === 'boolean');
  const globals = ctx.spec.global_flags.map(globalWord);
  const commands = [...ctx.commands]
    .sort((a, b) => (a.path < b.path ? -1 : 1))
    .map((c) => {
      // Global flags that do nothing for this command (no database, --json ignored) are not offered.
      const own = ctx.spec.global_flags.filter((g) => !c.ignoredGlobals.includes(g.name)).map(globalWord);
      const words = [...c.flags.map((f) => flagWord(f.option, f.flag!.type === 'boolean')), ...own, '--help'];
      return { path: c.path, flags: [...new Set(words)].sort().join(' ') };
    });
  const values = ctx.commands.flatMap((c) => [
    ...c.flags.filter((f) => f.values).map((f) => ({ key: `${c.path} ${f.option}`, words: f.values!.join(' ') })),
    ...c.positionals.flatMap((p, i) => (p.values ? [{ key: `${c.path} #${i + 1}`, words: p.values.join(' ') }] : [])),
  ]);
  const script = renderTemplate('completion.bash.hbs', {
    header: header('sh'),
    name: ctx.spec.binary.name,
    commands,
    // Before any command: the global flags, --help and --version.
    globals: [...globals, '--help', '--version'].sort().join(' '),
    values: values.sort((a, b) => (a.key < b.key ? -1 : 1)),
  });
  return [
    {
      path: 'generated/completion.ts',
      content: `${header('ts')}\n/** The bash completion script: \`source <(ic completion bash)\`. */\nexport const BASH_COMPLETION = ${JSON.stringify(script)};\n`,
    },
  ];
}
