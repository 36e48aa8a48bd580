// The clocks. Node's `performance` global loads eleven of Node's modules the
// first time it is touched (perf_hooks and its parts, about 2 ms of a start
// that totals ~15 ms over node's own), so ic reads time from process.hrtime,
// which is already there.

const HRTIME_AT_LOAD = process.hrtime.bigint();
/** The wall clock when this module loaded, in ns: the origin the high-resolution timer counts from. */
const WALL_AT_LOAD = BigInt(Date.now()) * 1_000_000n;

/** Unix time in nanoseconds: wall-clock milliseconds at start-up plus the high-resolution time since. */
export function unixNanos(): bigint {
  return WALL_AT_LOAD + (process.hrtime.bigint() - HRTIME_AT_LOAD);
}

/** A monotonic clock in milliseconds (fractional): for deadlines, never for dates. */
export function monotonicMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}
