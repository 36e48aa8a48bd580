// Whether a path is the caller's own: the one check behind every place ic
// runs or reads something that must not be another user's doing (event
// hooks, the token data cost baseline reads, the databases portfolio relay
// reads).

/** Why a file or directory at `path` (stat'ed as `st`) is not the caller's alone, or undefined when it is. */
export function foreign(path: string, st: { uid: number; mode: number }, isDir: boolean): string | undefined {
  const me = process.getuid?.();
  const mode = (st.mode & 0o7777).toString(8).padStart(4, '0');
  if (me !== undefined && st.uid !== me && st.uid !== 0) return `${path} is owned by uid ${st.uid}, not by you (uid ${me}) or root`;
  // A directory others may write lets them replace what is in it, unless its sticky bit keeps them to their own files.
  if (st.mode & 0o022 && !(isDir && st.mode & 0o1000))
    return `${path} is writable by ${st.mode & 0o002 ? 'others' : 'its group'} (mode ${mode})`;
  return undefined;
}
