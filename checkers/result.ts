/** Every checker says one of these. 'unknown' is never reported as valid. */
export type Validity = true | false | 'unknown';

/** What every checker returns: a verdict plus whatever explains it. */
export interface CheckerResult {
  /** Checker name, e.g. 'linearizable', 'exactly-once', 'perf'. */
  checker: string;
  valid: Validity;
  /** One or two sentences a user can act on. */
  summary: string;
  /** Checker-specific details (counts, counterexamples); plain JSON. */
  [detail: string]: unknown;
}

/** Jepsen's compose rule: false if any is false, else unknown if any is unknown, else true. */
export function composeValidity(values: readonly Validity[]): Validity {
  if (values.some((v) => v === false)) return false;
  if (values.some((v) => v === 'unknown')) return 'unknown';
  return true;
}
