// Agency specs: one YAML file per macro-stage (discover, design, build,
// ship, reflect) saying which agents a stage's phases dispatch, the models,
// tools, artifacts, gates, budget and capabilities. Read here with Go's
// types (yaml.v3 into Go structs: unknown keys ignored, a value of the wrong
// kind refused), checked with Go's rules against the default chain, and
// written back as Go's encoding/json writes those structs.
//
// YAML is parsed by the `yaml` package, imported by this module alone (and
// so loaded only by the agency commands). Hostile input is bounded: at most
// 1 MiB of text, at most MAX_ALIASES alias nodes (no exponential
// expansion), duplicate keys refused, and any parser failure (deep nesting
// included) is one line.
import { parseDocument } from 'yaml';

export const KNOWN_STAGES = ['discover', 'design', 'build', 'ship', 'reflect'] as const;
export type Stage = (typeof KNOWN_STAGES)[number];
export const isStage = (s: string): s is Stage => (KNOWN_STAGES as readonly string[]).includes(s);

export const KNOWN_CHECKS = [
  'agents_complete',
  'artifact_exists',
  'budget_not_exceeded',
  'children_at_phase',
  'upstreams_at_phase',
  'verdict_exists',
];
const MODES = ['interactive', 'autonomous', 'both'];
const CAPABILITY = /^[a-z][a-z0-9]*(\.[a-z][a-z0-9]*)*$/;

export const MAX_SPEC_BYTES = 1024 * 1024;
export const MAX_ALIASES = 100;
/**
 * How deep a spec may nest (flow brackets, or block levels by indentation).
 * Agency specs are a few levels deep; the parser recurses per level, and a
 * stack overflow deep inside it is not always a catchable RangeError (V8
 * can abort compiling a regular expression instead), so depth is bounded
 * before parsing.
 */
export const MAX_NESTING = 64;

/** The deepest nesting of a YAML text: flow brackets outside quotes and comments, and block indentation (in columns / 2). */
export function nestingDepth(text: string): number {
  let deepest = 0;
  let flow = 0;
  let quote: '"' | "'" | undefined;
  let lineStart = true;
  let indent = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quote) {
      if (ch === '\\' && quote === '"') i++;
      else if (ch === quote) quote = undefined;
      continue;
    }
    if (lineStart) {
      if (ch === ' ') {
        indent++;
        continue;
      }
      lineStart = false;
      deepest = Math.max(deepest, Math.ceil(indent / 2));
    }
    if (ch === '\n') {
      lineStart = true;
      indent = 0;
    } else if (ch === '#' && (i === 0 || /\s/.test(text[i - 1]!))) {
      const end = text.indexOf('\n', i);
      if (end === -1) break;
      i = end - 1;
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '[' || ch === '{') deepest = Math.max(deepest, ++flow);
    else if ((ch === ']' || ch === '}') && flow > 0) flow--;
  }
  return deepest;
}

export interface AgentEntry {
  phase: string;
  command: string;
  args: string[];
  mode: string;
  priority: number;
  description: string;
}
export interface ModelConfig {
  default: string;
  categories: Record<string, string>;
}
export interface GateRule {
  check: string;
  phase: string;
  tier: string;
  description: string;
}
export interface GateConfig {
  entry: GateRule[];
  exit: GateRule[];
}
export interface CapabilitySet {
  kernel: string[];
  filesystem: string[];
  dispatch: string[];
}
export interface ArtifactEntry {
  type: string;
  phase: string;
  description: string;
}
export interface AgencySpec {
  meta: { stage: string; description: string; phases: string[] | null };
  agents: AgentEntry[] | null;
  models: Record<string, ModelConfig>;
  tools: Record<string, { allow: string[]; deny: string[] }>;
  artifacts: { required: ArtifactEntry[]; produces: ArtifactEntry[] };
  gates: GateConfig;
  budget: { allocation: number; max_agents: number; warn_threshold: number };
  capabilities: Record<string, CapabilitySet>;
}

export class SpecParseError extends Error {}

// --- decoding: Go's struct types, from the parsed YAML ---------------------------

