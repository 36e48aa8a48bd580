// cost baseline: tokens per landed change. The denominator is the landed
// changes (or, when there are none, the beads bd lists as closed); the
// tokens come from interstat's cost-query.sh. Both are other programs: each
// runs with a deadline, and the script must be the caller's own code.
import { spawnSync } from 'node:child_process';
import { readdirSync, realpathSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { landedBeadsSince } from '../../generated/db/queries/cost';
import type { CostBaselineArgs, CostBaselineData } from '../../generated/types';
import type { OptionalDbContext } from '../cli/context';
import { FailureError, IcError } from '../cli/errors';
import { foreign } from '../fs/trust';
import { isRegularFile, lstatOrUndefined } from '../fs/stat';
import { localDateTime } from '../format/time';
import { sinceTime } from '../session/checks';

const DAY = 86400;
const RUN_TIMEOUT_MS = 10_000;
const MAX_OUTPUT = 64 * 1024 * 1024;
/** The schema version that brought landed_changes. */
const LANDED_SINCE = 25;

export type TokenStats = CostBaselineData['stats'];

interface InterstatRow {
  bead_id: string;
  phase: string;
  agent: string;
  runs: number;
  tokens: number;
  input_tokens: number;
  output_tokens: number;
}

/** The newest x.y.z directory (by version, not by text) of the plugin cache holding scripts/cost-query.sh. */
function inPluginCache(cacheDir: string): string | undefined {
  let names: string[];
  try {
    names = readdirSync(cacheDir, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name);
  } catch {
    return undefined;
  }
  const versions = names
    .map((name) => ({ name, parts: /^(\d+)\.(\d+)\.(\d+)$/.exec(name)?.slice(1).map(Number) }))
    .filter((v): v is { name: string; parts: number[] } => v.parts !== undefined && v.parts.some((n) => n !== 0))
    .sort((a, b) => b.parts[0]! - a.parts[0]! || b.parts[1]! - a.parts[1]! || b.parts[2]! - a.parts[2]!);
  for (const v of versions) {
    const script = join(cacheDir, v.name, 'scripts', 'cost-query.sh');
    if (isRegularFile(script)) return script;
  }
  return undefined;
}

/** --script, else the copy beside ic, else the newest in the plugin cache. */
function findScript(ctx: OptionalDbContext, flag: string | undefined): string {
  if (flag) return resolve(ctx.cwd, flag);
  const candidates: (string | undefined)[] = [];
  try {
    const self = realpathSync(process.argv[1] ?? '');
    candidates.push(resolve(dirname(self), '../../interverse/interstat/scripts/cost-query.sh'));
  } catch {
    // ic's own path cannot be resolved: no copy beside it.
  }
  const home = ctx.env.HOME;
  if (home) candidates.push(inPluginCache(join(home, '.claude/plugins/cache/interagency-marketplace/interstat')));
  const found = candidates.find((c) => c !== undefined && isRegularFile(c));
  if (!found) throw new FailureError('interstat cost-query.sh not found (install the interstat plugin or use --script=<path>)');
  return found;
}

/** The script's real path, once it is a regular file that is the caller's (or root's) and that no one else may change. */
function trusted(script: string): string {
  let real: string;
  try {
    real = realpathSync(script);
  } catch {
    throw new FailureError(`${script}: no such file (use --script=<path to cost-query.sh>)`);
  }
  if (!isRegularFile(real)) throw new FailureError(`${script} is not a file`);
  for (const [at, isDir] of [
    [real, false],
    [dirname(real), true],
  ] as const) {
    const st = lstatOrUndefined(at);
    const why = st ? foreign(at, st, isDir) : `${at} cannot be examined`;
    if (why) throw new FailureError(`not running ${script}: ${why}`);
  }
  return real;
}

/** Runs a program for its stdout, with the deadline; a failure is exit 2 naming it. */
function output(what: string, file: string, args: string[], cwd: string): string {
  const r = spawnSync(file, args, {
    cwd,
    encoding: 'utf8',
    timeout: RUN_TIMEOUT_MS,
    maxBuffer: MAX_OUTPUT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const code = (r.error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') throw new FailureError(`${what}: ${file} not found in PATH`);
  if (code === 'ETIMEDOUT' || r.signal === 'SIGTERM') throw new FailureError(`${what}: no answer within ${RUN_TIMEOUT_MS / 1000}s`);
  if (r.error) throw new FailureError(`${what}: ${r.error.message}`);
  if (r.status !== 0) {
    const said = (r.stderr ?? '').trim().split('\n')[0];
    throw new FailureError(`${what} failed (exit ${r.status ?? r.signal})${said ? `: ${said}` : ''}`);
  }
  return r.stdout ?? '';
}

/** A JSON array of objects; "" and [] are none. Go's decoder: a field of the wrong type is an error. */
function parseArray(what: string, text: string): Record<string, unknown>[] {
  const trimmed = text.trim();
  if (trimmed === '' || trimmed === '[]') return [];
  let value: unknown;
  try {
    value = JSON.parse(trimmed);
  } catch {
    throw new FailureError(`${what}: the output is not JSON`);
  }
  if (value === null) return [];
  if (!Array.isArray(value) || value.some((v) => v !== null && (typeof v !== 'object' || Array.isArray(v)))) {
    throw new FailureError(`${what}: the output is not a JSON array of objects`);
  }
  return value.filter((v) => v !== null) as Record<string, unknown>[];
}

function field<T extends 'string' | 'number'>(
  what: string,
  row: Record<string, unknown>,
  key: string,
  type: T,
): T extends 'string' ? string : number {
  const v = row[key];
  if (v === undefined || v === null) return (type === 'string' ? '' : 0) as never;
  if (typeof v !== type || (type === 'number' && !Number.isInteger(v)))
    throw new FailureError(`${what}: "${key}" is not ${type === 'string' ? 'a string' : 'an integer'}`);
  return v as never;
}

function interstat(script: string, mode: string, cwd: string): InterstatRow[] {
  const what = `cost-query.sh ${mode}`;
  return parseArray(what, output(what, 'bash', [script, mode], cwd)).map((row) => ({
    bead_id: field(what, row, 'bead_id', 'string'),
    phase: field(what, row, 'phase', 'string'),
    agent: field(what, row, 'agent', 'string'),
    runs: field(what, row, 'runs', 'number'),
    tokens: field(what, row, 'tokens', 'number'),
    input_tokens: field(what, row, 'input_tokens', 'number'),
    output_tokens: field(what, row, 'output_tokens', 'number'),
  }));
}

/** Percentiles (nearest rank below, Go's index n·p/100), the mean (truncated) and the totals. */
export function tokenStats(values: number[], inputTotal: number, outputTotal: number): TokenStats {
  const n = values.length;
  if (n === 0) return { p50: 0, p90: 0, p95: 0, mean: 0, total: 0, input_total: 0, output_total: 0, count: 0 };
  const sorted = [...values].sort((a, b) => a - b);
  const at = (pct: number) => sorted[Math.min(Math.floor((n * pct) / 100), n - 1)]!;
  const total = sorted.reduce((a, b) => a + b, 0);
  return {
    p50: at(50),
    p90: at(90),
    p95: at(95),
    mean: Math.trunc(total / n),
    total,
    input_total: inputTotal,
    output_total: outputTotal,
    count: n,
  };
}

/** The closed beads of bd newer than the cutoff, latest closed first. */
function shippedBeads(cwd: string, cutoff: number): string[] {
  const what = 'bd list --status=closed';
  const beads = parseArray(what, output(what, 'bd', ['list', '--status=closed', '--json', '--limit', '0'], cwd)).map((b) => ({
    id: field(what, b, 'id', 'string'),
    closed_at: field(what, b, 'closed_at', 'string'),
  }));
  beads.sort((a, b) => (a.closed_at < b.closed_at ? 1 : a.closed_at > b.closed_at ? -1 : 0));
  return beads
    .filter((b) => {
      try {
        return sinceTime(b.closed_at) > cutoff;
      } catch (err) {
        if (err instanceof IcError) return false; // not an RFC 3339 time: skipped, as Go skips it
        throw err;
      }
    })
    .map((b) => b.id);
}

const sortedMap = <V>(entries: [string, V][]): Record<string, V> | undefined =>
  entries.length ? Object.fromEntries(entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : undefined;

export function baseline(ctx: OptionalDbContext, args: CostBaselineArgs): CostBaselineData {
  const last = args.last === 0 ? 50 : args.last;
  const days = args.days === 0 ? 30 : args.days;
  const script = trusted(findScript(ctx, args.script));
  const now = ctx.now();
  const cutoff = now - days * DAY;
  const result: CostBaselineData = {
    period: { days, start: localDateTime(cutoff).slice(0, 10), end: localDateTime(now).slice(0, 10) },
    landed_changes: 0,
    source: '',
    stats: tokenStats([], 0, 0),
  };
  if (args.by_agent) {
    result.by_agent = sortedMap(
      interstat(script, 'aggregate', ctx.cwd).map((r) => [
        r.agent,
        {
          ...tokenStats([], 0, 0),
          mean: r.runs ? Math.trunc(r.tokens / r.runs) : 0,
          total: r.tokens,
          input_total: r.input_tokens,
          output_total: r.output_tokens,
          count: r.runs,
        },
      ]),
    );
  }

  // The denominator: landed changes, else shipped beads.
  let beads: (string | null)[] = [];
  const opened = ctx.openIfExists();
  if (opened && opened.version >= LANDED_SINCE) beads = landedBeadsSince(opened.db, { since: cutoff }).map((r) => r.bead_id);
  if (beads.length > 0) {
    result.source = 'landed_changes';
  } else {
    result.source = 'shipped_beads';
    beads = shippedBeads(ctx.cwd, cutoff);
  }
  if (last > 0) beads = beads.slice(0, last);
  result.landed_changes = beads.length;
  if (beads.length === 0) return result;
  const ids = new Set(beads.filter((b): b is string => b !== null));

  let input = 0;
  let output_ = 0;
  const perBead: number[] = [];
  for (const r of interstat(script, 'by-bead', ctx.cwd)) {
    if (!ids.has(r.bead_id)) continue;
    perBead.push(r.tokens);
    input += r.input_tokens;
    output_ += r.output_tokens;
  }
  result.stats = tokenStats(perBead, input, output_);

  if (args.by_phase) {
    const phases = new Map<string, { tokens: number[]; input: number; output: number }>();
    for (const r of interstat(script, 'by-bead-phase', ctx.cwd)) {
      if (!ids.has(r.bead_id) || r.phase === '') continue;
      const p = phases.get(r.phase) ?? { tokens: [], input: 0, output: 0 };
      p.tokens.push(r.tokens);
      p.input += r.input_tokens;
      p.output += r.output_tokens;
      phases.set(r.phase, p);
    }
    result.by_phase = sortedMap([...phases].map(([phase, p]) => [phase, tokenStats(p.tokens, p.input, p.output)]));
  }
  return result;
}
