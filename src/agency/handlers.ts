// agency load, validate, show and capabilities. The YAML parser is loaded
// with this module (spec.ts), so only by these commands.
import { closeSync, constants, fstatSync, openSync, readFileSync, readdirSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { addAgencyAction, agencyRunExists, agencyStateGet } from '../../generated/db/queries/agency';
import { putState } from '../../generated/db/queries/state';
import { DEFAULT_CHAIN } from '../../generated/phases';
import type {
  AgencyCapabilitiesArgs,
  AgencyCapabilitiesData,
  AgencyLoadArgs,
  AgencyLoadData,
  AgencyShowArgs,
  AgencyShowData,
  AgencyValidateArgs,
  AgencyValidateData,
} from '../../generated/types';
import type { Context, DbContext } from '../cli/context';
import { NotFoundError, UsageError } from '../cli/errors';
import { utf8Text } from '../cli/stdio';
import { toJson } from '../format/json';
import {
  type AgencySpec,
  KNOWN_STAGES,
  MAX_SPEC_BYTES,
  SpecParseError,
  capabilitiesJson,
  gatesJson,
  isStage,
  modelJson,
  parseSpec,
  specJson,
  validateSpec,
} from './spec';

/** A spec file that cannot be read or parsed, or is invalid: exit 1, one line naming the file. */
class SpecFileError extends NotFoundError {
  constructor(file: string, why: string) {
    super(`${file}: ${why}`);
    this.name = 'SpecFileError';
  }
}

/** The text of a spec file: a regular file (opened without blocking), at most MAX_SPEC_BYTES, UTF-8. */
function readSpecFile(path: string): string {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new Error(code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : (err as Error).message);
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw new Error('not a regular file');
    if (stat.size > MAX_SPEC_BYTES) throw new Error(`larger than ${MAX_SPEC_BYTES} bytes`);
    return utf8Text(readFileSync(fd), basename(path));
  } finally {
    closeSync(fd);
  }
}

/** Reads and parses one spec file; any failure is a SpecFileError naming it. */
function loadSpecFile(path: string, shown: string): AgencySpec {
  try {
    return parseSpec(readSpecFile(path));
  } catch (err) {
    if (err instanceof SpecParseError) throw new SpecFileError(shown, `parse: ${err.message}`);
    throw new SpecFileError(shown, (err as Error).message.split('\n')[0]!);
  }
}

function stagePath(ctx: Context, specDir: string, stage: string): string {
  return join(resolve(ctx.cwd, specDir), `${stage}.yaml`);
}

interface Loaded {
  stage: string;
  spec: AgencySpec;
}

export function load(ctx: DbContext, args: AgencyLoadArgs): AgencyLoadData {
  if (args.stage !== 'all' && !isStage(args.stage)) {
    throw new UsageError(`unknown stage ${JSON.stringify(args.stage)}; want one of: ${KNOWN_STAGES.join(', ')}, or all`);
  }
  const stages = args.stage === 'all' ? [...KNOWN_STAGES] : [args.stage];
  // Every spec is read and checked before anything is written.
  const loaded: Loaded[] = stages.map((stage) => {
    const spec = loadSpecFile(stagePath(ctx, args.spec_dir, stage), `${stage}.yaml`);
    const problems = validateSpec(spec, DEFAULT_CHAIN);
    if (problems.length) throw new SpecFileError(`${stage}.yaml`, `invalid: ${problems.join('; ')}`);
    return { stage, spec };
  });
  ctx.write((tx) => {
    if (!agencyRunExists(tx.db, { id: args.run })?.found) throw new NotFoundError(`run not found: ${args.run}`);
    const state = (key: string, value: object) =>
      putState(tx.db, { key, scope_id: args.run, payload: toJson(value), updated_at: tx.now, expires_at: null });
    for (const { stage, spec } of loaded) {
      for (const a of spec.agents ?? []) {
        addAgencyAction(tx.db, {
          run_id: args.run,
          phase: a.phase,
          command: a.command,
          args: a.args.length ? JSON.stringify(a.args) : null,
          mode: a.mode || 'interactive',
          priority: a.priority,
          now: tx.now,
        });
      }
      for (const phase of Object.keys(spec.models).sort()) state(`agency.models.${phase}`, modelJson(spec.models[phase]!));
      if (spec.gates.entry.length || spec.gates.exit.length) {
        for (const phase of spec.meta.phases ?? []) state(`agency.gates.${phase}`, gatesJson(spec.gates));
      }
      if (Object.keys(spec.capabilities).length) state(`agency.capabilities.${stage}`, capabilitiesJson(spec.capabilities));
    }
  });
  const counts = loaded.map(({ stage, spec }) => ({
    stage,
    agents: spec.agents?.length ?? 0,
    models: Object.keys(spec.models).length,
    gates: spec.gates.entry.length + spec.gates.exit.length,
  }));
  return { stages: counts, lines: counts.map((c) => toJson(c)).join('\n') };
}

export function validate(ctx: Context, args: AgencyValidateArgs): AgencyValidateData {
  const files: { path: string; name: string }[] = [];
  if (args.file !== undefined) files.push({ path: resolve(ctx.cwd, args.file), name: basename(args.file) });
  if (args.all) {
    if (args.spec_dir === undefined) throw new UsageError('--spec-dir is required with --all');
    const dir = resolve(ctx.cwd, args.spec_dir);
    let names: string[];
    try {
      names = readdirSync(dir).filter((n) => n.endsWith('.yaml'));
    } catch {
      names = []; // as Go's Glob: a directory that cannot be read matches nothing
    }
    for (const name of names.sort()) files.push({ path: join(dir, name), name });
  }
  if (files.length === 0) throw new UsageError('give a spec file, or --all --spec-dir=<dir>');
  // Go's order: each file in turn; a valid one is a PASS line on stdout, any
  // other one line on stderr naming the file and its problems.
  const passed: { name: string }[] = [];
  let failed = 0;
  for (const { path, name } of files) {
    let problems: string[];
    try {
      problems = validateSpec(loadSpecFile(path, name), DEFAULT_CHAIN);
    } catch (err) {
      problems = [(err as Error).message.replace(`${name}: `, '')];
    }
    if (problems.length === 0) passed.push({ name });
    else {
      failed++;
      ctx.stderr(`ic: ${ctx.path}: ${name}: ${problems.join('; ')}`);
    }
  }
  return { passed, failed };
}

export function show(ctx: Context, args: AgencyShowArgs): AgencyShowData {
  // A stage names a file in the directory, never a path out of it.
  if (!/^[A-Za-z0-9][A-Za-z0-9_-]*$/.test(args.stage)) throw new UsageError(`invalid stage name ${JSON.stringify(args.stage)}`);
  const spec = loadSpecFile(stagePath(ctx, args.spec_dir, args.stage), `${args.stage}.yaml`);
  return { json: toJson(specJson(spec)) };
}

export function capabilities(ctx: DbContext, args: AgencyCapabilitiesArgs): AgencyCapabilitiesData {
  const now = ctx.now();
  const parts: string[] = [];
  for (const stage of [...KNOWN_STAGES].sort()) {
    const row = agencyStateGet(ctx.db, { key: `agency.capabilities.${stage}`, scope_id: args.run_id, now });
    if (row) parts.push(`${JSON.stringify(stage)}:${row.payload}`);
  }
  return { json: `{${parts.join(',')}}` };
}
