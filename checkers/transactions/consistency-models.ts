/**
 * Elle's consistency-model table as data (elle.consistency-model, after Adya, Bailis, Cerone,
 * Daudjee): which models imply which, which anomalies each model directly forbids, and which
 * anomalies imply which. From these: the anomalies a set of models forbids (what the checker
 * searches for) and the models a set of found anomalies rules out (what a verdict reports).
 * Our cycles only have item (per-key) rw edges, so G-single / G-nonadjacent here are Elle's
 * -item variants and imply G2-item.
 */

/** a -> b: a history satisfying a also satisfies b. */
const modelImplies: Readonly<Record<string, readonly string[]>> = {
  'strict-serializable': ['serializable', 'strong-snapshot-isolation', 'strong-session-serializable', 'snapshot-isolation'],
  'strong-session-serializable': ['serializable', 'strong-session-snapshot-isolation'],
  serializable: ['repeatable-read', 'snapshot-isolation', 'update-serializable'],
  'update-serializable': ['forward-consistent-view'],
  'strong-snapshot-isolation': ['strong-session-snapshot-isolation', 'strong-read-committed'],
  'strong-session-snapshot-isolation': ['snapshot-isolation', 'strong-session-read-committed'],
  'snapshot-isolation': ['forward-consistent-view', 'monotonic-atomic-view', 'monotonic-snapshot-read', 'parallel-snapshot-isolation', 'prefix'],
  'forward-consistent-view': ['consistent-view'],
  'consistent-view': ['cursor-stability', 'monotonic-view'],
  'parallel-snapshot-isolation': ['causal-cerone'],
  prefix: ['causal-cerone'],
  'causal-cerone': ['read-atomic'],
  'read-atomic': ['monotonic-atomic-view'],
  'monotonic-atomic-view': ['read-committed'],
  'repeatable-read': ['cursor-stability', 'monotonic-atomic-view'],
  'cursor-stability': ['read-committed'],
  'monotonic-view': ['read-committed'],
  'monotonic-snapshot-read': ['read-committed'],
  'read-committed': ['read-uncommitted'],
  'strong-read-committed': ['strong-session-read-committed', 'strong-read-uncommitted'],
  'strong-session-read-committed': ['read-committed', 'strong-session-read-uncommitted'],
  'strong-read-uncommitted': ['strong-session-read-uncommitted'],
  'strong-session-read-uncommitted': ['read-uncommitted'],
  'read-uncommitted': [],
};

/** The anomalies each model forbids beyond those of the models it implies. */
const directlyForbids: Readonly<Record<string, readonly string[]>> = {
  'strict-serializable': ['G1', 'G1c-realtime', 'G2-realtime'],
  'strong-session-serializable': ['G1-process', 'G2-process'],
  serializable: ['G1', 'G2', 'internal'],
  'update-serializable': ['G1', 'G-update'],
  'strong-snapshot-isolation': ['internal', 'G1-realtime', 'G-nonadjacent-realtime'],
  'strong-session-snapshot-isolation': ['internal', 'G1-process', 'G-nonadjacent-process'],
  'snapshot-isolation': ['internal', 'G1', 'G-SI', 'G-nonadjacent'],
  'forward-consistent-view': ['G1', 'G-SIb'],
  'consistent-view': ['G1', 'G-single'],
  'parallel-snapshot-isolation': ['internal', 'G1a'],
  prefix: ['internal', 'G1a'],
  'causal-cerone': ['internal', 'G1a'],
  'read-atomic': ['internal', 'G1a', 'future-read'],
  'monotonic-atomic-view': [],
  'repeatable-read': ['G1', 'G2-item', 'lost-update'],
  'cursor-stability': ['G1', 'G-cursor', 'lost-update'],
  'monotonic-view': ['G1', 'G-monotonic'],
  'monotonic-snapshot-read': ['G1', 'G-MSR'],
  'read-committed': ['G1'],
  'read-uncommitted': ['G0', 'duplicate-elements', 'cyclic-versions'],
  'strong-read-committed': ['G1c-realtime'],
  'strong-session-read-committed': ['G1c-process'],
  'strong-read-uncommitted': ['G0-realtime'],
  'strong-session-read-uncommitted': ['G0-process'],
};