type Json = unknown;
const where = (path: string) => (path === '' ? 'the document' : path);

function isMap(v: Json): v is Record<string, Json> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function str(v: Json, path: string): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v); // yaml.v3 puts any scalar in a string
  throw new SpecParseError(`${where(path)}: want a string`);
}

function int(v: Json, path: string): number {
  if (v === null || v === undefined) return 0;
  if (typeof v === 'number' && Number.isSafeInteger(v)) return v;
  throw new SpecParseError(`${where(path)}: want an integer`);
}

function float(v: Json, path: string): number {
  if (v === null || v === undefined) return 0;
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  throw new SpecParseError(`${where(path)}: want a number`);
}

function list<T>(v: Json, path: string, item: (v: Json, path: string) => T): T[] | null {
  if (v === null || v === undefined) return null;
  if (!Array.isArray(v)) throw new SpecParseError(`${where(path)}: want a list`);
  return v.map((x, i) => item(x, `${path}[${i}]`));
}

function map<T>(v: Json, path: string, value: (v: Json, path: string) => T): Record<string, T> {
  if (v === null || v === undefined) return {};
  if (!isMap(v)) throw new SpecParseError(`${where(path)}: want a mapping`);
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, value(x, `${path}.${k}`)]));
}

function obj(v: Json, path: string): Record<string, Json> {
  if (v === null || v === undefined) return {};
  if (!isMap(v)) throw new SpecParseError(`${where(path)}: want a mapping`);
  return v;
}

const strings = (v: Json, path: string) => list(v, path, str) ?? [];

function gateRule(v: Json, path: string): GateRule {
  const o = obj(v, path);
  return {
    check: str(o.check, `${path}.check`),
    phase: str(o.phase, `${path}.phase`),
    tier: str(o.tier, `${path}.tier`),
    description: str(o.description, `${path}.description`),
  };
}

function artifact(v: Json, path: string): ArtifactEntry {
  const o = obj(v, path);
  return {
    type: str(o.type, `${path}.type`),
    phase: str(o.phase, `${path}.phase`),
    description: str(o.description, `${path}.description`),
  };
}

export function decodeSpec(doc: Json): AgencySpec {
  const root = obj(doc, '');
  const meta = obj(root.meta, 'meta');
  const artifacts = obj(root.artifacts, 'artifacts');
  const gates = obj(root.gates, 'gates');
  const budget = obj(root.budget, 'budget');
  return {
    meta: {
      stage: str(meta.stage, 'meta.stage'),
      description: str(meta.description, 'meta.description'),
      phases: list(meta.phases, 'meta.phases', str),
    },
    agents: list(root.agents, 'agents', (v, path) => {
      const o = obj(v, path);
      return {
        phase: str(o.phase, `${path}.phase`),
        command: str(o.command, `${path}.command`),
        args: strings(o.args, `${path}.args`),
        mode: str(o.mode, `${path}.mode`),
        priority: int(o.priority, `${path}.priority`),
        description: str(o.description, `${path}.description`),
      };
    }),
    models: map(root.models, 'models', (v, path) => {
      const o = obj(v, path);
      return { default: str(o.default, `${path}.default`), categories: map(o.categories, `${path}.categories`, str) };
    }),
    tools: map(root.tools, 'tools', (v, path) => {
      const o = obj(v, path);
      return { allow: strings(o.allow, `${path}.allow`), deny: strings(o.deny, `${path}.deny`) };
    }),
    artifacts: {
      required: list(artifacts.required, 'artifacts.required', artifact) ?? [],
      produces: list(artifacts.produces, 'artifacts.produces', artifact) ?? [],
    },
    gates: { entry: list(gates.entry, 'gates.entry', gateRule) ?? [], exit: list(gates.exit, 'gates.exit', gateRule) ?? [] },
    budget: {
      allocation: float(budget.allocation, 'budget.allocation'),
      max_agents: int(budget.max_agents, 'budget.max_agents'),
      warn_threshold: float(budget.warn_threshold, 'budget.warn_threshold'),
    },
    capabilities: map(root.capabilities, 'capabilities', (v, path) => {
      const o = obj(v, path);
      return {
        kernel: strings(o.kernel, `${path}.kernel`),
        filesystem: strings(o.filesystem, `${path}.filesystem`),
        dispatch: strings(o.dispatch, `${path}.dispatch`),
      };
    }),
  };
}

