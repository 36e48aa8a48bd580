// NODE_EXTRA_CA_CERTS handed back to the environment ic's children inherit
// (src/sys/ca-certs.ts): only what bin/ic's #! line emptied, never a value
// the caller set itself.
import { describe, expect, it } from 'vitest';
import { restoreExtraCaCerts } from '../../src/sys/ca-certs';

describe('restoreExtraCaCerts', () => {
  it.each([
    [
      'emptied by the #! line: back',
      { NODE_EXTRA_CA_CERTS: '', INTERCORE_NODE_EXTRA_CA_CERTS: '/ca.pem' },
      { NODE_EXTRA_CA_CERTS: '/ca.pem' },
    ],
    [
      'set by the caller: kept, the saved copy dropped',
      { NODE_EXTRA_CA_CERTS: '/own.pem', INTERCORE_NODE_EXTRA_CA_CERTS: '/ca.pem' },
      { NODE_EXTRA_CA_CERTS: '/own.pem' },
    ],
    ['unset: stays unset', { INTERCORE_NODE_EXTRA_CA_CERTS: '/ca.pem' }, {}],
    [
      'an empty saved copy: nothing to put back',
      { NODE_EXTRA_CA_CERTS: '', INTERCORE_NODE_EXTRA_CA_CERTS: '' },
      { NODE_EXTRA_CA_CERTS: '' },
    ],
    ['no saved copy: untouched', { NODE_EXTRA_CA_CERTS: '' }, { NODE_EXTRA_CA_CERTS: '' }],
  ])('%s', (_, env: NodeJS.ProcessEnv, after) => {
    const copy = { ...env, PATH: '/bin' };
    restoreExtraCaCerts(copy);
    expect(copy).toEqual({ ...after, PATH: '/bin' });
  });
});
