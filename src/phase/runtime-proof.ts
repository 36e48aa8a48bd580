// The runtime-evidence/v1 close receipt: what its expectations (sealed in a
// run's metadata) must be, and the check of a receipt file against them, the
// run and the host. The receipt file is read once (regular, not a symlink,
// at most 256 KiB), its SHA-256 must be the artifact's recorded hash, and
// every field must hold; anything else fails closed with a reason.
import { closeSync, constants, fstatSync, lstatSync, openSync, readSync } from 'node:fs';
import { isAbsolute, normalize } from 'node:path';

const MAX_RECEIPT_BYTES = 256 * 1024;
const MAX_ARTIFACT_BYTES = 512 * 1024 * 1024;
const MAX_AGE_SECONDS = 24 * 3600;
const DIGEST = /^sha256:[0-9a-f]{64}$/;
const GIT_HEAD = /^[0-9a-f]{40,64}$/;
const FAILURE_CLASSES = ['startup', 'dependency_injection', 'connection', 'projection_catchup'];
const NOT_APPLICABLE_ALLOWED = new Set(['dependency_injection', 'connection', 'projection_catchup']);

export interface Expectations {
  expected_build_path: string;
  expected_installed_path: string;
  required_subsystems: string[];
  not_applicable_failure_classes?: Record<string, boolean> | null;
  required_assertions: string[];
  expected_surfaces: string[];
  required_resources: { kind: string; ownership: string }[];
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);
const strings = (v: unknown): v is string[] => Array.isArray(v) && v.every((s) => typeof s === 'string');
const blankOrDuplicate = (values: readonly string[]) => values.some((v) => v === '') || new Set(values).size !== values.length;
const sameSet = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && [...a].sort().every((v, i) => v === [...b].sort()[i]);
const clean = (p: string) => normalize(p).replace(/(.)\/$/, '$1');

const EXPECTATION_KEYS = new Set([
  'expected_build_path',
  'expected_installed_path',
  'required_subsystems',
  'not_applicable_failure_classes',
  'required_assertions',
  'expected_surfaces',
  'required_resources',
]);

/** Why a value is not a set of expectations (Go's decoder refuses unknown fields), or undefined when it is. */
export function validateExpectations(raw: unknown): string | undefined {
  if (!isObj(raw)) return 'must be an object';
  for (const key of Object.keys(raw)) if (!EXPECTATION_KEYS.has(key)) return `unknown field "${key}"`;
  const e = raw as Partial<Expectations>;
  const build = typeof e.expected_build_path === 'string' ? e.expected_build_path : '';
  const installed = typeof e.expected_installed_path === 'string' ? e.expected_installed_path : '';
  if (!isAbsolute(build) || !isAbsolute(installed)) return 'expected build and installed paths must be absolute';
  if (clean(build) === clean(installed)) return 'expected build and installed paths must be distinct';
  const list = (v: unknown, what: string) =>
    !strings(v) || v.length === 0 || blankOrDuplicate(v) ? `${what} must be non-empty and unique` : undefined;
  const bad =
    list(e.required_subsystems, 'required subsystems') ??
    list(e.required_assertions, 'required assertions') ??
    list(e.expected_surfaces, 'expected surfaces');
  if (bad) return bad;
  const na = e.not_applicable_failure_classes;
  if (na != null) {
    if (!isObj(na)) return 'not_applicable_failure_classes must be an object';
    for (const [cls, allowed] of Object.entries(na))
      if (allowed !== true || !NOT_APPLICABLE_ALLOWED.has(cls)) return `invalid NOT_APPLICABLE failure class "${cls}"`;
  }
  if (!Array.isArray(e.required_resources) || e.required_resources.length === 0) return 'required resources must be non-empty';
  for (const r of e.required_resources as unknown[]) {
    const o = isObj(r) ? r : {};
    if (o.kind !== 'port' && o.kind !== 'path') return `required resource kind "${String(o.kind)}" is unverifiable`;
    if (o.ownership !== 'ephemeral' && o.ownership !== 'exclusive')
      return `required resource ownership "${String(o.ownership)}" is not isolated`;
  }
  return undefined;
}

