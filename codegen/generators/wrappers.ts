// lib-intercore.sh: the bash library hooks source instead of calling ic.
// Simple wrappers (one ic call and a return policy) are printed from their
// declaration with print.ts (sh, shWord, shDouble, name); wrappers with
// logic take their body from a handwritten partial, a plain bash file in
// codegen/wrappers/ read verbatim. The file as a whole is generated.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GenContext, Wrapper, WrapperWord } from '../context';
import { header } from '../header';
import { type Code, comment, join as joinCode, name, raw, sh, shDouble, shWord } from '../print';
import type { GeneratedFile } from '../file';

export const WRAPPERS_FILE = 'lib-intercore.sh';

/** Where the partials live: codegen/wrappers/<partial>.sh. */
export const PARTIALS_DIR = join(__dirname, '..', 'wrappers');

/**
 * A partial as it stands in codegen/wrappers/<partial>.sh: handwritten bash,
 * read verbatim (trailing blank lines dropped). It takes no spec values:
 * anything that looks like a template placeholder is refused, so that no one
 * writes one expecting it to be filled in.
 */
export function readPartial(partial: string): string {
  const file = join(PARTIALS_DIR, `${partial}.sh`);
  if (!existsSync(file)) throw new Error(`partial codegen/wrappers/${partial}.sh is missing`);
  const body = readFileSync(file, 'utf8').trimEnd();
  if (body.includes('{{')) throw new Error(`codegen/wrappers/${partial}.sh: partials are plain bash, read verbatim; "{{" is not filled in`);
  return body;
}

const ARG_REF = /\$([a-z][a-z0-9_]*)/g;

/** A word of the spec (plain text and `$arg` references) as a bash word: double-quoted when it expands an argument. */
function specWord(word: string, quote = false): Code {
  if (!quote && !word.includes('$')) return shWord(word);
  const parts: Code[] = [];
  let at = 0;
  for (const m of word.matchAll(ARG_REF)) {
    parts.push(shDouble(word.slice(at, m.index)), sh`$${name(m[1]!)}`);
    at = m.index + m[0].length;
  }
  parts.push(shDouble(word.slice(at)));
  return sh`"${joinCode(parts, '')}"`;
}

const argvWord = (w: WrapperWord) => specWord(w.word);

/** What a wrapper prints, returns and falls back to, in words (also for AGENTS.md). */
export interface WrapperDoc {
  runs: string;
  prints: string;
  returns: string;
  fallback: string;
}

export function wrapperDoc(w: Wrapper): WrapperDoc {
  if (!w.call) {
    return {
      runs: w.spec.runs ?? ((w.spec.calls ?? []).map((c) => `ic ${c}`).join(', ') || '(no ic call of its own)'),
      prints: w.spec.prints!,
      returns: w.spec.returns!,
      fallback: w.spec.fallback!,
    };
  }
  const c = w.call;
  const code1 = c.command.spec.exit_codes?.['1'];
  const negative = typeof code1 === 'object' ? code1.meaning : code1;
  const rest = w.args.find((a) => a.rest);
  const runs =
    [
      'ic',
      ...(w.spec.db ? ['[--db=$INTERCORE_DB]'] : []),
      ...c.command.words,
      ...c.words.map((x) => (x.onlyIf ? `[${argvWord(x).text}]` : argvWord(x).text)),
      ...(rest ? [`[${rest.name}...]`] : []),
      ...(c.json ? ['--json'] : []),
    ].join(' ') + (c.stdin !== undefined ? ` <<<${specWord(c.stdin, true).text}` : '');
  const what = c.json ? "ic's JSON output" : "ic's output";
  const returns = [
    '0',
    ...(w.negativeReturns === 1 && negative ? [`1 when ic exits 1 (${negative})`] : []),
    ...(w.usageReturns ? ['3 when ic exits 3 (a usage error: a bad argument)'] : []),
    ...(w.exit2Answer ? [`${w.failedReturns} when ic exits 2 (${w.exit2Answer})`] : []),
  ];
  return {
    runs,
    prints:
      (c.discard ? 'nothing' : `${what}, when ic exits 0${c.printNegative ? ' or 1' : ''}`) +
      (c.passStderr ? "; ic's stderr passes through" : ''),
    returns: returns.join('; '),
    fallback: `returns ${w.failedReturns}, prints nothing`,
  };
}

