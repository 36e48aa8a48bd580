// generated/completion.ts: the bash, zsh and fish completion scripts, as
// the strings `ic completion <shell>` prints. Paths, flag names (zsh and
// fish: with their descriptions), enumerated values and which arguments take
// a run or dispatch id (spec `complete`, asked of `ic completion-ids` as one
// types) all come from the spec, so completion never lags behind the
// commands. Hidden commands are not offered. Printed with print.ts: spec
// values enter the scripts through shDouble (inside double quotes), shWord
// and name.
import type { Arg, Command, GenContext } from '../context';
import { visible } from './cli';
import { header } from '../header';
import { type Code, lit, name, raw, sh, shDouble, shWord, ts } from '../print';
import type { GeneratedFile } from '../file';
import type { GlobalFlagSpec } from '../spec/metaschema';

/** The script; `bin` is the program's name (`ic`), which also names its functions. */
function script(ctx: GenContext): Code {
  // A flag as completed: `--json`, or `--db=` for one that takes a value.
  const flagWord = (option: string, boolean: boolean) => `${option}${boolean ? '' : '='}`;
  const globalWord = (g: { name: string; type: string }) => flagWord(`--${g.name}`, g.type === 'boolean');
  const bin = ctx.spec.binary.name;
  const fn = (suffix: string) => name(`_${bin}_${suffix}`);
  const commands = sorted(ctx);
  const flagCases = commands.map((c) => {
    // Global flags that do nothing for this command (no database, --json ignored) are not offered.
    const own = ctx.spec.global_flags.filter((g) => !c.ignoredGlobals.includes(g.name)).map(globalWord);
    const words = [...c.flags.map((f) => flagWord(f.option, f.flag!.type === 'boolean')), ...own, '--help'];
    return sh`    "${shDouble(c.path)}") echo "${shDouble([...new Set(words)].sort().join(' '))}" ;;`;
  });
  // Before any command: the global flags, --help and --version.
  const globals = [...ctx.spec.global_flags.map(globalWord), '--help', '--version'].sort().join(' ');
  const values = sorted(ctx)
    .flatMap((c) => [
      ...c.flags.filter((f) => f.values).map((f) => ({ key: `${c.path} ${f.option}`, words: f.values!.join(' ') })),
      ...c.positionals.flatMap((p, i) => (p.values ? [{ key: `${c.path} #${i + 1}`, words: p.values.join(' ') }] : [])),
    ])
    .sort((a, b) => (a.key < b.key ? -1 : 1))
    .map((v) => sh`    "${shDouble(v.key)}") echo "${shDouble(v.words)}" ;;`);
  return sh`${raw(header('sh'))}# Bash completion for ${shWord(bin)}: command paths, flag names, the values of
# enumerated flags and arguments, and the ids of runs and dispatches. Load it
# with:  source <(${shWord(bin)} completion bash)

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

# The ids an argument ("path #N") takes: runs or dispatches.
${fn('ids')}() {
  case $1 in
${idCases(ctx)}
  esac
}

${fn('complete')}() {
  local cur=\${COMP_WORDS[COMP_CWORD]} flag="" prefix="" path="" word candidate c i kind
  local -a words=() next=() dbflags=()
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
      # The database flags typed are passed on when ids are asked for.
      case $word in
${dbFlagCases(ctx)}
      esac
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
      i="$path #$((\${#words[@]} - \${#c[@]} + 1))"
      kind=$(${fn('ids')} "$i")
      if [[ -n $kind ]]; then
        mapfile -t COMPREPLY < <(compgen -W "$("\${COMP_WORDS[0]}" "\${dbflags[@]}" completion-ids "$kind" 2>/dev/null | cut -f1)" -- "$cur")
      else
        mapfile -t COMPREPLY < <(compgen -W "$(${fn('values')} "$i")" -- "$cur")
      fi
    fi
  fi
  return 0
}

complete -F ${fn('complete')} ${shWord(bin)}
`;
}

/** The commands completion offers, by path. */
const sorted = (ctx: GenContext): Command[] => visible(ctx.commands).sort((a, b) => (a.path < b.path ? -1 : 1));

/** The positionals that take ids: [command, position from 1, kind]. */
const idArgs = (ctx: GenContext) =>
  sorted(ctx).flatMap((c) => c.positionals.flatMap((p, i) => (p.complete ? [{ command: c, position: i + 1, kind: p.complete }] : [])));

