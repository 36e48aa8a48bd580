// The ic entry point: everything else is in generated/cli.ts and the command
// classes it loads.
import { main } from '../../generated/cli';

main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr }).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`ic: internal error: ${String((err as Error)?.message ?? err).split('\n')[0]}\n`);
    process.exitCode = 2;
  },
);
