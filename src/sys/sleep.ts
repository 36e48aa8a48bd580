// The one synchronous sleep: blocks the thread without burning CPU (a lock
// retry, a busy WAL switch, a pipe that is not ready). ic is one short
// process with nothing else to run meanwhile.
const cell = new Int32Array(new SharedArrayBuffer(4));

export function sleepSync(ms: number): void {
  if (ms > 0) Atomics.wait(cell, 0, 0, ms);
}
