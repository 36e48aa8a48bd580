// The ic entry point: everything else is in generated/cli.ts and the command
// classes it loads.
import { main } from '../../generated/cli';

// Output that cannot be written must not end in node's unhandled-error trace.
// A reader that went away (`ic ... | head -1`) is not an error of ic's: the
// command has done its work, so its exit code stands. Anything else (a full
// disk, an I/O error) is exit 2 with one line.
let outputFailed = false;
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE' || outputFailed) return;
  outputFailed = true;
  process.exitCode = 2;
  process.stderr.write(`ic: cannot write output: ${String(err.message).split('\n')[0]}\n`);
});
process.stderr.on('error', () => {
  // Nowhere left to report to.
});

main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr }).then(
  (code) => {
    process.exitCode = outputFailed ? 2 : code;
  },
  (err: unknown) => {
    process.stderr.write(`ic: internal error: ${String((err as Error)?.message ?? err).split('\n')[0]}\n`);
    process.exitCode = 2;
  },
);
