/**
 * What a datatype's inference gives the cycle search: the ww / wr / rw edges it could prove,
 * the anomalies it saw without any cycle (aborted reads, internal inconsistencies, ...), and
 * a way to say in words why an edge of a reported cycle exists. One shape for list-append and
 * rw-register, so the search and the verdict do not care which one it was.
 */
import type { EdgeList } from './graph.js';
import { opsOf, showValue, type Txn, type TxnHistory } from './txn.js';

/** An anomaly found without a cycle. `txns` are ids into the history's txns. */
export interface ObservedAnomaly {
  type: string;
  key: string;
  txns: number[];
  explanation: string;
}

export interface Inference {
  edges: EdgeList;
  anomalies: ObservedAnomaly[];
  /** One sentence: why `from` must precede `to` through relation `rel` (a Rel bit), in terms of T-names from `name`. */
  explainEdge(from: number, to: number, rel: number, name: (txn: number) => string): string;
}

/** Collects observed anomalies, keeping the first `shownMax` of each type and counting all. */
export class AnomalyLog {
  readonly anomalies: ObservedAnomaly[] = [];
  readonly counts = new Map<string, number>();
  constructor(private readonly shownMax = 20) {}
  add(anomaly: ObservedAnomaly): void {
    const count = (this.counts.get(anomaly.type) ?? 0) + 1;
    this.counts.set(anomaly.type, count);
    if (count <= this.shownMax) this.anomalies.push(anomaly);
  }
}

/** A transaction as Elle prints it, with where it is in the file. */
export function describeTxn(history: TxnHistory, txn: Txn): string {
  const ops = opsOf(history, txn).map((micro) => `[:${micro.kind} ${history.keyNames[micro.key]} ${micro.kind === 'r' && (micro.value === undefined || (micro.value === null && history.model === 'list-append')) ? 'nil' : showValue(micro.value)}]`);
  const where = txn.invokeLine === undefined ? '' : `, line ${txn.invokeLine}${txn.completeLine === undefined ? '' : `-${txn.completeLine}`}`;
  return `{:process ${txn.process}, :type :${txn.outcome}, :value [${ops.join(' ')}]${where}}`;
}