/** A regular file read once, not through a symlink, at most `limit` bytes. */
function readRegular(path: string, limit: number): Buffer {
  if (!isAbsolute(path)) throw new Error(`"${path}" is not an absolute path`);
  const st = lstatSync(path);
  if (!st.isFile()) throw new Error(`"${path}" is not a regular file`);
  if (st.size > limit) throw new Error(`"${path}" is too large`);
  const fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  try {
    const opened = fstatSync(fd);
    if (!opened.isFile() || opened.ino !== st.ino || opened.dev !== st.dev)
      throw new Error(`"${path}" changed between inspection and open`);
    const buf = Buffer.alloc(Math.min(opened.size, limit) + 1);
    let n = 0;
    for (;;) {
      const got = readSync(fd, buf, n, buf.length - n, null);
      if (got === 0) break;
      n += got;
      if (n > limit) throw new Error(`"${path}" is too large`);
      if (n === buf.length) break;
    }
    return buf.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

// crypto and os are loaded only when a receipt is checked: every gate check and
// advance reaches this module, and crypto alone pulls ~40 of Node's modules
// (its streams), about 10 ms of start-up.
function sha(b: Buffer | string): string {
  const { createHash } = require('node:crypto') as typeof import('node:crypto');
  return `sha256:${createHash('sha256').update(b).digest('hex')}`;
}

function hostname(): string {
  return (require('node:os') as typeof import('node:os')).hostname();
}

function gitHead(root: string): string {
  const { execFileSync } = require('node:child_process') as typeof import('node:child_process');
  return execFileSync('git', ['-C', root, 'rev-parse', 'HEAD'], { timeout: 2000, stdio: ['ignore', 'pipe', 'ignore'] })
    .toString()
    .trim();
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
function time(value: unknown, what: string): number {
  if (typeof value !== 'string' || !RFC3339.test(value)) throw new Error(`runtime evidence ${what} is not an RFC 3339 time`);
  return Date.parse(value) / 1000;
}

export interface ReceiptCheck {
  beadId: string;
  runId: string;
  projectRoot: string;
  artifactHash: string;
  runCreatedAt: number;
  now: number;
  expectations: Expectations;
}

/** Checks a receipt file; returns its proof hash, or throws why it does not prove the run. */
export function verifyReceipt(path: string, c: ReceiptCheck): string {
  if (!c.beadId || !c.runId || !isAbsolute(c.projectRoot))
    throw new Error('runtime evidence: expected bead, run, and absolute project root are required');
  if (!DIGEST.test(c.artifactHash)) throw new Error('runtime evidence: expected artifact content hash is invalid');
  const bytes = readRegular(path, MAX_RECEIPT_BYTES);
  const proof = sha(bytes);
  if (proof !== c.artifactHash) throw new Error('runtime evidence content hash mismatch');
  const r = JSON.parse(bytes.toString('utf8')) as Obj;
  const get = (o: unknown, k: string): Obj => (isObj(o) && isObj(o[k]) ? (o[k] as Obj) : {});
  if (r.schema_version !== 1) throw new Error('runtime evidence schema_version must be 1');
  const subject = get(r, 'subject');
  if (subject.bead_id !== c.beadId || subject.run_id !== c.runId || subject.project_root !== c.projectRoot)
    throw new Error('runtime evidence subject mismatch');
  const created = time(subject.created_at, 'created_at');
  if (c.now - created > MAX_AGE_SECONDS) throw new Error('runtime evidence is stale');
  if (created < c.runCreatedAt) throw new Error('runtime evidence predates run');
  if (created > c.now + 60) throw new Error('runtime evidence created_at is in the future');
  if (subject.host !== hostname()) throw new Error('runtime evidence host mismatch');
  const head = gitHead(c.projectRoot);
  if (!GIT_HEAD.test(head) || subject.git_head !== head) throw new Error('runtime evidence git_head mismatch');

  const e = c.expectations;
  const a = get(r, 'artifact');
  if (a.kind !== 'file') throw new Error('runtime evidence artifact kind is unsupported');
  const build = String(a.build_path ?? '');
  const installed = String(a.installed_path ?? '');
  if (!isAbsolute(build) || !isAbsolute(installed)) throw new Error('runtime evidence build_path and installed_path must be absolute');
  if (
    clean(build) !== clean(e.expected_build_path) ||
    clean(installed) !== clean(e.expected_installed_path) ||
    clean(build) === clean(installed)
  )
    throw new Error('runtime evidence artifact paths mismatch');
  const buildDigest = sha(readRegular(build, MAX_ARTIFACT_BYTES));
  const installedDigest = sha(readRegular(installed, MAX_ARTIFACT_BYTES));
  if (
    a.build_digest !== buildDigest ||
    a.installed_digest !== installedDigest ||
    a.runtime_digest !== installedDigest ||
    buildDigest !== installedDigest
  )
    throw new Error('runtime evidence artifact digests mismatch');

  const boot = get(r, 'boot');
  if (boot.started_for_probe !== true || typeof boot.process_id !== 'number' || boot.process_id <= 0)
    throw new Error('runtime evidence boot is not a probe');
  const started = time(boot.started_at, 'boot.started_at');
  if (started < c.runCreatedAt || started > created) throw new Error('runtime evidence boot.started_at is outside run/receipt chronology');
  if (!boot.instance_nonce || boot.observed_nonce !== boot.instance_nonce) throw new Error('runtime evidence boot nonce mismatch');
  if (boot.state !== 'VERIFIED') throw new Error('runtime evidence boot.state is not VERIFIED');

  const health = get(r, 'health');
  const subsystems = strings(health.required_subsystems) ? health.required_subsystems : [];
  if (subsystems.length === 0 || blankOrDuplicate(subsystems) || !sameSet(subsystems, e.required_subsystems))
    throw new Error('runtime evidence required subsystems do not match');
  const observed = get(health, 'observed');
  if (subsystems.some((s) => observed[s] !== 'healthy')) throw new Error('runtime evidence subsystem is not healthy');
  const classes = get(health, 'failure_classes');
  if (Object.keys(classes).length !== FAILURE_CLASSES.length) throw new Error('runtime evidence must report all four failure classes');
  for (const cls of FAILURE_CLASSES) {
    const state = classes[cls];
    if (cls === 'startup' && state !== 'VERIFIED') throw new Error('runtime evidence startup is not VERIFIED');
    if (state === 'NOT_APPLICABLE' && e.not_applicable_failure_classes?.[cls] !== true)
      throw new Error(`runtime evidence failure class ${cls} is NOT_APPLICABLE without authorization`);
    if (state !== 'VERIFIED' && state !== 'NOT_APPLICABLE') throw new Error(`runtime evidence failure class ${cls} is not verified`);
  }

  const event = get(r, 'event');
  if (!event.event_id || event.observed_event_id !== event.event_id) throw new Error('runtime evidence event correlation mismatch');
  if (!DIGEST.test(String(event.before_digest)) || !DIGEST.test(String(event.after_digest)) || event.before_digest === event.after_digest)
    throw new Error('runtime evidence event state digests are invalid');
  const assertions = Array.isArray(event.assertions) ? (event.assertions as unknown[]) : [];
  const names = assertions
    .map((x) => (isObj(x) ? x : {}))
    .map((x) => {
      if (!x.name || !x.evidence || x.state !== 'VERIFIED') throw new Error('runtime evidence assertion is not VERIFIED with evidence');
      return String(x.name);
    });
  if (names.length === 0 || blankOrDuplicate(names) || !sameSet(names, e.required_assertions))
    throw new Error('runtime evidence required assertions do not match');

  const scan = get(r, 'surface_scan');
  const expected = strings(scan.expected) ? scan.expected : [];
  const seen = strings(scan.observed) ? scan.observed : [];
  if (!Array.isArray(scan.missing) || !Array.isArray(scan.unexpected)) throw new Error('runtime evidence surface scan is incomplete');
  if (expected.length === 0 || blankOrDuplicate(expected) || blankOrDuplicate(seen) || !sameSet(expected, e.expected_surfaces))
    throw new Error('runtime evidence expected surfaces do not match');
  if (scan.missing.length || scan.unexpected.length || !sameSet(expected, seen)) throw new Error('runtime evidence surface scan mismatch');

  const iso = get(r, 'isolation');
  const resources = Array.isArray(iso.resources) ? (iso.resources as unknown[]).map((x) => (isObj(x) ? x : {})) : [];
  if (resources.length === 0 || !Array.isArray(iso.collisions) || iso.collisions.length)
    throw new Error('runtime evidence isolation failed');
  const prints = new Set<string>();
  for (const res of resources) {
    if ((res.kind !== 'port' && res.kind !== 'path') || (res.ownership !== 'ephemeral' && res.ownership !== 'exclusive'))
      throw new Error('runtime evidence resource is not isolated');
    if (!DIGEST.test(String(res.fingerprint)) || prints.has(String(res.fingerprint)))
      throw new Error('runtime evidence resource fingerprint is invalid');
    prints.add(String(res.fingerprint));
  }
  const scope = (list: Obj[]) => list.map((x) => `${String(x.kind)}\0${String(x.ownership)}`);
  if (!sameSet(scope(resources), scope(e.required_resources as unknown as Obj[])))
    throw new Error('runtime evidence required resources do not match');

  const remaining = get(r, 'cleanup').owned_resources_remaining;
  if (!Array.isArray(remaining) || remaining.length) throw new Error('runtime evidence cleanup incomplete');
  return proof;
}
