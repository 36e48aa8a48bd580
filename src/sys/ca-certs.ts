// NODE_EXTRA_CA_CERTS, handed back. Node reads and parses the bundle it
// names at every start, before any of ic runs (~90 ms on 2 cores), and ic
// makes no TLS connection, so bin/ic's #! line starts Node with it empty and
// its value in INTERCORE_NODE_EXTRA_CA_CERTS. The hooks and agents ic starts
// may need it: it goes back into the environment they inherit.

/** The variable bin/ic's #! line moves NODE_EXTRA_CA_CERTS's value into. */
const SAVED_EXTRA_CA_CERTS = 'INTERCORE_NODE_EXTRA_CA_CERTS';

/**
 * Puts NODE_EXTRA_CA_CERTS back in `env` (ic's own, which every process it
 * starts inherits) when bin/ic's #! line emptied it, and drops the saved copy.
 */
export function restoreExtraCaCerts(env: NodeJS.ProcessEnv): void {
  const saved = env[SAVED_EXTRA_CA_CERTS];
  if (saved === undefined) return;
  delete env[SAVED_EXTRA_CA_CERTS];
  if (env.NODE_EXTRA_CA_CERTS === '' && saved !== '') env.NODE_EXTRA_CA_CERTS = saved;
}
