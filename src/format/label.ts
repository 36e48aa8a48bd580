// A label is a name a user gives (a lane, an owner, a scope, a pattern): one
// line of text, printed in tab-separated rows and one-line messages. A
// control character (a newline, a tab, an escape) would forge a row or a
// line, so it is refused before anything is written, as is a label too long
// to be a name.
import { UsageError } from '../cli/errors';

const CONTROL = /[\u0000-\u001f\u007f]/;

/** The label as given, or a usage error naming the flag: empty, a control character, or more than maxBytes UTF-8 bytes. */
export function checkLabel(flag: string, text: string, maxBytes: number): string {
  if (text === '') throw new UsageError(`${flag} must not be empty`);
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > maxBytes) throw new UsageError(`${flag} is ${bytes} bytes long; at most ${maxBytes}`);
  if (CONTROL.test(text)) throw new UsageError(`${flag} must be one line, without control characters`);
  return text;
}
