/**
 * Delta debugging (Zeller and Hildebrandt's ddmin): the smallest subset of `items` that still
 * `fails`, found by trying chunks and their complements at ever finer granularity. The result
 * is 1-minimal (no single item can go) unless the deadline cut the search short, which the
 * result says. `fails` is called on subsets in the items' order; it must be deterministic.
 */

export interface DdminResult<T> {
  items: T[];
  /** Calls of `fails` made. */
  tests: number;
  /** True when the search ran to the end: no single item of the result can be removed. */
  minimal: boolean;
}

export function ddmin<T>(items: readonly T[], fails: (subset: readonly T[]) => boolean, deadlineMs = Infinity, now: () => number = Date.now): DdminResult<T> {
  let current = [...items];
  let granularity = 2;
  let tests = 0;
  const test = (subset: readonly T[]): boolean => {
    tests += 1;
    return fails(subset);
  };
  while (current.length >= 2) {
    if (now() > deadlineMs) return { items: current, tests, minimal: false };
    const chunks = split(current, granularity);
    let reduced = false;
    // A chunk alone first: the fastest way down when the failure sits in one place.
    for (const chunk of chunks) {
      if (now() > deadlineMs) return { items: current, tests, minimal: false };
      if (test(chunk)) {
        current = chunk;
        granularity = 2;
        reduced = true;
        break;
      }
    }
    if (!reduced && granularity > 2) {
      for (let i = 0; i < chunks.length; i += 1) {
        if (now() > deadlineMs) return { items: current, tests, minimal: false };
        const complement = chunks.flatMap((chunk, j) => (j === i ? [] : chunk));
        if (test(complement)) {
          current = complement;
          granularity = Math.max(granularity - 1, 2);
          reduced = true;
          break;
        }
      }
    }
    if (reduced) continue;
    if (granularity >= current.length) break;
    granularity = Math.min(granularity * 2, current.length);
  }
  // One item left: it alone fails (it was tested as a chunk or it is all there was).
  return { items: current, tests, minimal: true };
}

/** `items` in `count` chunks of near-equal size, in order. */
function split<T>(items: readonly T[], count: number): T[][] {
  const chunks: T[][] = [];
  let start = 0;
  for (let i = 0; i < count; i += 1) {
    const end = start + Math.floor((items.length - start) / (count - i));
    if (end > start) chunks.push(items.slice(start, end));
    start = end;
  }
  return chunks;
}