/** a -> b: finding anomaly a means b is present too (G0 is a G1c; G1a is a G1; ...). */
const anomalyImplies: Readonly<Record<string, readonly string[]>> = {
  G0: ['G1c', 'G0-process'],
  'G0-process': ['G1c-process', 'G0-realtime'],
  'G0-realtime': ['G1c-realtime'],
  G1a: ['G1'],
  G1b: ['G1'],
  G1c: ['G1', 'G1c-process'],
  'G1c-process': ['G1c-realtime', 'G1-process'],
  'G1c-realtime': ['G1-realtime'],
  G1: ['G1-process'],
  'G1-process': ['G1-realtime'],
  'G-single': ['G-nonadjacent', 'G-SIb', 'G-single-process'],
  'G-single-process': ['G-nonadjacent-process', 'G-single-realtime'],
  'G-single-realtime': ['G-nonadjacent-realtime'],
  'G-nonadjacent': ['G2-item', 'G-nonadjacent-process'],
  'G-nonadjacent-process': ['G2-item-process', 'G-nonadjacent-realtime'],
  'G-nonadjacent-realtime': ['G2-item-realtime'],
  'G2-item': ['G2', 'G2-item-process'],
  'G2-item-process': ['G2-process', 'G2-item-realtime'],
  'G2-item-realtime': ['G2-realtime'],
  G2: ['G2-process'],
  'G2-process': ['G2-realtime'],
  'G-SIb': ['G-SI'],
  'incompatible-order': ['G1a'],
  'future-read': ['G1c'],
  'dirty-update': ['G1a'],
  'garbage-read': ['G1a'],
  'lost-update': ['G2-item'],
};

export const consistencyModelNames: readonly string[] = Object.keys(modelImplies);

/** The models Elle's CLI and the issue name; the default is the first. */
export const defaultConsistencyModels: readonly string[] = ['strict-serializable'];

/** Every anomaly the table mentions, checked for --anomalies. */
export const anomalyNames: readonly string[] = [
  ...new Set([...Object.keys(anomalyImplies), ...Object.values(anomalyImplies).flat(), ...Object.values(directlyForbids).flat()]),
].sort();

function closure(start: Iterable<string>, next: (name: string) => readonly string[]): Set<string> {
  const seen = new Set<string>();
  const stack = [...start];
  while (stack.length > 0) {
    const name = stack.pop()!;
    if (seen.has(name)) continue;
    seen.add(name);
    stack.push(...next(name));
  }
  return seen;
}

function invert(graph: Readonly<Record<string, readonly string[]>>): Map<string, string[]> {
  const inverse = new Map<string, string[]>();
  for (const [from, tos] of Object.entries(graph)) for (const to of tos) inverse.set(to, [...(inverse.get(to) ?? []), from]);
  return inverse;
}
const anomalyImpliedBy = invert(anomalyImplies);
const modelImpliedBy = invert(modelImplies);
const forbiddenBy = invert(directlyForbids);

/** Every anomaly that cannot be present if all of `models` hold (and every anomaly implying one of those). */
export function anomaliesForbiddenBy(models: readonly string[]): Set<string> {
  const implied = closure(models, (m) => modelImplies[m] ?? []);
  const direct = [...implied].flatMap((m) => directlyForbids[m] ?? []);
  return closure(direct, (a) => anomalyImpliedBy.get(a) ?? []);
}

/** `anomalies` and every anomaly implying one of them. */
export function anomaliesImplying(anomalies: Iterable<string>): Set<string> {
  return closure(anomalies, (a) => anomalyImpliedBy.get(a) ?? []);
}

/** Every model that the presence of `anomalies` rules out. */
export function modelsRuledOutBy(anomalies: Iterable<string>): Set<string> {
  const present = closure(anomalies, (a) => anomalyImplies[a] ?? []);
  const direct = [...present].flatMap((a) => forbiddenBy.get(a) ?? []);
  return closure(direct, (m) => modelImpliedBy.get(m) ?? []);
}

/** The weakest of `models`: those no other member implies being ruled out (Elle's boundary :not). */
export function weakestModels(models: ReadonlySet<string>): string[] {
  return [...models].filter((m) => ![...closure(modelImplies[m] ?? [], (x) => modelImplies[x] ?? [])].some((weaker) => models.has(weaker))).sort();
}
