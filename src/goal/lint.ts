// The lint of a goal's completion condition (Go's goal.LintCondition,
// aa693df): can the /goal evaluator judge it (length, a demonstrable
// predicate, a runtime bound), and is it shaped as a goal (no ruling written
// in the user's voice, no plan detail). Errors refuse `goal create` (unless
// --force); warnings inform. The findings and their words are Go's: the
// model reading them, and Clavain, see the same text either way.
//
// The patterns are Go's RE2 patterns, said in JavaScript: RE2's \s is
// [\t\n\f\r ] and its `.` is anything but \n, so both are spelled out; the
// `u` flag makes `i` fold case over Unicode as RE2's (?i) does.

export type Severity = 'error' | 'warning';

export interface Finding {
  severity: Severity;
  message: string;
}

/** The /goal built-in's limit on a condition, in bytes (Go measures len(text)). */
export const MAX_CONDITION_BYTES = 4000;

const S = '[\\t\\n\\f\\r ]';
const ANY = '[^\\n]';
const re = (source: string) => new RegExp(source, 'iu');

/** Predicates the evaluator can judge from surfaced output: commands, exit codes, artifact states. */
const DEMONSTRABLE = re(
  [
    `exit(s)?${S}+(code${S}+)?0`,
    '`[^`]+`',
    `tests?${S}+(pass|green)`,
    'git status',
    `\\b(bd|bead)\\b${ANY}*\\bclose`,
    `\\b(HTTP|http)${S}*2\\d\\d\\b`,
    `file ${ANY}*exist`,
    'committed|pushed|published|deployed|merged',
    'stop after \\d+ turns',
  ].join('|'),
);

const TURN_BOUND = re('stop after \\d+ turns');

/** The user's ruling written in the user's voice, in the progressive or performative (not history, not an open question). */
const VENTRILOQUISM = re(
  [
    `\\bi(${S}+am|'m)${S}+(rul|decid|answer|declar)ing\\b`,
    `\\bi${S}+hereby\\b`,
    `\\bmy${S}+(ruling|decision|call)${S}+(is|stands)\\b`,
    `\\bi${S}+have${S}+(ruled|decided|answered|declared)\\b`,
  ].join('|'),
);

/** Execution-grade detail: file:line, a discriminant, a variant's fields, a signature. */
const PLAN_DETAIL = re(
  [
    `\\b[\\w\\/.-]+\\.(rs|go|ts|tsx|py|js|sh|md)${S}*:${S}*\\d+`,
    `\\bdiscriminant${S}+\\d+`,
    `\\b\\w+(::\\w+)+${S}*\\{[^}]*,`,
    `\\bfn${S}+\\w+${S}*\\(`,
    `\\bimpl${S}+\\w+\\b`,
  ].join('|'),
);

/** Text naming an open call (which, with a ruling, it also answers). */
const PRE_RULED = re(`(canon|design|open)${S}+(call|question|decision)`);

/** The findings on a condition, in Go's order; none: an empty list. */
export function lintCondition(text: string): Finding[] {
  if (text.length === 0) return [{ severity: 'error', message: 'condition is empty' }];
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_CONDITION_BYTES) {
    return [{ severity: 'error', message: `condition is ${bytes} chars; the /goal built-in caps at ${MAX_CONDITION_BYTES}` }];
  }
  const findings: Finding[] = [];
  if (!DEMONSTRABLE.test(text)) {
    findings.push({
      severity: 'error',
      message:
        'no demonstrable predicate (the evaluator only judges surfaced output — reference a command, exit code, artifact state, or bead close; not subjective quality)',
    });
  }
  if (!TURN_BOUND.test(text)) {
    findings.push({ severity: 'warning', message: "no runtime bound — consider appending 'or stop after N turns'" });
  }
  return [...findings, ...shapeFindings(text)];
}

function shapeFindings(text: string): Finding[] {
  const findings: Finding[] = [];
  const ruling = VENTRILOQUISM.exec(text)?.[0];
  if (ruling !== undefined) {
    findings.push({
      severity: 'error',
      message: `ventriloquism: ${goQuote(ruling)} writes the user's ruling in the user's voice. A goal the agent drafted cannot also contain the user's sign-off — that satisfies a canon gate with the agent's own document. State the open call as a QUESTION and recommend an answer outside the goal text`,
    });
  }
  const detail = PLAN_DETAIL.exec(text)?.[0];
  if (detail !== undefined) {
    findings.push({
      severity: 'warning',
      message: `plan detail: ${goQuote(detail)} is execution-grade (exact signature, discriminant, or file:line). A goal states the outcome; the plan states the mechanism, and a goal carrying both cannot be re-planned without a rewrite`,
    });
  }
  if (PRE_RULED.test(text) && ruling !== undefined) {
    findings.push({
      severity: 'warning',
      message:
        'pre-ruled call: the text names an open canon/design call and answers it in the same breath. Leave it open as a gate the user decides',
    });
  }
  return findings;
}

const SHORT_ESCAPES: Record<string, string> = {
  '\x07': '\\a',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\v': '\\v',
  '\\': '\\\\',
  '"': '\\"',
};

const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;

/** A string quoted as Go's %q (strconv.Quote) writes it: printable characters as they are, the rest escaped. */
export function goQuote(text: string): string {
  let out = '"';
  for (const ch of text) {
    const short = SHORT_ESCAPES[ch];
    if (short !== undefined) out += short;
    else if (PRINTABLE.test(ch)) out += ch;
    else {
      const cp = ch.codePointAt(0)!;
      out +=
        cp < 0x80
          ? `\\x${cp.toString(16).padStart(2, '0')}`
          : cp < 0x10000
            ? `\\u${cp.toString(16).padStart(4, '0')}`
            : `\\U${cp.toString(16).padStart(8, '0')}`;
    }
  }
  return `${out}"`;
}
