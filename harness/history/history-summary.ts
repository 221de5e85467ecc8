/**
 * What a history holds, in the numbers every view of it must agree on: its client operations
 * by outcome (pairing.ts) and its fault windows by kind (fault-windows.ts). `harness check
 * --json` prints it; the report and the run's results count the same way.
 */
import type { HistoryEvent } from '../event.js';
import { faultWindows } from './fault-windows.js';
import { countOutcomes, type OutcomeCounts } from './pairing.js';

export interface HistorySummary extends OutcomeCounts {
  /** Fault windows by kind. */
  faultWindows: Record<string, number>;
}

export function historySummary(events: readonly HistoryEvent[]): HistorySummary {
  const byKind: Record<string, number> = {};
  for (const window of faultWindows(events)) byKind[window.kind] = (byKind[window.kind] ?? 0) + 1;
  return { ...countOutcomes(events), faultWindows: byKind };
}
