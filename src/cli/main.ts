// The ic entry point, bundled into dist/ic.cjs. Loading the bundle has no
// side effects: bin/ic calls start(), and the code-cache warm-up at build
// time calls main() on a few commands before saving V8's compiled code.
import { main } from '../../generated/cli';
import { fdWriter } from './stdio';

export { main };

export function start(): void {
  const stderr = fdWriter(2);
  main(process.argv.slice(2), { stdout: fdWriter(1), stderr }).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      stderr.write(`ic: internal error: ${String((err as Error)?.message ?? err).split('\n')[0]}\n`);
      process.exitCode = 2;
    },
  );
}
