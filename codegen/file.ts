// What a generator returns: a file's path and its whole content. `gen`
// writes it, `gen:check` compares it with the file on disk.
export interface GeneratedFile {
  /** Relative to the repository root. */
  path: string;
  content: string;
}
