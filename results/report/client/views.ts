/**
 * The views of report.html, in page order: the one list a new view is added to. Each
 * entry is one file under views/ (see report-view.ts for what a view is).
 */
import type { ReportView } from './report-view.js';
import { exactlyOnceView } from './views/exactly-once-view.js';
import { lamportView } from './views/lamport-view.js';
import { latencyView } from './views/latency-view.js';
import { linearizabilityView } from './views/linearizability-view.js';
import { messageCountsView } from './views/message-counts-view.js';
import { minimalHistoryView } from './views/minimal-history-view.js';
import { problemsView } from './views/problems-view.js';
import { summaryView } from './views/summary-view.js';
import { throughputView } from './views/throughput-view.js';
import { timelineView } from './views/timeline-view.js';
import { txnCycleView } from './views/txn-cycle-view.js';

export const reportViews: readonly ReportView[] = [
  minimalHistoryView,
  problemsView,
  summaryView,
  timelineView,
  latencyView,
  throughputView,
  linearizabilityView,
  txnCycleView,
  exactlyOnceView,
  messageCountsView,
  lamportView,
];
