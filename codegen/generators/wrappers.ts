// lib-intercore.sh: the bash library hooks source instead of calling ic.
// Simple wrappers (one ic call and a return policy) are written from their
// declaration; wrappers with logic take their body from a handwritten
// partial in codegen/templates/wrappers/. The file as a whole is generated.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { GenContext, Wrapper } from '../context';
import { header } from '../header';
import { renderTemplate, type GeneratedFile } from '../render';

export const WRAPPERS_FILE = 'lib-intercore.sh';

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
      ...c.words.map((x) => (x.onlyIf ? `[${x.bash}]` : x.bash)),
      ...(rest ? [`[${rest.name}...]`] : []),
      ...(c.json ? ['--json'] : []),
    ].join(' ') + (c.stdin ? ` <<<${c.stdin}` : '');
  const what = c.json ? "ic's JSON output" : "ic's output";
  const returns = [
    '0',
    ...(w.negativeReturns === 1 && negative ? [`1 when ic exits 1 (${negative})`] : []),
    ...(w.usageReturns ? ['3 when ic exits 3 (a usage error: a bad argument)'] : []),
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

/**
 * The body of a simple wrapper: one bounded ic call (which finds ic), its
 * exit code mapped, its output printed only when ic answered 0.
 */
function simpleBody(w: Wrapper): string[] {
  const c = w.call!;
  const words = [...c.words, ...(c.json ? [{ bash: '--json', onlyIf: undefined }] : [])];
  const passes = w.negativeReturns === w.failedReturns && !w.usageReturns && !c.printNegative;
  const lines = [passes ? 'local _intercore_out' : 'local rc=0 _intercore_out'];
  if (c.stdin) lines.push(`local _intercore_input=${c.stdin}`);
  if (c.waits) lines.push('local _intercore_extra=0', `_intercore_allow "$${c.waits}"`);
  if (c.passStderr) lines.push('local _intercore_stderr=1');
  if (w.spec.db) lines.push('local _intercore_with_db=1');
  if (w.usageReturns) lines.push('local _intercore_usage=1');
  let invocation: string;
  const firstOptional = words.findIndex((x) => x.onlyIf);
  if (firstOptional === -1 && c.rest === undefined) {
    invocation = ['_intercore_ic', ...c.command.words, ...words.map((x) => x.bash)].join(' ');
  } else {
    // Words of optional arguments are passed only when those are set; a rest argument passes what is left.
    const fixed = firstOptional === -1 ? words : words.slice(0, firstOptional);
    lines.push(`local -a args=(${[...c.command.words, ...fixed.map((x) => x.bash)].join(' ')})`);
    for (const x of firstOptional === -1 ? [] : words.slice(firstOptional)) {
      lines.push(x.onlyIf ? `if [[ -n $${x.onlyIf} ]]; then args+=(${x.bash}); fi` : `args+=(${x.bash})`);
    }
    if (c.rest !== undefined) lines.push(`if (($# >= ${c.rest})); then args+=("\${@:${c.rest}}"); fi`);
    invocation = '_intercore_ic "${args[@]}"';
  }
  const print = c.discard ? [] : ['printf \'%s\' "$_intercore_out"'];
  if (passes) {
    lines.push(`${invocation} || return ${w.failedReturns}`, ...print);
    return lines;
  }
  const unavailable = w.usageReturns ? 'rc == 2 || rc > 3' : 'rc >= 2';
  lines.push(
    `${invocation} || rc=$?`,
    `# ${w.usageReturns ? '0, 1 and 3 (a usage error) are' : '0 and 1 are'} answers; anything else means ic is unavailable: fail safe.`,
    `if ((${unavailable})); then return ${w.failedReturns}; fi`,
    ...(print.length ? [`if ((rc == 0${c.printNegative ? ' || rc == 1' : ''})); then ${print[0]}; fi`] : []),
    ...(w.negativeReturns === 1 ? ['return "$rc"'] : w.usageReturns ? ['if ((rc == 1)); then return 0; fi', 'return "$rc"'] : ['return 0']),
  );
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
function partialBody(ctx: GenContext, w: Wrapper): string {
  const file = `wrappers/${w.spec.partial}.sh.hbs`;
  if (!existsSync(join(__dirname, '..', 'templates', file))) {
    throw new Error(`wrapper ${w.name}: partial codegen/templates/${file} is missing`);
  }
  const body = renderTemplate(file, {}).trimEnd();
  // The spec's `calls` must be exactly what the partial runs.
  const runs = partialCalls(
    body,
    ctx.commands.map((c) => c.path),
  ).sort();
  const declared = [...(w.spec.calls ?? [])].sort();
  if (runs.join(',') !== declared.join(',')) {
    throw new Error(`wrapper ${w.name}: the partial runs [${runs.join(', ')}] but the spec's calls say [${declared.join(', ')}]`);
  }
  return body;
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

export function generateWrappers(ctx: GenContext): GeneratedFile[] {
  const spec = ctx.spec.wrappers;
  if (!spec) return [];
  const functions = ctx.wrappers.map((w) => {
    const doc = wrapperDoc(w);
    const locals = w.args.filter((a) => !a.rest).map((a) => `${a.name}=\${${a.position}:-${a.default ?? ''}}`);
    const indent = (lines: string[]) => lines.map((l) => `  ${l}`).join('\n');
    const parts = [...(locals.length ? [indent([`local ${locals.join(' ')}`])] : []), w.call ? indent(simpleBody(w)) : partialBody(ctx, w)];
    const comment = [
      `# ${w.usage}`,
      ...commentLines(`${w.spec.summary}.`, '#   ', '#   '),
      ...commentLines(doc.runs, '#   Runs: ', '#     '),
      ...commentLines(`${doc.prints}.`, '#   Prints: ', '#     '),
      ...commentLines(`${doc.returns}.`, '#   Returns: ', '#     '),
      ...commentLines(`${doc.fallback}.`, '#   Without a healthy ic: ', '#     '),
    ];
    return { name: w.name, comment: comment.join('\n'), body: parts.join('\n') };
  });
  const constants = Object.entries(spec.constants).map(([name, c]) => ({
    name,
    comment: commentLines(c.description, '# ', '# ').join('\n'),
    value: c.preset ? `"\${${name}:-${c.value}}"` : `"${c.value}"`,
  }));
  return [
    {
      path: WRAPPERS_FILE,
      content: renderTemplate('lib-intercore.sh.hbs', {
        header: header('sh').trimEnd(),
        version: spec.version,
        description: commentLines(`lib-intercore.sh ${spec.version}: ${spec.description}`, '# ', '# ').join('\n'),
        constants,
        helpers: renderTemplate('wrappers/helpers.sh.hbs', {}).trimEnd(),
        functions,
      }),
    },
  ];
}
