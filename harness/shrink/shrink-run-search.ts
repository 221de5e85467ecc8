/**
 * Run shrinking's search (`harness shrink DIR --rerun`): greedy, first improvement, knob by
 * knob (run-candidates.ts). Each candidate is run up to `tries` times and kept at its first run
 * that fails the way the original did, since a real run fails only some of the time; then the
 * next candidates are made from it. Bounded by a budget: no run starts once it is spent, and
 * the run going when it ends (or when the caller aborts, Ctrl-C) is killed, so the search
 * overruns by at most that run's teardown. The runner is injected: the command runs `harness
 * test` children through the sweep runner, the tests use fakes.
 */
import { runDimensions, shapeKey, type RunCandidate, type RunDimension, type RunShape } from './run-candidates.js';

/** How one run of a candidate ended. refused: it could not run as given (a usage error); trying again would not help. */
export type TryVerdict = 'reproduced' | 'not reproduced' | 'refused' | 'aborted';

export interface TryOutcome {
  verdict: TryVerdict;
  /** What the run said, for the progress line ('valid', 'INVALID (exactly-once: lost)', 'exit 64: ...'). */
  detail: string;
  /** The run folder it stored, when it got that far. */
  dir?: string;
}

/** Runs a shape once; must end soon after `signal` aborts (and then say 'aborted'). */
export type RunTry = (shape: RunShape, signal: AbortSignal) => Promise<TryOutcome>;

export interface RunShrinkOptions {
  /** Runs of a candidate at most; it is kept at its first run that reproduces. */
  tries: number;
  budgetMs: number;
  /** Aborting stops the search as the budget's end does (the caller's Ctrl-C). */
  signal?: AbortSignal;
  onProgress?: (line: string) => void;
  dimensions?: readonly RunDimension[];
}

export interface CandidateRecord {
  change: string;
  shape: RunShape;
  /** Runs that reproduced, of the runs made. */
  failures: number;
  tries: number;
  kept: boolean;
  /** Run folders of its runs. */
  dirs: string[];
}

export interface RunShrinkResult {
  original: RunShape;
  /** The smallest shape seen to reproduce (the original when none smaller did). */
  shrunk: RunShape;
  /** Its observed failure rate: reproducing runs of its runs (the original's own stored run counts as one). */
  failures: number;
  tries: number;
  candidates: CandidateRecord[];
  /** Child runs made. */
  runs: number;
  stoppedBy: 'done' | 'budget' | 'signal';
  elapsedMs: number;
}

export async function shrinkRunSearch(original: RunShape, runTry: RunTry, options: RunShrinkOptions): Promise<RunShrinkResult> {
  const started = Date.now();
  const dimensions = options.dimensions ?? runDimensions;
  const progress = options.onProgress ?? (() => undefined);
  const stop = new AbortController();
  let stoppedBy: RunShrinkResult['stoppedBy'] = 'done';
  const end = (why: 'budget' | 'signal') => {
    if (stop.signal.aborted) return;
    stoppedBy = why;
    stop.abort();
  };
  const budgetTimer = setTimeout(() => end('budget'), options.budgetMs);
  const onAbort = () => end('signal');
  if (options.signal?.aborted === true) onAbort();
  options.signal?.addEventListener('abort', onAbort);
  const elapsed = () => clock(Date.now() - started);

  let runs = 0;
  const candidates: CandidateRecord[] = [];
  // The original's stored run failed: one reproducing run of one.
  let best: CandidateRecord = { change: 'the original run', shape: original, failures: 1, tries: 1, kept: true, dirs: [] };
  /** Runs the candidate until it reproduces (or `untilReproduced` is false: all its tries), the budget ends or it is refused. */
  const attempt = async (record: CandidateRecord, triesMax: number, untilReproduced: boolean): Promise<void> => {
    while (record.tries < triesMax && !stop.signal.aborted) {
      const triedAt = Date.now();
      const outcome = await runTry(record.shape, stop.signal);
      runs += 1;
      if (outcome.dir !== undefined) record.dirs.push(outcome.dir);
      const seconds = ((Date.now() - triedAt) / 1000).toFixed(1);
      if (outcome.verdict === 'aborted' || stop.signal.aborted) {
        progress(`[${elapsed()}] ${record.change}: run ${record.tries + 1} stopped (${stoppedBy === 'signal' ? 'interrupted' : 'budget spent'}) after ${seconds} s`);
        return;
      }
      record.tries += 1;
      if (outcome.verdict === 'reproduced') record.failures += 1;
      progress(`[${elapsed()}] ${record.change}: run ${record.tries}/${triesMax}: ${outcome.detail} in ${seconds} s${outcome.verdict === 'reproduced' ? ' (reproduced)' : ''}`);
      if (outcome.verdict === 'refused') return;
      if (untilReproduced && record.failures > 0) return;
    }
  };

  try {
    const tried = new Set<string>([shapeKey(original)]);
    let improved = true;
    while (improved && !stop.signal.aborted) {
      improved = false;
      for (const dimension of dimensions) {
        let next: RunCandidate | undefined;
        do {
          next = undefined;
          for (const candidate of dimension.candidates(best.shape)) {
            const key = shapeKey(candidate.shape);
            if (tried.has(key) || stop.signal.aborted) continue;
            tried.add(key);
            const record: CandidateRecord = { change: candidate.change, shape: candidate.shape, failures: 0, tries: 0, kept: false, dirs: [] };
            candidates.push(record);
            await attempt(record, options.tries, true);
            if (record.failures > 0) {
              record.kept = true;
              best = record;
              progress(`[${elapsed()}] kept ${record.change}: reproduced ${record.failures}/${record.tries}`);
              next = candidate;
              improved = true;
              break;
            }
            if (record.tries > 0 && !stop.signal.aborted) progress(`[${elapsed()}] dropped ${record.change}: reproduced 0/${record.tries}`);
          }
        } while (next !== undefined && !stop.signal.aborted);
      }
    }
    // The rate of what is printed: its remaining tries, every one of them this time.
    if (!stop.signal.aborted) await attempt(best, options.tries, false);
  } finally {
    clearTimeout(budgetTimer);
    options.signal?.removeEventListener('abort', onAbort);
  }
  const { shape: shrunk, failures, tries } = best;
  return { original, shrunk, failures, tries, candidates, runs, stoppedBy, elapsedMs: Date.now() - started };
}

/** m:ss */
function clock(ms: number): string {
  const total = Math.floor(ms / 1000);
  return `${Math.floor(total / 60)}:${String(total % 60).padStart(2, '0')}`;
}
