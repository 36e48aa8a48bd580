// The ic entry point, bundled into dist/ic.cjs. Loading the bundle has no
// side effects: bin/ic calls start(), and the code-cache warm-up at build
// time calls main() on a few commands before saving V8's compiled code.
import { main } from '../../generated/cli';

export { main };

export function start(): void {
  main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr }).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`ic: internal error: ${String((err as Error)?.message ?? err).split('\n')[0]}\n`);
      process.exitCode = 2;
    },
  );
}
