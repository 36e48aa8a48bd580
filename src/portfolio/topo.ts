// Go's portfolio.TopologicalSort: Kahn's algorithm over the dependency
// edges, the smallest name first among those ready (byte order, as Go
// compares strings), so the order is deterministic.

export interface Edge {
  upstream: string;
  downstream: string;
}

/** The projects the edges name, upstreams first; with a cycle, `complete` is false and the order stops short of it. */
export function topologicalOrder(edges: readonly Edge[]): { order: string[]; nodes: number; complete: boolean } {
  const inDegree = new Map<string, number>();
  const out = new Map<string, string[]>();
  for (const { upstream, downstream } of edges) {
    for (const n of [upstream, downstream]) if (!inDegree.has(n)) inDegree.set(n, 0);
    out.set(upstream, [...(out.get(upstream) ?? []), downstream]);
    inDegree.set(downstream, inDegree.get(downstream)! + 1);
  }
  const ready = [...inDegree].filter(([, d]) => d === 0).map(([n]) => n);
  const order: string[] = [];
  while (ready.length > 0) {
    ready.sort(byteOrder);
    const node = ready.shift()!;
    order.push(node);
    for (const next of out.get(node) ?? []) {
      const d = inDegree.get(next)! - 1;
      inDegree.set(next, d);
      if (d === 0) ready.push(next);
    }
  }
  return { order, nodes: inDegree.size, complete: order.length === inDegree.size };
}

/** Go's string order: by UTF-8 bytes. */
export function byteOrder(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}
