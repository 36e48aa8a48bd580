// The agency specs of the tests: one small spec per stage, written here (no vitest, so a script can write them out too).

export const BUILD = `# build stage
meta:
  stage: build
  description: Build it
  phases: [planned, executing]
agents:
  - phase: planned
    command: /review
    args: ["\${artifact:plan}"]
    mode: interactive
    priority: 0
    description: Review the plan
  - phase: executing
    command: /work
    mode: both
    priority: 10
models:
  planned:
    default: sonnet
    categories: {review: opus}
  executing:
    default: haiku
tools:
  review: {allow: [Read], deny: [Edit]}
artifacts:
  required:
    - {type: plan, phase: planned}
gates:
  entry:
    - {check: artifact_exists, phase: planned, tier: hard, description: Plan first}
  exit:
    - {check: agents_complete, tier: hard}
    - {check: verdict_exists, tier: soft}
budget: {allocation: 0.5, max_agents: 4, warn_threshold: 0.8}
capabilities:
  workflow:
    kernel: [events.tail, run.advance]
    filesystem: [read]
`;

/** The other four stages: the least a valid spec holds (discover adds a capability, ship an agent). */
export const OTHERS: Record<string, string> = {
  discover: 'meta: {stage: discover, phases: [brainstorm]}\ncapabilities:\n  workflow: {dispatch: [spawn]}\n',
  design: 'meta: {stage: design, phases: [brainstorm-reviewed, strategized]}\n',
  ship: 'meta: {stage: ship, phases: [review, polish]}\nagents:\n  - {phase: polish, command: /ship}\n',
  reflect: 'meta: {stage: reflect, phases: [reflect]}\n',
};
