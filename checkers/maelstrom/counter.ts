/**
 * Maelstrom's pn-counter checker (g-counter too): every final read must equal the sum of the
 * acknowledged adds plus the deltas of some subset of the adds whose outcome is unknown.
 * Failed adds surely did not happen. The acceptable values are computed exactly as a set.
 */
import { pairOperations } from '../linearizability/operations.js';
import type { Checker } from '../../harness/interfaces.js';

/** More unknown adds than this and the acceptable set is not enumerated: only its bounds are used. */
const exactUnknownAddsMax = 2000;

export const counterChecker: Checker = (_spec, history) => {
  const ops = pairOperations(history);
  const adds = ops.filter((op) => op.f === 'add');
  let definite = 0;
  const unknownDeltas: number[] = [];
  for (const add of adds) {
    if (typeof add.invokeValue !== 'number') throw new Error(`add with a non-integer delta ${JSON.stringify(add.invokeValue)}`);
    if (add.outcome === 'ok') definite += add.invokeValue;
    else if (add.outcome === 'info') unknownDeltas.push(add.invokeValue);
  }
  const acceptable = acceptableSums(definite, unknownDeltas);
  const finals = ops.filter((op) => op.f === 'final-read' && op.outcome === 'ok');
  const bad = finals.filter((read) => typeof read.completionValue !== 'number' || !acceptable.has(read.completionValue));
  const lower = definite + unknownDeltas.filter((d) => d < 0).reduce((a, b) => a + b, 0);
  const upper = definite + unknownDeltas.filter((d) => d > 0).reduce((a, b) => a + b, 0);
  const base = { acknowledgedSum: definite, unknownAdds: unknownDeltas.length, bounds: [lower, upper], finalReads: finals.map((r) => ({ node: (r.invokeValue as { node?: string } | null)?.node, value: r.completionValue })) };
  if (bad.length > 0) {
    return { checker: 'counter', valid: false, summary: `${bad.length} of ${finals.length} final reads are not the acknowledged sum ${definite} plus some of the ${unknownDeltas.length} unknown adds (bounds ${lower}..${upper}): read ${JSON.stringify(bad[0]!.completionValue)}`, ...base };
  }
  if (finals.length === 0) return { checker: 'counter', valid: 'unknown', summary: 'no final read succeeded', ...base };
  return { checker: 'counter', valid: true, summary: `${finals.length} final reads within the acknowledged sum ${definite} and ${unknownDeltas.length} unknown adds (bounds ${lower}..${upper})`, ...base };
};

/** Every sum definite + (a subset of deltas); over exactUnknownAddsMax unknown adds, the whole bounds. */
function acceptableSums(definite: number, deltas: readonly number[]): { has(value: number): boolean } {
  if (deltas.length > exactUnknownAddsMax) {
    const lower = definite + deltas.filter((d) => d < 0).reduce((a, b) => a + b, 0);
    const upper = definite + deltas.filter((d) => d > 0).reduce((a, b) => a + b, 0);
    return { has: (v) => Number.isInteger(v) && v >= lower && v <= upper };
  }
  let sums = new Set([definite]);
  for (const delta of deltas) {
    if (delta === 0) continue;
    const next = new Set(sums);
    for (const sum of sums) next.add(sum + delta);
    sums = next;
  }
  return sums;
}
