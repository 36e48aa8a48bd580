// Shared by the Clavain acceptance tests: what Clavain 023da26 passes to ic.

/** lib-sprint.sh:167-178 (and sprint.go:196): the ten-phase chain Clavain creates every sprint with. */
export const SPRINT_CHAIN = [
  'brainstorm',
  'brainstorm-reviewed',
  'strategized',
  'strategy-reviewed',
  'planned',
  'plan-reviewed',
  'executing',
  'shipping',
  'reflect',
  'done',
];
