/**
 * Cheap cuts before delta debugging: the shortest prefix, then the shortest suffix of the
 * operations that still fails, each found by binary search in about log2(n) tests. A violation
 * usually sits in one stretch of a run: cutting the history down to it first spares ddmin most
 * of its tests, and spares the shrinker's relaxed histories (harness/shrink/shrink-history.ts)
 * the many unknown operations in the middle of the run that make a linearizability search
 * slow. The result still fails (it was tested) but need not be the shortest: failing is not
 * monotone in the length, the search keeps a cut that failed. `fails` must be true of `items`.
 */

/** The shortest prefix found to fail (all of `items` when no shorter one does or the deadline is reached). */
export function shortestFailingPrefix<T>(items: readonly T[], fails: (subset: readonly T[]) => boolean, deadlineMs = Infinity, now: () => number = Date.now): T[] {
  let failing = items.length; // fails(items.slice(0, failing)) is known
  let passing = 0; // the empty history never fails
  while (failing - passing > 1 && now() <= deadlineMs) {
    const middle = Math.floor((failing + passing) / 2);
    if (fails(items.slice(0, middle))) failing = middle;
    else passing = middle;
  }
  return items.slice(0, failing);
}

/** The shortest suffix found to fail (all of `items` when no shorter one does or the deadline is reached). */
export function shortestFailingSuffix<T>(items: readonly T[], fails: (subset: readonly T[]) => boolean, deadlineMs = Infinity, now: () => number = Date.now): T[] {
  let failing = 0; // fails(items.slice(failing)) is known
  let passing = items.length;
  while (passing - failing > 1 && now() <= deadlineMs) {
    const middle = Math.floor((failing + passing) / 2);
    if (fails(items.slice(middle))) failing = middle;
    else passing = middle;
  }
  return items.slice(failing);
}
