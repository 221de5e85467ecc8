/**
 * One run of a run-shrinking candidate: the original spec with a smaller shape, run as a
 * `harness test` child through the sweep runner (its own signals, namespaces and ports; killed
 * with SIGTERM, so it heals, when the search's budget ends), and judged by `reproduces`: invalid
 * with an anomaly class of the original's.
 */
import type { RunResults } from '../../results/store.js';
import { testArgs } from '../spec-from-cli.js';
import { cellTimeoutMs, runSweep } from '../sweep/sweep-runner.js';
import { anomalyText } from '../sweep/sweep-table.js';
import { verdictWord } from '../verdict-word.js';
import { withShape, type RunShape } from './run-candidates.js';
import { rejections, reproduces } from './rejection.js';
import type { RunTry } from './shrink-run-search.js';

/** Exit codes of a child that could not run as given: trying it again would not help. */
const refusedExitCodes: ReadonlySet<number> = new Set([64, 65]);

/** Runs of `spec` reshaped, stored under `storeDir`, judged against the original's results. */
export function rerunTry(original: RunResults, storeDir: string): RunTry {
  return async (shape: RunShape, signal: AbortSignal) => {
    const spec = withShape(original.spec, shape);
    const cell = { tag: undefined, seed: spec.seed, args: testArgs(spec, false), storeDir, timeoutMs: cellTimeoutMs(spec) };
    const [result] = await runSweep([cell], { parallel: 1, signal });
    if (result === undefined || signal.aborted) return { verdict: 'aborted', detail: 'stopped', ...(result?.dir === undefined ? {} : { dir: result.dir }) };
    const dir = result.dir === undefined ? {} : { dir: result.dir };
    if (result.results === undefined) {
      return { verdict: refusedExitCodes.has(result.exitCode) ? 'refused' : 'not reproduced', detail: anomalyText(result), ...dir };
    }
    const kinds = [...rejections(result.results.results)].map(([checker, classes]) => `${checker}: ${classes.join(', ')}`).join('; ');
    const detail = `${verdictWord(result.verdict)}${kinds === '' ? '' : ` (${kinds})`}`;
    return { verdict: reproduces(original, result.results) ? 'reproduced' : 'not reproduced', detail, ...dir };
  };
}
