// Lane starvation, as Go's ComputeStarvationFromDB scores it from the kernel
// database alone: every member counts as an open bead of priority 2 (weight
// 5 - 2 = 3), and throughput is the beads removed in the window.

/** The weight of an open bead of priority 2 (P0 = 5 ... P4 = 1). */
export const OPEN_BEAD_WEIGHT = 3;

/** Starvation: weighted open beads over throughput, the throughput at least 0.1 (so an idle lane scores 30 a bead). */
export function starvation(openBeads: number, throughput: number): number {
  return (openBeads * OPEN_BEAD_WEIGHT) / Math.max(throughput, 0.1);
}