/** A number printed into bash (a return code, a position). */
const num = (n: number) => raw(String(n));

/**
 * The body of a simple wrapper: one bounded ic call (which finds ic), its
 * exit code mapped, its output printed only when ic answered 0.
 */
function simpleBody(w: Wrapper): Code[] {
  const c = w.call!;
  const words: Code[] = c.words.map(argvWord);
  if (c.json) words.push(shWord('--json'));
  const onlyIf: (string | undefined)[] = [...c.words.map((x) => x.onlyIf), undefined];
  const command = c.command.words.map(shWord);
  const failed = num(w.failedReturns);
  const passes = w.negativeReturns === w.failedReturns && !w.usageReturns && !c.printNegative;
  const lines: Code[] = [passes ? sh`local _intercore_out` : sh`local rc=0 _intercore_out`];
  if (c.stdin !== undefined) lines.push(sh`local _intercore_input=${specWord(c.stdin, true)}`);
  if (c.waits) lines.push(sh`local _intercore_extra=0`, sh`_intercore_allow "$${name(c.waits)}"`);
  if (c.passStderr) lines.push(sh`local _intercore_stderr=1`);
  if (w.spec.db) lines.push(sh`local _intercore_with_db=1`);
  if (w.usageReturns) lines.push(sh`local _intercore_usage=1`);
  if (w.exit2Answer) lines.push(sh`local _intercore_answer2=1`);
  let invocation: Code;
  const firstOptional = onlyIf.findIndex((x) => x !== undefined);
  if (firstOptional === -1 && c.rest === undefined) {
    invocation = joinCode([sh`_intercore_ic`, ...command, ...words], ' ');
  } else {
    // Words of optional arguments are passed only when those are set; a rest argument passes what is left.
    const fixed = firstOptional === -1 ? words.length : firstOptional;
    lines.push(sh`local -a args=(${joinCode([...command, ...words.slice(0, fixed)], ' ')})`);
    words.slice(fixed).forEach((word, i) => {
      const arg = onlyIf[fixed + i];
      lines.push(arg ? sh`if [[ -n $${name(arg)} ]]; then args+=(${word}); fi` : sh`args+=(${word})`);
    });
    if (c.rest !== undefined) lines.push(sh`if (($# >= ${num(c.rest)})); then args+=("\${@:${num(c.rest)}}"); fi`);
    invocation = sh`_intercore_ic "\${args[@]}"`;
  }
  const print = c.discard ? undefined : sh`printf '%s' "$_intercore_out"`;
  if (passes) {
    lines.push(sh`${invocation} || return ${failed}`);
    if (print) lines.push(print);
    return lines;
  }
  const unavailable = w.usageReturns ? sh`rc == 2 || rc > 3` : sh`rc >= 2`;
  lines.push(
    sh`${invocation} || rc=$?`,
    sh`# ${w.usageReturns ? sh`0, 1 and 3 (a usage error) are` : sh`0 and 1 are`} answers; anything else means ic is unavailable: fail safe.`,
    sh`if ((${unavailable})); then return ${failed}; fi`,
  );
  if (print) lines.push(sh`if ((rc == 0${c.printNegative && sh` || rc == 1`})); then ${print}; fi`);
  if (w.negativeReturns === 1) lines.push(sh`return "$rc"`);
  else if (w.usageReturns) lines.push(sh`if ((rc == 1)); then return 0; fi`, sh`return "$rc"`);
  else lines.push(sh`return 0`);
  return lines;
}

/** The ic command paths a partial runs through `_intercore_ic`. */
export function partialCalls(body: string, commandPaths: string[]): string[] {
  const found: string[] = [];
  for (const m of body.matchAll(/_intercore_ic((?:[ \t]+[a-z]+)+)/g)) {
    const words = m[1]!.trim().split(/\s+/);
    for (let n = words.length; n > 0; n--) {
      const path = words.slice(0, n).join(' ');
      if (commandPaths.includes(path)) {
        found.push(path);
        break;
      }
      if (n === 1) found.push(words.join(' '));
    }
  }
  return [...new Set(found)];
}