function idCases(ctx: GenContext): Code[] {
  return idArgs(ctx).map((a) => sh`    "${shDouble(`${a.command.path} #${a.position}`)}") echo ${shWord(a.kind)} ;;`);
}

/** The global flags about the database that take a value (--db, --timeout): typed ones go on to completion-ids. */
const dbFlags = (ctx: GenContext) => ctx.spec.global_flags.filter((g) => g.database && g.type !== 'boolean').map((g) => `--${g.name}`);

function dbFlagCases(ctx: GenContext): Code[] {
  return dbFlags(ctx).map(
    (option) =>
      sh`        ${shWord(option)}=*) dbflags+=("$word") ;;
        ${shWord(option)}) if [[ \${COMP_WORDS[i+1]-} == = ]]; then dbflags+=("$word=\${COMP_WORDS[i+2]-}"); else dbflags+=("$word=\${COMP_WORDS[i+1]-}"); fi ;;`,
  );
}

/** Text inside a zsh _arguments/_describe spec: \, [, ], : escaped. */
const zshEsc = (text: string) => text.replace(/[\\[\]:]/g, '\\$&').replace(/\s*\n\s*/g, ' ');

/** A flag as _arguments takes it: --name[what]:placeholder:action. */
function zshFlag(option: string, description: string, arg?: { placeholder: string; values?: readonly string[] }): string {
  const what = `[${zshEsc(description)}]`;
  if (!arg) return `${option}${what}`;
  const action = arg.values
    ? `(${arg.values.map((v) => v.replace(/[\\ ():'"]/g, '\\$&')).join(' ')})`
    : /path|dir|file/.test(arg.placeholder)
      ? '_files'
      : ' ';
  return `${option}=${what}:${zshEsc(arg.placeholder)}:${action}`;
}

function zshSpecs(ctx: GenContext, c: Command | undefined): string[] {
  const specs: string[] = [];
  const flag = (f: Arg) =>
    zshFlag(f.option, f.description, f.placeholder === undefined ? undefined : { placeholder: f.placeholder, values: f.values });
  if (c) {
    c.positionals.forEach((p, i) => {
      const action = p.complete ? `_ic_ids ${p.complete}` : p.values ? `(${p.values.join(' ')})` : ' ';
      specs.push(`${i + 1}:${p.required ? '' : ':'}${zshEsc(p.name)}:${action}`);
    });
    for (const f of c.flags) {
      specs.push(flag(f));
      if (f.flag!.short) specs.push(zshFlag(`-${f.flag!.short}`, f.description));
    }
  }
  const globals = ctx.spec.global_flags.filter((g) => !c || (!c.ignoredGlobals.includes(g.name) && !c.shadows.includes(g.name)));
  for (const g of globals)
    specs.push(zshFlag(`--${g.name}`, g.description, g.type === 'boolean' ? undefined : { placeholder: g.value_name ?? g.type }));
  specs.push('(- *)--help[print help]', '(- *)-h[print help]');
  if (!c) specs.push('(- *)--version[print the version]', '(- *)-v[print the version]');
  return specs;
}

function zshScript(ctx: GenContext): Code {
  const bin = ctx.spec.binary.name;
  const commands = sorted(ctx);
  const specCases = commands.map(
    (c) => sh`    ${shWord(c.path)}) reply=(
${zshSpecs(ctx, c).map((spec) => sh`      ${shWord(spec)}`)}
    ) ;;`,
  );
  return sh`#compdef ${shWord(bin)}
${raw(header('sh'))}# Zsh completion for ${shWord(bin)}: command paths with their summaries, flags with
# their descriptions, enumerated values, and the ids of runs and dispatches.
# Install it as _${shWord(bin)} in a directory of your fpath:
#   ${shWord(bin)} completion zsh > ~/.zfunc/_${shWord(bin)}   (with fpath+=(~/.zfunc) before compinit)
# or load it in this shell:  source <(${shWord(bin)} completion zsh)

# Every command path, with its summary.
_ic_paths=(
${commands.map((c) => sh`  ${shWord(`${c.path}:${zshEsc(c.spec.summary)}`)}`)}
)

# The _arguments specs of a command path (or of none: the global flags) in reply.
_ic_specs() {
  case $1 in
${specCases}
    *) reply=(
${zshSpecs(ctx, undefined).map((spec) => sh`      ${shWord(spec)}`)}
    ) ;;
  esac
}

# The ids of runs or dispatches, asked of the ic being completed (nothing without a database).
# _arguments puts its own options first: the kind is the last argument.
_ic_ids() {
  local kind=\${@[-1]}
  local -a _ic_idlist
  _ic_idlist=("\${(@f)$(\${_ic_bin:-${shWord(bin)}} \${_ic_dbflags[@]} completion-ids $kind 2>/dev/null)}")
  _ic_idlist=("\${(@)_ic_idlist//:/\\:}")
  _ic_idlist=("\${(@)_ic_idlist/$'\\t'/:}")
  _ic_idlist=(\${_ic_idlist:#})
  _describe -t ids $kind _ic_idlist
}

_ic() {
  local p="" cand w c i n=1 found _ic_bin=\${words[1]}
  local -a reply next cmds _ic_dbflags
  cmds=("\${(@)_ic_paths%%:*}")
  # The longest command path (or group) the words before the cursor start with.
  for ((i = 2; i < CURRENT; i++)); do
    w=\${words[i]}
    if [[ $w == -* ]]; then
      case $w in
${dbFlags(ctx).map(
  (o) => sh`        ${shWord(o)}=*) _ic_dbflags+=("$w") ;;
        ${shWord(o)}) _ic_dbflags+=("$w=\${words[i+1]}") ;;`,
)}
      esac
      continue
    fi
    [[ -n $found && $found == "$p" ]] && break
    cand=\${p:+$p }$w
    found=""
    for c in "\${cmds[@]}"; do
      if [[ $c == "$cand" ]]; then found=$cand; break; fi
      [[ $c == "$cand "* ]] && found=group
    done
    [[ -z $found ]] && break
    p=$cand
    n=$i
    [[ $found == group ]] && found=""
  done
  if ((\${cmds[(Ie)$p]})); then
    # A command: its arguments and flags, after its path.
    _ic_specs "$p"
    shift $((n - 1)) words
    ((CURRENT -= n - 1))
    _arguments -s -S : "\${reply[@]}"
    return
  fi
  if [[ \${words[CURRENT]} == -* ]]; then
    _ic_specs ""
    _arguments -s : "\${reply[@]}"
    return
  fi
  # Nothing yet, or a group: the next words.
  local -aU next
  local rest
  for c in "\${_ic_paths[@]}"; do
    rest=\${c%%:*}
    if [[ -n $p ]]; then
      [[ $rest == "$p "* ]] || continue
      rest=\${rest#"$p "}
    fi
    if [[ $rest == *" "* ]]; then next+=("\${rest%% *}:commands"); else next+=("$rest:\${c#*:}"); fi
  done
  _describe -t commands ${shWord(`${bin} command`)} next
}

if [[ \${zsh_eval_context[-1]} == loadautoload ]]; then
  _ic "$@"
else
  compdef _ic ${shWord(bin)}
fi
`;
}

