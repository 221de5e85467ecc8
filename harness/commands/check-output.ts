/** What `harness check` prints for one file: a human line (plus why, for a violation) or one JSON object. */
import type { ExplainedOperation, LinearizabilityResult, PartCounterexample } from '../../checkers/linearizability/result.js';
import type { HistoryFormat } from '../history/history-format.js';
import type { HistorySummary } from '../history/history-summary.js';

/** The checked file and its verdict. `model` is null for a history with no client operations and no --model. */
export interface FileVerdict {
  file: string;
  format: HistoryFormat;
  model: string | null;
  result: Pick<LinearizabilityResult, 'valid' | 'ops' | 'elapsedMs' | 'summary'> & Partial<LinearizabilityResult>;
  /** What the file holds, counted as the report and the run's results count it. */
  history?: HistorySummary;
}

/** Candidates and prefix operations shown in the human explanation; --json has them all. */
const candidatesShownMax = 8;
const prefixTailShown = 3;

export function verdictJson(verdict: FileVerdict): string {
  const { file, format, model, result, history } = verdict;
  const { checker: _checker, valid, ops, elapsedMs, ...details } = result;
  return JSON.stringify({ file, format, model, ops, valid, elapsedMs: round(elapsedMs), ...details, ...(history === undefined ? {} : { history }) });
}

export function verdictText(verdict: FileVerdict): string {
  const { file, model, result } = verdict;
  const verdictWord = result.valid === true ? 'linearizable' : result.valid === false ? 'NOT linearizable' : 'unknown (the search ran out of time; raise --timeout-ms)';
  const parts = result.parts === undefined || result.parts <= 1 ? '' : `, ${result.parts} parts`;
  const lines = [`${file}: ${verdictWord} (${model ?? 'no client operations'}, ${result.ops} ops${parts}, ${round(result.elapsedMs)} ms)`];
  for (const part of result.counterexample ?? []) lines.push(...explainPart(part));
  return lines.join('\n');
}

function explainPart(part: PartCounterexample): string[] {
  const where = part.key === null ? '' : `key ${JSON.stringify(part.key)}: `;
  const lines = [
    `  ${where}${part.linearizedPrefix.length} of ${part.ops} operations linearize, leaving state ${part.state}; none of these can be linearized next:`,
  ];
  for (const candidate of part.nextCandidates.slice(0, candidatesShownMax)) {
    const why = candidate.legalFromState ? `allowed (state becomes ${candidate.stateAfter}), but nothing after it works out` : 'not allowed in this state';
    lines.push(`    ${describe(candidate)}: ${why}`);
  }
  if (part.nextCandidates.length > candidatesShownMax) lines.push(`    ... and ${part.nextCandidates.length - candidatesShownMax} more (see --json)`);
  if (part.linearizedPrefix.length > 0) {
    const tail = part.linearizedPrefix.slice(-prefixTailShown).map(describe);
    lines.push(`    last linearized: ${part.linearizedPrefix.length > prefixTailShown ? '... ' : ''}${tail.join(', ')}`);
  }
  return lines;
}

function describe(operation: ExplainedOperation): string {
  const lines = operation.callLine === undefined ? '' : `, line ${operation.callLine}${operation.returnLine === undefined ? '' : `-${operation.returnLine}`}`;
  return `${operation.description} (process ${operation.process}${lines})`;
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}
