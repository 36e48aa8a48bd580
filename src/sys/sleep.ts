// The sleeps. sleepSync, the one synchronous sleep, blocks the thread
// without burning CPU (a lock retry, a busy WAL switch, a pipe that is not
// ready): ic is one short process with nothing else to run meanwhile. pause
// is the wait of the polling loops (events tail --follow, portfolio relay),
// cut short by a signal.
const cell = new Int32Array(new SharedArrayBuffer(4));

export function sleepSync(ms: number): void {
  if (ms > 0) Atomics.wait(cell, 0, 0, ms);
}

/** What a polling loop is told when it should stop: `wake` cuts its current pause short. */
export interface StopSignal {
  requested: boolean;
  wake?: () => void;
}

/** The asynchronous wait of a polling loop: resolves after `ms`, or as soon as the process is asked to stop. */
export function pause(ms: number, stop: StopSignal): Promise<void> {
  return new Promise((done) => {
    const timer = setTimeout(done, ms);
    stop.wake = () => {
      clearTimeout(timer);
      done();
    };
  });
}
