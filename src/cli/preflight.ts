// What must hold before any command runs, checked once at start so that a
// broken environment ends as one `ic: ` line, never as a trace halfway into a
// command:
//  - the working directory: process.cwd() throws when it was removed while
//    the caller sat in it (ENOENT), or when its path is longer than getcwd
//    can return (ERANGE). Node caches a successful process.cwd(), so once
//    this passes, later calls (the command context) cannot throw.
//  - the arguments are valid UTF-8. Node decodes argv as UTF-8 and replaces
//    invalid bytes with U+FFFD, so `ic state set $'\xff' s` and
//    `ic state set $'\xfe' s` would silently be the same key.
// What else ic reads before a command: process.argv, process.env (as a plain
// object: HOME, TMPDIR, LANG are not consulted at start; TMPDIR only when
// dispatch spawn names an output file, and os.tmpdir() does not throw), and
// the bundle next to bin/ic (bin/ic turns a failure to load it into one line).
// A bad NODE_OPTIONS stops node itself before any of ic runs (node's message, exit 9).
import { readFileSync } from 'node:fs';
import { Exit } from '../../generated/values';
import { firstLine } from './errors';

export type PreflightResult = { ok: true; cwd: string } | { ok: false; exit: typeof Exit.Error | typeof Exit.Usage; message: string };

/** Checks the working directory, then the arguments (process.argv by default). */
export function preflight(argv: readonly string[] = process.argv, readCmdline: () => Buffer = readOwnCmdline): PreflightResult {
  let cwd: string;
  try {
    cwd = process.cwd();
  } catch (err) {
    return { ok: false, exit: Exit.Error, message: `cannot use the working directory: ${cwdProblem(err as NodeJS.ErrnoException)}` };
  }
  const bad = invalidUtf8Argument(argv.slice(2), readCmdline);
  if (bad) return { ok: false, exit: Exit.Usage, message: `argument ${bad} is not valid UTF-8` };
  return { ok: true, cwd };
}

function cwdProblem(err: NodeJS.ErrnoException): string {
  switch (err?.code) {
    case 'ENOENT':
      return 'it no longer exists (cd to an existing directory)';
    case 'ERANGE':
    case 'ENAMETOOLONG':
      return 'its path is too long (cd to a shorter path)';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    default:
      return err?.code ?? firstLine(err);
  }
}

function readOwnCmdline(): Buffer {
  return readFileSync('/proc/self/cmdline');
}

/**
 * What an argument that was not valid UTF-8 looks like once Node decoded it:
 * every ill-formed sequence becomes U+FFFD (a lone surrogate would be the
 * mark of a decoder that passes them through, WTF-8 style). Arguments without
 * either are valid, so the common case costs one regexp test per argument
 * and no file read; a suspect argument is then checked against the raw bytes.
 */
const SUSPECT = /[\uFFFD\uD800-\uDFFF]/;

/** Made on first use: constructing it costs ~0.2 ms, which the common case must not pay. */
let strict: InstanceType<typeof TextDecoder> | undefined;

/**
 * The 1-based position of the first user argument that was not valid UTF-8
 * on the command line, or 0. `args` are the user's arguments (process.argv
 * without node and the script). The raw bytes come from /proc/self/cmdline:
 * NUL-terminated words, node's own first (the binary, any node flags, the
 * script), then the user's arguments, which are therefore its last
 * args.length words. Without /proc (or when it does not line up with argv)
 * an argument holding U+FFFD is refused: a literal U+FFFD typed by the user
 * is then refused too, the price of never merging two different byte keys.
 */
export function invalidUtf8Argument(args: readonly string[], readCmdline: () => Buffer = readOwnCmdline): number {
  const suspects: number[] = [];
  args.forEach((a, i) => {
    if (SUSPECT.test(a)) suspects.push(i);
  });
  if (!suspects.length) return 0;
  let raw = rawArguments(args.length, readCmdline);
  // The words must be these arguments: every unsuspect one reads the same.
  if (raw && args.some((a, i) => !SUSPECT.test(a) && raw![i]!.toString('utf8') !== a)) raw = undefined;
  for (const i of suspects) {
    if (!raw) return i + 1;
    try {
      (strict ??= new TextDecoder('utf-8', { fatal: true })).decode(raw[i]!);
    } catch {
      return i + 1;
    }
  }
  return 0;
}

/** The last `count` words of the command line, as bytes; undefined when /proc cannot say. */
function rawArguments(count: number, readCmdline: () => Buffer): Buffer[] | undefined {
  let cmdline: Buffer;
  try {
    cmdline = readCmdline();
  } catch {
    return undefined;
  }
  // Each word ends in a NUL, so the split ends with one empty piece.
  if (cmdline.length === 0 || cmdline[cmdline.length - 1] !== 0) return undefined;
  const words: Buffer[] = [];
  let from = 0;
  for (let at = cmdline.indexOf(0); at !== -1; at = cmdline.indexOf(0, from)) {
    words.push(cmdline.subarray(from, at));
    from = at + 1;
  }
  // At least node and the script come before the user's arguments.
  if (words.length < count + 2) return undefined;
  return words.slice(words.length - count);
}
