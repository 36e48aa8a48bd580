// clipanion's state machine of a command as the build stores it in the
// command's chunk (scripts/clipanion-machines.cjs) and src/cli/program.ts
// reads it back at start-up. A machine repeats itself: most of its nodes
// carry the same transitions (every state after a positional accepts every
// option), so `events tail`'s machine is 160 KB of JSON with 17 KB of
// different parts, and parsing it cost ~6 ms a start. Stored, each distinct
// part is written once and nodes name parts by index; read back, nodes share
// those parts (clipanion only reads its machine, never writes it).
import type { StateMachine } from 'clipanion/lib/core';

interface MachineText {
  /** The fields of a node, in clipanion's order. */
  keys: string[];
  /** Each distinct field value once. */
  parts: unknown[];
  /** A node: the index in parts of each of its fields, in the order of keys. */
  nodes: number[][];
}

/** The machine as stored: JSON, each distinct part once. Throws on a machine of another shape (a clipanion upgrade). */
export function machineToText(machine: StateMachine): string {
  const { nodes, ...rest } = machine as unknown as { nodes: Record<string, unknown>[] };
  if (Object.keys(rest).length) throw new Error(`clipanion's machine has fields besides nodes: ${Object.keys(rest).join(', ')}`);
  const keys = Object.keys(nodes[0] ?? {});
  const index = new Map<string, number>();
  const parts: unknown[] = [];
  const text: MachineText = {
    keys,
    parts,
    nodes: nodes.map((node, i) => {
      if (Object.keys(node).join() !== keys.join())
        throw new Error(`clipanion's machine node ${i} has fields ${Object.keys(node).join(', ')}`);
      return keys.map((key) => {
        const json = JSON.stringify(node[key]);
        let at = index.get(json);
        if (at === undefined) index.set(json, (at = parts.push(node[key]) - 1));
        return at;
      });
    }),
  };
  return JSON.stringify(text);
}

/** The machine back from its stored text. */
export function machineFromText(stored: string): StateMachine {
  const { keys, parts, nodes } = JSON.parse(stored) as MachineText;
  return {
    nodes: nodes.map((fields) => Object.fromEntries(keys.map((key, i) => [key, parts[fields[i]!]]))),
  } as unknown as StateMachine;
}
