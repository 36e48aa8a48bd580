// The secret rule (contract v6, 5.2): a state payload whose string values look
// like credentials is refused, because state ends up in logs and backups. The
// error names the kind and the place, never a byte of the value.
import { FailureError } from '../cli/errors';

// `\s` of the contract (and of Go's RE2) is exactly these five; JavaScript's
// own `\s` would also take \v, NBSP and other Unicode spaces.
const SPACE = '[ \\t\\n\\r\\f]';
const NOT_SPACE = '[^ \\t\\n\\r\\f]';

// Flags `iu`: case-insensitive with Unicode simple case folding, as Go's (?i)
// does (so the Kelvin sign matches `k`, and `ſ` matches `s`). No `m` flag:
// `^` is the start of the string only. `u` also makes `{8,}` count code
// points, as RE2 counts runes.
const SECRET_PATTERNS: readonly { kind: string; pattern: RegExp }[] = [
  { kind: 'API key', pattern: /^(sk|pk|rk|ak)[-_][a-zA-Z0-9]{20,}/iu },
  { kind: 'GitHub token', pattern: /^(ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9_]{30,}/iu },
  { kind: 'Slack token', pattern: /^xox[bpras]-[A-Za-z0-9-]{20,}/iu },
  { kind: 'JWT', pattern: /^eyJ[A-Za-z0-9_-]{20,}\.[A-Za-z0-9_-]{20,}\./iu },
  { kind: 'AWS access key id', pattern: /^AKIA[0-9A-Z]{16}/iu },
  { kind: 'private key', pattern: /^-----BEGIN (RSA |EC |DSA |OPENSSH )?PRIVATE KEY/iu },
  {
    kind: 'secret assignment',
    pattern: new RegExp(
      `(password|passwd|secret|token|api_key|apikey|api-key|access_key|private_key)${SPACE}*[:=]${SPACE}*${NOT_SPACE}{8,}`,
      'iu',
    ),
  },
];

/** The kind of secret a string looks like (the first pattern that matches), if any. */
export function secretKind(text: string): string | undefined {
  for (const { kind, pattern } of SECRET_PATTERNS) if (pattern.test(text)) return kind;
  return undefined;
}

/** A place in the document: a segment (`.a`, `[2]`, `["a b"]`) under its parent. */
interface PathStep {
  readonly parent: PathStep | undefined;
  readonly segment: string;
}

// Keys that are identifiers print as `.key`; any other key prints JSON-quoted
// in brackets, `["a b"]`, `[""]`, `["a.b"]`, so a path reads back unambiguously
// (array indexes are bare digits in brackets, object keys always quoted there).
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

function keySegment(key: string): string {
  return IDENTIFIER.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
}

function pathText(step: PathStep | undefined): string {
  const segments: string[] = [];
  for (let s = step; s !== undefined; s = s.parent) segments.push(s.segment);
  return `$${segments.reverse().join('')}`;
}

/**
 * The first string value (in document order) that looks like a secret, and
 * where it is. Walks a parsed JSON value: every string at any depth, the
 * top-level one included; object keys, numbers, booleans and null never.
 * Iterative, so hostile nesting cannot overflow the call stack.
 */
export function findSecret(value: unknown): { kind: string; path: string } | undefined {
  const pending: { value: unknown; at: PathStep | undefined }[] = [{ value, at: undefined }];
  while (pending.length > 0) {
    const { value: current, at } = pending.pop()!;
    if (typeof current === 'string') {
      const kind = secretKind(current);
      if (kind !== undefined) return { kind, path: pathText(at) };
    } else if (Array.isArray(current)) {
      for (let i = current.length - 1; i >= 0; i--) pending.push({ value: current[i], at: { parent: at, segment: `[${i}]` } });
    } else if (current !== null && typeof current === 'object') {
      const keys = Object.keys(current);
      for (let i = keys.length - 1; i >= 0; i--) {
        const key = keys[i]!;
        pending.push({ value: (current as Record<string, unknown>)[key], at: { parent: at, segment: keySegment(key) } });
      }
    }
  }
  return undefined;
}

/** Thrown for a payload that holds a likely secret: exit 2, nothing written. */
export class SecretInPayloadError extends FailureError {
  constructor(
    readonly kind: string,
    readonly path: string,
  ) {
    super(`payload contains a likely secret (${kind} at ${path}); store variable names for provenance, not secret values`);
    this.name = 'SecretInPayloadError';
  }
}

/** Throws SecretInPayloadError if any string value of the parsed payload looks like a secret. */
export function checkNoSecret(value: unknown): void {
  const found = findSecret(value);
  if (found !== undefined) throw new SecretInPayloadError(found.kind, found.path);
}
