// The ic entry point, bundled into dist/ic.cjs. Loading the bundle has no
// side effects: bin/ic calls start(), and the code-cache warm-up at build
// time calls main() on a few commands before saving V8's compiled code.
import { main } from '../../generated/cli';
import { Exit } from '../../generated/values';
import { connectionAbandoned } from '../db/identity';
import { restoreExtraCaCerts } from '../sys/ca-certs';
import { firstLine } from './errors';
import { preflight } from './preflight';
import { fdWriter } from './stdio';
import { isTerminalFd } from './terminal';

export { main };

export function start(): void {
  // Before anything reads the environment the processes ic starts inherit.
  restoreExtraCaCerts(process.env);
  // A working directory that is gone, or arguments that are not UTF-8: one
  // line, before any command (even version or --help) runs.
  const checked = preflight();
  if (!checked.ok) {
    fdWriter(2).write(`ic: ${checked.message}\n`);
    process.exitCode = checked.exit;
    return;
  }
  // Output that cannot be written must not end in a trace. A reader that went
  // away (`ic ... | head -1`) is not ic's error: the command has done its
  // work, so its exit code stands. Anything else (a full disk, an I/O error)
  // is exit 2 with one line. Errors writing stderr have nowhere to go.
  let outputFailed = false;
  const stderr = fdWriter(2);
  const stdout = fdWriter(1, (err) => {
    if (outputFailed) return;
    outputFailed = true;
    stderr.write(`ic: cannot write output: ${firstLine(err)}\n`);
  });
  main(process.argv.slice(2), { stdout, stderr, cwd: checked.cwd, isTerminal: isTerminalFd }).then(
    (code) => {
      process.exitCode = outputFailed ? Exit.Error : code;
      // Not a normal exit, which would close the abandoned connection and delete the -wal its path names now.
      if (connectionAbandoned()) process.exit();
    },
    (err: unknown) => {
      stderr.write(`ic: internal error: ${firstLine(err)}\n`);
      process.exitCode = Exit.Error;
    },
  );
}
