/**
 * When a shrunk history still counts as "rejected the same way": the checkers that said invalid
 * of the whole history say invalid of it too, with at least one anomaly class in common (a
 * duplicated request stays a duplicated request; a non-linearizable history stays one). Perf and
 * the checkers that passed are not run again. A replay or a smaller rerun of a run
 * (`reproduces`) counts by the same rule.
 */
import type { CheckContext, Checker, CheckerResult } from '../interfaces.js';
import type { RunResults } from '../../results/store.js';
import type { HistoryEvent } from '../event.js';
import { runCheckers } from '../run.js';
import type { TestSpec } from '../spec.js';

/** Anomaly counts a checker reports under `counts` (exactly-once's kinds). */
const countedAnomalies = ['duplicated', 'lost', 'phantom', 'unexpected', 'balanceMismatches'] as const;

/** What kind of wrong a result says: Elle's anomaly types, exactly-once's kinds, else just 'invalid'. */
export function anomalyClasses(result: CheckerResult): string[] {
  if (Array.isArray(result.anomalyTypes) && result.anomalyTypes.length > 0) return result.anomalyTypes.map(String);
  const counts = result.counts as Record<string, unknown> | undefined;
  if (counts !== undefined && counts !== null && typeof counts === 'object') {
    const kinds = countedAnomalies.filter((kind) => typeof counts[kind] === 'number' && (counts[kind] as number) > 0);
    if (kinds.length > 0) return [...kinds];
  }
  return ['invalid'];
}

/** The checkers that rejected, with the classes they named. */
export function rejections(results: readonly CheckerResult[]): Map<string, string[]> {
  return new Map(results.filter((result) => result.valid === false).map((result) => [result.checker, anomalyClasses(result)]));
}

/**
 * How long a searching checker may take over one candidate history, ms. A candidate whose
 * removed operations, turned unknown, make the search too slow to decide counts as not
 * rejected (sound, since unknown is never rejected): waiting out the checker's own two minutes
 * a candidate kept the shrinker at one history for minutes.
 */
export const candidateSearchTimeoutMs = 500;

/** Some result says invalid with an anomaly class the original's same checker named. */
function rejectsAsBefore(wanted: Map<string, string[]>, results: readonly CheckerResult[]): boolean {
  return results.some((result) => result.valid === false && anomalyClasses(result).some((kind) => wanted.get(result.checker)?.includes(kind) === true));
}

/** A predicate for shrinkHistory: does a candidate history fail the way the original did? */
export function sameRejection(spec: TestSpec, checkers: Readonly<Record<string, Checker>>, original: readonly CheckerResult[], context: CheckContext): (events: readonly HistoryEvent[]) => boolean {
  const wanted = rejections(original);
  const judging: TestSpec = { ...spec, checkers: [...wanted.keys()] };
  const candidateContext: CheckContext = { searchTimeoutMs: candidateSearchTimeoutMs, ...context, subHistory: true };
  return (events) => rejectsAsBefore(wanted, runCheckers(judging, checkers, events, context.executionLog, undefined, candidateContext));
}

/** A run ended as the original did: same verdict and, for an invalid one, an anomaly class of the original's. */
export function reproduces(original: RunResults, rerun: RunResults | undefined): boolean {
  if (rerun === undefined || rerun.aborted !== undefined || rerun.valid !== original.valid) return false;
  if (original.valid !== false) return true;
  return rejectsAsBefore(rejections(original.results), rerun.results);
}
