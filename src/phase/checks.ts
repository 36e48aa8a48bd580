// Checks of flag values the spec names (`check: phase.<fn>`): each takes the
// text given and returns what the handler gets, or throws a usage error.
export { phaseChainFlag } from './chain';