/** Text inside a fish single-quoted string: \ and ' escaped. */
const fishQ = (text: string) => `'${text.replace(/\s*\n\s*/g, ' ').replace(/[\\']/g, '\\$&')}'`;

function fishScript(ctx: GenContext): Code {
  const bin = ctx.spec.binary.name;
  const commands = sorted(ctx);
  const c = (cond: string, rest: string) => `complete -c ${bin} -n ${fishQ(cond)} ${rest}`;
  const is = (path: string) => `__ic_is ${fishQ(path)}`;
  const globalFlag = (g: GlobalFlagSpec) => `-l ${g.name}${g.type === 'boolean' ? '' : ' -r'} -d ${fishQ(g.description)}`;
  const lines: string[] = [];
  // The next words after each prefix: a command's word with its summary, a group's once.
  const prefixes = new Set(['', ...commands.flatMap((cmd) => cmd.words.slice(0, -1).map((_, i) => cmd.words.slice(0, i + 1).join(' ')))]);
  for (const prefix of [...prefixes].sort()) {
    const seen = new Set<string>();
    for (const cmd of commands) {
      if (prefix && !cmd.path.startsWith(prefix + ' ')) continue;
      const rest = prefix ? cmd.path.slice(prefix.length + 1) : cmd.path;
      const word = rest.split(' ')[0]!;
      if (seen.has(word)) continue;
      seen.add(word);
      const what = rest.includes(' ') ? `${prefix ? `${prefix} ` : ''}${word} commands` : cmd.spec.summary;
      lines.push(c(is(prefix), `-f -a ${fishQ(word)} -d ${fishQ(what)}`));
    }
  }
  for (const cmd of commands) {
    cmd.positionals.forEach((p) => {
      if (p.complete) lines.push(c(is(cmd.path), `-f -a ${fishQ(`(__ic_ids ${p.complete})`)}`));
      else if (p.values) lines.push(c(is(cmd.path), `-f -a ${fishQ(p.values.join(' '))}`));
    });
    for (const f of cmd.flags) {
      const names = `${f.flag!.short ? `-s ${f.flag!.short} ` : ''}-l ${f.option.slice(2)}`;
      // A file or directory value completes files (the script turns them off elsewhere).
      const files = /path|dir|file/.test(f.placeholder ?? '') ? ' -F' : '';
      const value = f.placeholder === undefined ? '' : f.values ? ` -x -a ${fishQ(f.values.join(' '))}` : ` -r${files}`;
      lines.push(c(is(cmd.path), `${names}${value} -d ${fishQ(f.description)}`));
    }
    const globals = ctx.spec.global_flags.filter((g) => !cmd.ignoredGlobals.includes(g.name) && !cmd.shadows.includes(g.name));
    for (const g of globals) lines.push(c(is(cmd.path), globalFlag(g)));
  }
  // Before any command: the global flags, -h and -v.
  for (const g of ctx.spec.global_flags) lines.push(c(is(''), globalFlag(g)));
  lines.push(c(is(''), `-s v -l version -d 'print the version'`), `complete -c ${bin} -s h -l help -d 'print help'`);
  const paths = commands.map((cmd) => fishQ(cmd.path)).join(' ');
  return sh`${raw(header('sh'))}# Fish completion for ${shWord(bin)}: command paths with their summaries, flags with
# their descriptions, enumerated values, and the ids of runs and dispatches.
# Install it:  ${shWord(bin)} completion fish > ~/.config/fish/completions/${shWord(bin)}.fish

set -g __ic_paths ${raw(paths)}

# The command path (or group) the words typed so far start with, cached for the line.
function __ic_path
    set -l line (commandline -pc)
    if test "$line" = "$__ic_cache_line"
        echo $__ic_cache_path
        return
    end
    set -l words (commandline -opc)
    set -e words[1]
    set -l path ''
    for w in $words
        string match -q -- '-*' $w; and continue
        contains -- $path $__ic_paths; and break
        set -l cand (string trim -- "$path $w")
        if contains -- $cand $__ic_paths; or string match -q -- "$cand *" $__ic_paths
            set path $cand
        else
            break
        end
    end
    set -g __ic_cache_line $line
    set -g __ic_cache_path $path
    echo $path
end

function __ic_is
    test (__ic_path) = "$argv[1]"
end

# The ids of runs or dispatches, asked of the ic being completed (nothing without a database).
function __ic_ids
    set -l words (commandline -opc)
    set -l db (string match -r -- '^--(?:${raw(
      dbFlags(ctx)
        .map((o) => o.slice(2))
        .join('|'),
    )})=.*' $words)
    $words[1] $db completion-ids $argv[1] 2>/dev/null
end

complete -c ${shWord(bin)} -f
${raw(lines.join('\n'))}
`;
}

export function generateCompletion(ctx: GenContext): GeneratedFile[] {
  const content = ts`${raw(header('ts'))}
/** The bash completion script: \`source <(ic completion bash)\`. */
export const BASH_COMPLETION = ${lit(script(ctx).text)};

/** The zsh completion script: \`ic completion zsh > ~/.zfunc/_ic\`. */
export const ZSH_COMPLETION = ${lit(zshScript(ctx).text)};

/** The fish completion script: \`ic completion fish > ~/.config/fish/completions/ic.fish\`. */
export const FISH_COMPLETION = ${lit(fishScript(ctx).text)};
`;
  return [{ path: 'generated/completion.ts', content: content.text }];
}