/** The YAML text of a spec file, parsed and decoded; throws SpecParseError with one line. */
export function parseSpec(text: string): AgencySpec {
  if (Buffer.byteLength(text, 'utf8') > MAX_SPEC_BYTES) throw new SpecParseError(`larger than ${MAX_SPEC_BYTES} bytes`);
  if (nestingDepth(text) > MAX_NESTING) throw new SpecParseError('nested too deeply');
  let value: Json;
  try {
    const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: true, strict: true });
    const problem = doc.errors[0];
    if (problem) {
      // The message without the parser's " at line L, column C:" and excerpt; the line in front, as Go says it.
      const line = problem.linePos?.[0]?.line;
      const message = problem.message
        .split('\n')[0]!
        .replace(/ at line \d+, column \d+:?$/, '')
        .trim();
      if (/call stack/i.test(message)) throw new SpecParseError('nested too deeply');
      throw new SpecParseError(`${line ? `line ${line}: ` : ''}${message}`);
    }
    value = doc.toJS({ maxAliasCount: MAX_ALIASES });
  } catch (err) {
    if (err instanceof SpecParseError) throw err;
    // The parser's own failures (an alias bomb, nesting deeper than the stack): one line.
    const message = err instanceof RangeError ? 'nested too deeply' : String((err as Error).message ?? err).split('\n')[0]!;
    throw new SpecParseError(message);
  }
  return decodeSpec(value ?? null);
}

// --- validation: Go's rules --------------------------------------------------------

/** The problems of a spec, as Go's Validate reports them (`field: message`), against the phases of the default chain. */
export function validateSpec(spec: AgencySpec, knownPhases: readonly string[]): string[] {
  const errs: string[] = [];
  const add = (field: string, message: string) => errs.push(`${field}: ${message}`);
  const known = new Set(knownPhases);
  if (spec.meta.stage === '') add('meta.stage', 'required');
  else if (!isStage(spec.meta.stage))
    add('meta.stage', `unknown stage ${JSON.stringify(spec.meta.stage)}; must be one of: ${KNOWN_STAGES.join(', ')}`);
  const phases = spec.meta.phases ?? [];
  if (phases.length === 0) add('meta.phases', 'required (at least one phase)');
  phases.forEach((p, i) => {
    if (!known.has(p)) add(`meta.phases[${i}]`, `unknown phase ${JSON.stringify(p)}`);
  });
  const own = new Set(phases);
  const seen = new Set<string>();
  (spec.agents ?? []).forEach((a, i) => {
    if (a.phase === '') add(`agents[${i}].phase`, 'required');
    else if (!own.has(a.phase)) add(`agents[${i}].phase`, `phase ${JSON.stringify(a.phase)} not in meta.phases`);
    if (a.command === '') add(`agents[${i}].command`, 'required');
    if (a.mode !== '' && !MODES.includes(a.mode))
      add(`agents[${i}].mode`, `unknown mode ${JSON.stringify(a.mode)}; must be interactive, autonomous, or both`);
    const key = JSON.stringify([a.phase, a.command]);
    if (seen.has(key)) add(`agents[${i}]`, `duplicate agent: phase=${JSON.stringify(a.phase)} command=${JSON.stringify(a.command)}`);
    seen.add(key);
  });
  for (const phase of Object.keys(spec.models).sort()) {
    if (!own.has(phase)) add(`models.${phase}`, `phase ${JSON.stringify(phase)} not in meta.phases`);
  }
  const rule = (prefix: string, g: GateRule) => {
    if (g.check === '') add(`${prefix}.check`, 'required');
    else if (!KNOWN_CHECKS.includes(g.check))
      add(`${prefix}.check`, `unknown check ${JSON.stringify(g.check)}; known: ${KNOWN_CHECKS.join(', ')}`);
    // A gate may name any phase of the chain (cross-stage artifact checks).
    if (g.phase !== '' && !known.has(g.phase)) add(`${prefix}.phase`, `phase ${JSON.stringify(g.phase)} is not a known kernel phase`);
    if (g.tier !== 'hard' && g.tier !== 'soft') add(`${prefix}.tier`, `must be "hard" or "soft", got ${JSON.stringify(g.tier)}`);
  };
  spec.gates.entry.forEach((g, i) => rule(`gates.entry[${i}]`, g));
  spec.gates.exit.forEach((g, i) => rule(`gates.exit[${i}]`, g));
  const fraction = (field: string, v: number) => {
    if (v < 0 || v > 1) add(field, `must be 0.0-1.0, got ${v.toFixed(6)}`);
  };
  fraction('budget.allocation', spec.budget.allocation);
  fraction('budget.warn_threshold', spec.budget.warn_threshold);
  for (const agent of Object.keys(spec.capabilities).sort()) {
    const caps = spec.capabilities[agent]!;
    for (const field of ['kernel', 'filesystem', 'dispatch'] as const) {
      caps[field].forEach((name, j) => {
        if (!CAPABILITY.test(name)) {
          add(
            `capabilities.${agent}.${field}[${j}]`,
            `capability ${JSON.stringify(name)} must be dot-separated lowercase (e.g. events.tail)`,
          );
        }
      });
    }
  }
  return errs;
}