/** A partial is the function body, indented as it stands in the function. */
function partialBody(ctx: GenContext, w: Wrapper): Code {
  let body: string;
  try {
    body = readPartial(w.spec.partial!);
  } catch (err) {
    throw new Error(`wrapper ${w.name}: ${(err as Error).message}`);
  }
  // The spec's `calls` must be exactly what the partial runs.
  const runs = partialCalls(
    body,
    ctx.commands.map((c) => c.path),
  ).sort();
  const declared = [...(w.spec.calls ?? [])].sort();
  if (runs.join(',') !== declared.join(',')) {
    throw new Error(`wrapper ${w.name}: the partial runs [${runs.join(', ')}] but the spec's calls say [${declared.join(', ')}]`);
  }
  // Handwritten bash, printed as it is written.
  return raw(body);
}

/** Text as `#` comment lines of at most 80 columns; later lines indented by `hang`. */
export function commentLines(text: string, first: string, hang: string, width = 80): string[] {
  const lines: string[] = [];
  let line = first;
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const sep = line === first || line === hang ? '' : ' ';
    if (line.length + sep.length + word.length > width && line !== first && line !== hang) {
      lines.push(line);
      line = hang + word;
    } else line += sep + word;
  }
  lines.push(line);
  return lines;
}

/** Text as a bash comment: words refilled into `#` lines, so no newline of the text can end the comment. */
const shComment = (text: string, first: string, hang: string): Code => raw(commentLines(text, first, hang).join('\n'));

/** A wrapper argument's default inside `${N:-...}`: a `$VARIABLE` as such, anything else as text. */
function argDefault(value: string): Code {
  if (/^\$[A-Za-z_][A-Za-z0-9_]*$/.test(value)) return raw(value);
  const word = shWord(value);
  return word.text === value ? word : sh`"${shDouble(value)}"`;
}

function wrapperFunction(ctx: GenContext, w: Wrapper): Code {
  const doc = wrapperDoc(w);
  const locals = w.args
    .filter((a) => !a.rest)
    .map((a) => sh`${name(a.name)}=\${${num(a.position)}:-${a.default !== undefined && argDefault(a.default)}}`);
  const indent = (lines: Code[]) => lines.map((l) => sh`  ${l}`);
  const body = [
    ...(locals.length ? indent([sh`local ${joinCode(locals, ' ')}`]) : []),
    ...(w.call ? indent(simpleBody(w)) : [partialBody(ctx, w)]),
  ];
  return sh`${comment(w.usage, '#')}
${shComment(`${w.spec.summary}.`, '#   ', '#   ')}
${shComment(doc.runs, '#   Runs: ', '#     ')}
${shComment(`${doc.prints}.`, '#   Prints: ', '#     ')}
${shComment(`${doc.returns}.`, '#   Returns: ', '#     ')}
${shComment(`${doc.fallback}.`, '#   Without a healthy ic: ', '#     ')}
${name(w.name)}() {
${body}
}`;
}

export function generateWrappers(ctx: GenContext): GeneratedFile[] {
  const spec = ctx.spec.wrappers;
  if (!spec) return [];
  const constants = Object.entries(spec.constants).map(
    ([constant, c]) => sh`${shComment(c.description, '# ', '# ')}
# shellcheck disable=SC2034
${name(constant)}=${c.preset ? sh`"\${${name(constant)}:-${shDouble(c.value)}}"` : sh`"${shDouble(c.value)}"`}`,
  );
  const content = sh`#!/usr/bin/env bash
${raw(header('sh').trimEnd())}
# shellcheck shell=bash
#
${shComment(`lib-intercore.sh ${spec.version}: ${spec.description}`, '# ', '# ')}
#
#   source lib-intercore.sh
#   intercore_check_or_die stop "$SESSION_ID" 0 "/tmp/clavain-stop-$SESSION_ID"
#   run_id=$(intercore_run_current) || run_id=""
#
# Safe to source under \`set -euo pipefail\`: no function trips errexit or
# nounset in the caller, and ic's stderr is discarded. INTERCORE_DB, when
# set, is passed as --db by the wrappers that show [--db=$INTERCORE_DB];
# the others run ic without it. The return codes and the
# fallback of each function are in AGENTS.md (and in the comment above it).

# shellcheck disable=SC2034
INTERCORE_WRAPPER_VERSION="${shDouble(spec.version)}"
${constants}

${raw(readPartial('helpers'))}

${joinCode(
  ctx.wrappers.map((w) => wrapperFunction(ctx, w)),
  '\n\n',
)}
`;
  return [{ path: WRAPPERS_FILE, content: content.text }];
}
