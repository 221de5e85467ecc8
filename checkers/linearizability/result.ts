/** What the linearizability checker returns: plain JSON a report can draw (like Porcupine's visualization). */
import type { CheckerResult } from '../../harness/interfaces.js';
import type { PruningCounts } from './search.js';

/** One operation as shown in an explanation. */
export interface ExplainedOperation {
  /** Operation number in the history (0-based, in order of invocation). */
  id: number;
  process: number;
  f: string;
  /** The invoke's value. */
  value: unknown;
  /** The completion's value (null when there is none). */
  output: unknown;
  outcome: 'ok' | 'fail' | 'info';
  /** The model's rendering, e.g. "cas(1, 2) -> ok". */
  description: string;
  /** Positions in the history of the invoke and of the completion (null: unknown outcome). */
  callIndex: number;
  returnIndex: number | null;
  callTimeNs: number;
  returnTimeNs: number | null;
  callLine?: number;
  returnLine?: number;
}

export interface NextCandidate extends ExplainedOperation {
  /** Whether the model allows it from the stuck state (if so, everything after it failed). */
  legalFromState: boolean;
  /** The state it would lead to, when legal. */
  stateAfter?: string;
}

/** Why one part (one key, or the whole history) has no linearization. */
export interface PartCounterexample {
  /** The part's key (kv), or null for an unpartitioned model. */
  key: string | null;
  /** Operations in this part that the search considered. */
  ops: number;
  /** The longest linearizable prefix found, in linearization order. */
  linearizedPrefix: ExplainedOperation[];
  /** Model state after that prefix (describeState). */
  state: string;
  /** Operations that could come next in real time; none leads to a linearization. */
  nextCandidates: NextCandidate[];
}

export interface LinearizabilityResult extends CheckerResult {
  checker: 'linearizable';
  model: string;
  /** Client operations in the history (invokes). */
  ops: number;
  /** Independent parts the history was split into (P-compositionality). */
  parts: number;
  /** Parts fully checked before the verdict (a violation can stop the check early). */
  partsChecked: number;
  /** Configurations (linearized set, state) visited by the search, over all parts. */
  configurations: number;
  /** How often each pruning rule of the search fired (see search.ts), over the parts checked. */
  pruning: PruningCounts;
  elapsedMs: number;
  /** Set when valid === false: the failing part(s). */
  counterexample?: PartCounterexample[];
}
