// Checks of flag values the spec names (`check: action.<fn>`): each takes the
// value given and returns what the handler gets, or throws a usage error.
import { UsageError } from '../cli/errors';

/** An action as run create --actions gives it: the phase it belongs to and the command it asks for. */
export interface ActionSpec {
  phase: string;
  command: string;
  /** The arguments, a JSON array as text (stored as given). */
  args?: string;
  mode?: string;
  type?: string;
}

const PHASE_NAME = /^[A-Za-z0-9_-]+$/;

/** Why a text is not a JSON array, or undefined when it is one. */
function notJsonArray(text: string): string | undefined {
  try {
    return Array.isArray(JSON.parse(text)) ? undefined : 'want a JSON array';
  } catch (err) {
    return `not JSON (${(err as Error).message})`;
  }
}

/** --args: the command's arguments, a JSON array (its strings may hold ${...} placeholders), kept as written. */
export function argsFlag(text: string): string {
  const why = notJsonArray(text);
  if (why) throw new UsageError(`invalid --args value: ${why}`);
  return text;
}

/**
 * run create --actions: {"<phase>": {"command": c, "args": a, "mode": m, "type": t}}
 * (Go's shape: args the text of a JSON array; an array itself is taken too).
 * Whether each phase is in the run's chain is checked by run create.
 */
export function actionsFlag(value: Record<string, unknown>): ActionSpec[] {
  return Object.entries(value).map(([phase, raw]) => {
    const bad = (why: string) => new UsageError(`invalid --actions value: ${JSON.stringify(phase)}: ${why}`);
    if (!PHASE_NAME.test(phase)) throw bad('not a phase name ([A-Za-z0-9_-]+)');
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw bad('want an object {"command": ...}');
    const o = raw as Record<string, unknown>;
    if (typeof o.command !== 'string' || o.command === '') throw bad('"command" must be a non-empty string');
    for (const key of ['mode', 'type'] as const)
      if (o[key] !== undefined && o[key] !== null && typeof o[key] !== 'string') throw bad(`"${key}" must be a string`);
    let args: string | undefined;
    if (Array.isArray(o.args)) args = JSON.stringify(o.args);
    else if (typeof o.args === 'string') {
      const why = notJsonArray(o.args);
      if (why) throw bad(`"args": ${why}`);
      args = o.args;
    } else if (o.args !== undefined && o.args !== null) throw bad('"args" must be a JSON array or its text');
    return {
      phase,
      command: o.command,
      ...(args !== undefined && { args }),
      ...(typeof o.mode === 'string' && o.mode !== '' && { mode: o.mode }),
      ...(typeof o.type === 'string' && o.type !== '' && { type: o.type }),
    };
  });
}
