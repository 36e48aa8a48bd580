// Checks of flag values the spec names (`check: phase.<fn>`): each takes the
// text given and returns what the handler gets, or throws a usage error.
export { phaseChainFlag } from './chain';
import { canonicalMetadata } from './metadata';

/** --metadata, --metadata-merge: a JSON object (a close gate in it checked), in canonical form. */
export function metadataFlag(text: string): string {
  return canonicalMetadata(text);
}
