// The files an agent leaves beside its output, and the live state file the
// dispatch script keeps while it runs. A file that is missing or unreadable
// is simply not there yet: it never fails a poll.
import { readFileSync } from 'node:fs';

function readText(path: string | null | undefined): string | undefined {
  if (!path) return undefined;
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

export interface Verdict {
  status?: string;
  summary?: string;
}

/** `STATUS: <s>` and `SUMMARY: <text>` lines of the verdict file. */
export function readVerdict(path: string | null | undefined): Verdict | undefined {
  const text = readText(path);
  if (text === undefined) return undefined;
  const verdict: Verdict = {};
  for (const line of text.split('\n')) {
    if (line.startsWith('STATUS: ') && verdict.status === undefined) verdict.status = line.slice(8).trim();
    if (line.startsWith('SUMMARY: ') && verdict.summary === undefined) verdict.summary = line.slice(9).trim();
  }
  return verdict.status === undefined && verdict.summary === undefined ? undefined : verdict;
}

/** `Tokens: <in> in / <out> out` from `<output>.summary`. */
export function readTokens(output: string | null | undefined): { in: number; out: number } | undefined {
  const text = readText(output ? `${output}.summary` : undefined);
  const m = text?.match(/^Tokens: (\d+) in \/ (\d+) out\s*$/m);
  return m ? { in: Number(m[1]), out: Number(m[2]) } : undefined;
}

export interface LiveCounters {
  turns?: number;
  commands?: number;
  messages?: number;
}

export const liveStatePath = (pid: number) => `/tmp/clavain-dispatch-${pid}.json`;

/** The counters of a running agent, from /tmp/clavain-dispatch-<pid>.json. */
export function readLiveCounters(pid: number): LiveCounters | undefined {
  const text = readText(liveStatePath(pid));
  if (text === undefined) return undefined;
  try {
    const json = JSON.parse(text) as Record<string, unknown>;
    const counters: LiveCounters = {};
    for (const key of ['turns', 'commands', 'messages'] as const) {
      if (Number.isInteger(json[key])) counters[key] = json[key] as number;
    }
    return counters;
  } catch {
    return undefined; // half-written: the next poll reads it again
  }
}

/** 0 for a pass or warn verdict, -1 when there is none, 1 for fail (or any other status). */
export function exitCodeFor(verdict: Verdict | undefined): number {
  if (verdict?.status === undefined) return -1;
  return verdict.status === 'pass' || verdict.status === 'warn' ? 0 : 1;
}
