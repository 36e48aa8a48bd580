// The one way a generator writes code: tagged templates whose holes take
// typed pieces, never bare strings. A value of the spec becomes code only
// through `lit` (a TypeScript literal), `name` (a checked identifier),
// `shWord` (a quoted shell word), `cell` (a Markdown table cell) or
// `roffText` (text in the manual page), so escaping lives here and nowhere
// else. Generated TypeScript is then formatted by prettier
// (codegen/format.ts); bash, Markdown and roff are printed as written.

/** Printed code: text that is already safe where it stands. */
export class Code {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

/** What a hole of a template takes: code, lists of code (one per line), or nothing (false, null, undefined). */
export type Piece = Code | readonly Piece[] | false | null | undefined;

function print(piece: Piece): string {
  if (piece === false || piece === null || piece === undefined) return '';
  if (piece instanceof Code) return piece.text;
  return piece
    .map(print)
    .filter((t) => t !== '')
    .join('\n');
}

function tag(strings: TemplateStringsArray, pieces: Piece[]): Code {
  let out = strings[0]!;
  pieces.forEach((p, i) => (out += print(p) + strings[i + 1]!));
  return new Code(out);
}

/** TypeScript (or any code whose holes are already printed pieces). */
export const ts = (strings: TemplateStringsArray, ...pieces: Piece[]): Code => tag(strings, pieces);

/** Bash: values enter through shWord/name, never raw. */
export const sh = ts;

/** Markdown: values enter through cell/name, never raw. */
export const md = ts;

/** roff (the manual page): values enter through roffText, never raw. */
export const roff = ts;

/** Text known to be code already (an operator, a keyword chosen by the generator). */
export const raw = (text: string): Code => new Code(text);

/** Pieces joined by a separator (default: a newline). */
export const join = (pieces: readonly Piece[], separator = '\n'): Code =>
  new Code(
    pieces
      .map(print)
      .filter((t) => t !== '')
      .join(separator),
  );

/** An identifier (a variable, property, type or function name), checked. */
export function name(text: string): Code {
  if (!/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(text)) throw new Error(`codegen: not an identifier: ${JSON.stringify(text)}`);
  return new Code(text);
}

/** A dotted or bracketed property access: `d.${key}` for any key. */
export function prop(object: Code, key: string): Code {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? new Code(`${object.text}.${key}`) : new Code(`${object.text}[${lit(key).text}]`);
}

function quote(s: string): string {
  return `'${s
    .replace(/\\/g, '\\\\')
    .replace(/'/g, "\\'")
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r')
    .replace(/\t/g, '\\t')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029')}'`;
}

/** A TypeScript literal of a plain value: string, number, boolean, null, array or object. */
export function lit(value: unknown): Code {
  if (value === null) return new Code('null');
  if (value === undefined) return new Code('undefined');
  switch (typeof value) {
    case 'string':
      return new Code(quote(value));
    case 'number':
      if (!Number.isFinite(value)) throw new Error(`codegen: no literal for ${value}`);
      return new Code(String(value));
    case 'boolean':
      return new Code(String(value));
    case 'object': {
      if (value instanceof Code) return value;
      if (Array.isArray(value)) return new Code(`[${value.map((v) => lit(v).text).join(', ')}]`);
      const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
      if (!entries.length) return new Code('{}');
      const key = (k: string) => (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(k) ? k : quote(k));
      return new Code(`{ ${entries.map(([k, v]) => `${key(k)}: ${lit(v).text}`).join(', ')} }`);
    }
    default:
      throw new Error(`codegen: no literal for a ${typeof value}`);
  }
}

/** A template literal holding text as it is (SQL over several lines): backticks, backslashes and ${ escaped. */
export function templateLit(text: string): Code {
  return new Code(`\`${text.replace(/[`\\]/g, '\\$&').replace(/\$\{/g, '\\${')}\``);
}

/** A template literal of text parts (escaped) and code parts (interpolated as `${...}`). */
export function templateOf(parts: readonly (string | Code)[]): Code {
  const escape = (text: string) => text.replace(/[`\\]/g, '\\$&').replace(/\$\{/g, '\\${');
  return new Code(`\`${parts.map((p) => (typeof p === 'string' ? escape(p) : `\${${p.text}}`)).join('')}\``);
}

/** A JSDoc comment of one paragraph. */
export function doc(text: string): Code {
  return new Code(`/** ${text.replace(/\*\//g, '*\\/').replace(/\s*\n\s*/g, ' ')} */`);
}

/** A line comment (each line of the text prefixed). */
export function comment(text: string, prefix = '//'): Code {
  return new Code(
    text
      .split('\n')
      .map((l) => (l ? `${prefix} ${l}` : prefix))
      .join('\n'),
  );
}

/** A shell word: single-quoted unless it is plainly safe. */
export function shWord(text: string): Code {
  if (/^[A-Za-z0-9_./:=@%+,-]+$/.test(text)) return new Code(text);
  return new Code(`'${text.replace(/'/g, `'\\''`)}'`);
}

/** Text inside a double-quoted shell string: $, `, " and \ escaped. */
export function shDouble(text: string): Code {
  return new Code(text.replace(/[\\"$`]/g, (c) => `\\${c}`));
}

/** A Markdown table cell: pipes escaped, one line. */
export function cell(text: string): Code {
  return new Code(text.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' '));
}

/**
 * Text in roff: backslashes and dashes escaped, characters beyond ASCII as
 * \[uXXXX], one line, and none starting with a control character.
 */
export function roffText(text: string): Code {
  return new Code(
    text
      .replace(/\\/g, '\\e')
      .replace(/-/g, '\\-')
      .replace(/'/g, '\\(aq')
      // A break point after each | (value lists such as pending|running|...), so a long list never overflows a line.
      .replace(/\|/g, '|\\:')
      .replace(/[^\x00-\x7f]/gu, (c) => `\\[u${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}]`)
      .replace(/\s*\n\s*/g, ' ')
      .trim()
      .replace(/^([.'])/, '\\&$1'),
  );
}

/** Markdown prose as written (it is the spec's own prose). */
export function prose(text: string): Code {
  return new Code(text);
}

/** A Markdown table: a header row, its rule, and one row a line. */
export function mdTable(headers: readonly string[], rows: readonly (readonly Code[])[]): Code {
  const line = (cells: readonly Code[]) => `| ${cells.map((c) => c.text).join(' | ')} |`;
  return new Code([line(headers.map(cell)), `|${headers.map(() => '---').join('|')}|`, ...rows.map(line)].join('\n'));
}
