// generated/completion.ts: the bash completion script, as the string
// `ic completion bash` prints. Paths, flag names and enumerated values all
// come from the spec, so completion never lags behind the commands. Printed
// with print.ts: spec values enter the script through shDouble (inside the
// script's double quotes), shWord and name.
import type { GenContext } from '../context';
import { header } from '../header';
import { type Code, lit, name, raw, sh, shDouble, shWord, ts } from '../print';
import type { GeneratedFile } from '../file';

/** The script; `bin` is the program's name (`ic`), which also names its functions. */
function script(ctx: GenContext): Code {
  // A flag as completed: `--json`, or `--db=` for one that takes a value.
  const flagWord = (option: string, boolean: boolean) => `${option}${boolean ? '' : '='}`;
  const globalWord = (g: { name: string; type: string }) => flagWord(`--${g.name}`, g.type === 'boolean');
  const bin = ctx.spec.binary.name;
  const fn = (suffix: string) => name(`_${bin}_${suffix}`);
  const commands = [...ctx.commands].sort((a, b) => (a.path < b.path ? -1 : 1));
  const flagCases = commands.map((c) => {
    // Global flags that do nothing for this command (no database, --json ignored) are not offered.
    const own = ctx.spec.global_flags.filter((g) => !c.ignoredGlobals.includes(g.name)).map(globalWord);
    const words = [...c.flags.map((f) => flagWord(f.option, f.flag!.type === 'boolean')), ...own, '--help'];
    return sh`    "${shDouble(c.path)}") echo "${shDouble([...new Set(words)].sort().join(' '))}" ;;`;
  });
  // Before any command: the global flags, --help and --version.
  const globals = [...ctx.spec.global_flags.map(globalWord), '--help', '--version'].sort().join(' ');
  const values = ctx.commands
    .flatMap((c) => [
      ...c.flags.filter((f) => f.values).map((f) => ({ key: `${c.path} ${f.option}`, words: f.values!.join(' ') })),
      ...c.positionals.flatMap((p, i) => (p.values ? [{ key: `${c.path} #${i + 1}`, words: p.values.join(' ') }] : [])),
    ])
    .sort((a, b) => (a.key < b.key ? -1 : 1))
    .map((v) => sh`    "${shDouble(v.key)}") echo "${shDouble(v.words)}" ;;`);
  return sh`${raw(header('sh'))}# Bash completion for ${shWord(bin)}: command paths, flag names, and the values of
# enumerated flags and arguments. Load it with:  source <(${shWord(bin)} completion bash)

# Every command path.
${fn('commands')}=(
${commands.map((c) => sh`  "${shDouble(c.path)}"`)}
)

# The flags of a command path (or of none yet): value flags end in "=".
${fn('flags')}() {
  case $1 in
${flagCases}
    *) echo "${shDouble(globals)}" ;;
  esac
}

# The values of an enumerated flag ("path --flag") or argument ("path #N").
${fn('values')}() {
  case $1 in
${values}
  esac
}

${fn('complete')}() {
  local cur=\${COMP_WORDS[COMP_CWORD]} flag="" prefix="" path="" word candidate c i
  local -a words=() next=()
  COMPREPLY=()
  # --flag=value: bash splits it at "=" (COMP_WORDBREAKS), or leaves it whole.
  if [[ $cur == = ]]; then
    flag=\${COMP_WORDS[COMP_CWORD-1]}; cur=""
  elif ((COMP_CWORD > 1)) && [[ \${COMP_WORDS[COMP_CWORD-1]} == = ]]; then
    flag=\${COMP_WORDS[COMP_CWORD-2]}
  elif [[ $cur == --*=* ]]; then
    flag=\${cur%%=*}; prefix="$flag="; cur=\${cur#*=}
  fi
  # The words before the cursor, without flags and their values.
  for ((i = 1; i < COMP_CWORD; i++)); do
    word=\${COMP_WORDS[i]}
    if [[ $word == = ]]; then
      ((i += 1))
    elif [[ $word == -* ]]; then
      # "--flag value": skip the value too, unless "=" follows.
      if [[ $word != *=* && \${COMP_WORDS[i+1]-} != = && " $(${fn('flags')} "$path") " == *" $word= "* ]]; then ((i += 1)); fi
    else
      words+=("$word")
    fi
  done
  # The longest command path (or group) the words start with.
  for word in "\${words[@]}"; do
    candidate=\${path:+$path }$word
    for c in "\${${fn('commands')}[@]}"; do
      if [[ $c == "$candidate" || $c == "$candidate "* ]]; then path=$candidate; continue 2; fi
    done
    # Not a word of any path: an argument of a command, or a mistake.
    for c in "\${${fn('commands')}[@]}"; do [[ $c == "$path" && -n $path ]] && break 2; done
    return 0
  done
  if [[ -n $flag ]]; then
    mapfile -t COMPREPLY < <(compgen -P "$prefix" -W "$(${fn('values')} "$path $flag")" -- "$cur")
  elif [[ $cur == -* ]]; then
    mapfile -t COMPREPLY < <(compgen -W "$(${fn('flags')} "$path")" -- "$cur")
    [[ \${COMPREPLY[*]} == *= ]] && compopt -o nospace 2>/dev/null
  else
    for c in "\${${fn('commands')}[@]}"; do
      if [[ -z $path ]]; then
        next+=("\${c%% *}")
      elif [[ $c == "$path "* ]]; then
        c=\${c#"$path "}; next+=("\${c%% *}")
      fi
    done
    if ((\${#next[@]})); then
      mapfile -t COMPREPLY < <(compgen -W "$(printf '%s\\n' "\${next[@]}" | LC_ALL=C sort -u)" -- "$cur")
    elif [[ -n $path ]]; then
      # An argument of the command: N words after its path.
      IFS=' ' read -ra c <<<"$path"
      mapfile -t COMPREPLY < <(compgen -W "$(${fn('values')} "$path #$((\${#words[@]} - \${#c[@]} + 1))")" -- "$cur")
    fi
  fi
  return 0
}

complete -F ${fn('complete')} ${shWord(bin)}
`;
}

export function generateCompletion(ctx: GenContext): GeneratedFile[] {
  const content = ts`${raw(header('ts'))}
/** The bash completion script: \`source <(ic completion bash)\`. */
export const BASH_COMPLETION = ${lit(script(ctx).text)};
`;
  return [{ path: 'generated/completion.ts', content: content.text }];
}