// --- encoding: Go's encoding/json of the same structs ------------------------------

const sortedEntries = <T>(m: Record<string, T>) =>
  Object.keys(m)
    .sort()
    .map((k) => [k, m[k]!] as const);
const nonEmpty = <T>(v: T[]) => (v.length > 0 ? v : undefined);

/** A ModelConfig as Go marshals it (categories omitted when empty). */
export function modelJson(m: ModelConfig): object {
  const categories = sortedEntries(m.categories);
  return { default: m.default, categories: categories.length ? Object.fromEntries(categories) : undefined };
}

const gateRuleJson = (g: GateRule) => ({
  check: g.check,
  phase: g.phase || undefined,
  tier: g.tier,
  description: g.description || undefined,
});

/** A GateConfig as Go marshals it (each list omitted when empty). */
export function gatesJson(g: GateConfig): object {
  return { entry: nonEmpty(g.entry.map(gateRuleJson)), exit: nonEmpty(g.exit.map(gateRuleJson)) };
}

/** The capabilities map as Go marshals it (agents sorted, each list omitted when empty). */
export function capabilitiesJson(c: Record<string, CapabilitySet>): object {
  return Object.fromEntries(
    sortedEntries(c).map(([k, v]) => [
      k,
      { kernel: nonEmpty(v.kernel), filesystem: nonEmpty(v.filesystem), dispatch: nonEmpty(v.dispatch) },
    ]),
  );
}

const artifactJson = (a: ArtifactEntry) => ({ type: a.type, phase: a.phase, description: a.description || undefined });

/** The whole spec as Go marshals its Spec struct (agency show). */
export function specJson(s: AgencySpec): object {
  const models = sortedEntries(s.models);
  const tools = sortedEntries(s.tools);
  const caps = Object.keys(s.capabilities);
  return {
    meta: { stage: s.meta.stage, description: s.meta.description, phases: s.meta.phases },
    agents:
      s.agents?.map((a) => ({
        phase: a.phase,
        command: a.command,
        args: nonEmpty(a.args),
        mode: a.mode,
        priority: a.priority,
        description: a.description || undefined,
      })) ?? null,
    models: models.length ? Object.fromEntries(models.map(([k, v]) => [k, modelJson(v)])) : undefined,
    tools: tools.length ? Object.fromEntries(tools.map(([k, v]) => [k, { allow: nonEmpty(v.allow), deny: nonEmpty(v.deny) }])) : undefined,
    artifacts: { required: nonEmpty(s.artifacts.required.map(artifactJson)), produces: nonEmpty(s.artifacts.produces.map(artifactJson)) },
    gates: gatesJson(s.gates),
    budget: s.budget,
    capabilities: caps.length ? capabilitiesJson(s.capabilities) : undefined,
  };
}
