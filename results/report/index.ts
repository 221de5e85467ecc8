export { buildReportData, type ReportInput } from './build-report-data.js';
export { renderReportHtml } from './render-report-html.js';
export { readRun, type SavedRun } from './read-run.js';
export { writeRunReport, runReportHtml, writeLinearizabilityHtml, writeTransactionsHtml, reportFileName } from './write-report.js';
export type { ReportData } from './report-data.js';
export { listRuns, type RunListing } from './list-runs.js';
export { startStoreServer, type StoreServer, type StoreServerOptions } from './store-server.js';
