import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import type { RunShape } from '../../../harness/shrink/run-candidates.js';
import { shrinkRunSearch, type RunTry, type TryOutcome } from '../../../harness/shrink/shrink-run-search.js';

const original: RunShape = { timeLimitMs: 10_000, nemesis: ['partition', 'drop', 'crash', 'pause'], nemesisIntervalMs: 2000, concurrency: 5, rateHz: 100 };

/** A runner that answers at once from a rule of the shape, recording every shape it ran. */
function ruleRunner(fails: (shape: RunShape, runOfShape: number) => TryOutcome['verdict']): { runTry: RunTry; ran: RunShape[] } {
  const ran: RunShape[] = [];
  const runsOf = new Map<string, number>();
  const runTry: RunTry = async (shape) => {
    ran.push(shape);
    const key = JSON.stringify(shape);
    runsOf.set(key, (runsOf.get(key) ?? 0) + 1);
    const verdict = fails(shape, runsOf.get(key)!);
    return { verdict, detail: verdict === 'reproduced' ? 'INVALID (linearizable: invalid)' : 'valid' };
  };
  return { runTry, ran };
}

/** A runner whose every run takes `runMs` unless aborted, when it ends at once saying so (a killed child). */
function slowRunner(runMs: number, verdict: TryOutcome['verdict']): { runTry: RunTry; starts: number[]; aborts: number[] } {
  const starts: number[] = [];
  const aborts: number[] = [];
  const runTry: RunTry = (_shape, signal) =>
    new Promise((resolve) => {
      starts.push(Date.now());
      const onAbort = () => {
        clearTimeout(timer);
        aborts.push(Date.now());
        resolve({ verdict: 'aborted', detail: 'stopped' });
      };
      const timer = setTimeout(() => {
        signal.removeEventListener('abort', onAbort);
        resolve({ verdict, detail: 'valid' });
      }, runMs);
      signal.addEventListener('abort', onAbort, { once: true });
    });
  return { runTry, starts, aborts };
}

describe('run shrinking search', () => {
  it('turns each knob down while the run still fails, and reports the rate of what it kept over every try', async () => {
    // Fails whenever partitions run with at least two clients, whatever else.
    const { runTry, ran } = ruleRunner((shape) => (shape.nemesis.includes('partition') && shape.concurrency >= 2 ? 'reproduced' : 'not reproduced'));
    const lines: string[] = [];
    const result = await shrinkRunSearch(original, runTry, { tries: 3, budgetMs: 60_000, onProgress: (line) => lines.push(line) });
    assert.deepEqual(result.shrunk, { timeLimitMs: 1000, nemesis: ['partition'], nemesisIntervalMs: 2000, concurrency: 2, rateHz: 1 });
    assert.deepEqual([result.failures, result.tries, result.stoppedBy], [3, 3, 'done']);
    assert.equal(result.runs, ran.length);
    // A candidate that did not fail was run all three times; one that did, until it did.
    const dropped = result.candidates.filter((c) => !c.kept);
    assert.ok(dropped.length > 0 && dropped.every((c) => c.tries === 3 && c.failures === 0));
    assert.ok(result.candidates.filter((c) => c.kept).slice(0, -1).every((c) => c.tries === 1 && c.failures === 1));
    // No shape is a candidate twice.
    assert.equal(new Set(result.candidates.map((c) => JSON.stringify(c.shape))).size, result.candidates.length);
    assert.ok(lines.some((line) => /^\[0:00\] --concurrency 5 -> 1: run 3\/3: valid in \d+\.\d s$/.test(line)), lines.join('\n'));
    assert.ok(lines.includes('[0:00] dropped --concurrency 5 -> 1: reproduced 0/3'), lines.join('\n'));
    assert.ok(lines.some((line) => /^\[0:00\] kept --concurrency 5 -> 2: reproduced 1\/1$/.test(line)), lines.join('\n'));
  });

  it('keeps a flaky candidate that fails once in its tries, and drops it when the tries run out first', async () => {
    const third = (shape: RunShape, run: number) => (shape.timeLimitMs === 1000 && run === 3 ? 'reproduced' : 'not reproduced');
    const three = await shrinkRunSearch(original, ruleRunner(third).runTry, { tries: 3, budgetMs: 60_000 });
    assert.equal(three.shrunk.timeLimitMs, 1000);
    assert.deepEqual([three.failures, three.tries], [1, 3]);
    const two = await shrinkRunSearch(original, ruleRunner(third).runTry, { tries: 2, budgetMs: 60_000 });
    assert.deepEqual(two.shrunk, original);
    // Nothing smaller failed: the original's own stored run is the one failure, topped up with tries of its own.
    assert.deepEqual([two.failures, two.tries], [1, 2]);
  });

  it('runs a refused candidate (a usage error) once', async () => {
    const result = await shrinkRunSearch(original, ruleRunner((shape) => (shape.concurrency < 5 ? 'refused' : 'not reproduced')).runTry, { tries: 3, budgetMs: 60_000 });
    const refused = result.candidates.filter((c) => c.shape.concurrency < 5);
    assert.ok(refused.length > 0 && refused.every((c) => c.tries === 1));
  });

  it('starts no run once the budget is spent and kills the one going, overrunning by no more than that run', async () => {
    const runMs = 40;
    const budgetMs = 150;
    const { runTry, starts, aborts } = slowRunner(runMs, 'not reproduced');
    const started = Date.now();
    const lines: string[] = [];
    const result = await shrinkRunSearch(original, runTry, { tries: 3, budgetMs, onProgress: (line) => lines.push(line) });
    const elapsedMs = Date.now() - started;
    assert.equal(result.stoppedBy, 'budget');
    assert.deepEqual(result.shrunk, original);
    assert.ok(elapsedMs < budgetMs + runMs, `ended after ${elapsedMs} ms`);
    assert.ok(starts.every((at) => at - started < budgetMs), 'a run started after the budget');
    assert.equal(aborts.length, 1, 'the run going at the budget end was killed');
    assert.ok(starts.length >= 2 && starts.length <= Math.ceil(budgetMs / runMs) + 1, `${starts.length} runs`);
    assert.match(lines.at(-1)!, /: run \d stopped \(budget spent\) after \d+\.\d s$/);
    // An aborted run is not a try: the tries counted are the runs that ended.
    assert.equal(result.candidates.reduce((sum, c) => sum + c.tries, 0), starts.length - 1);
  });

  it('ends a run that never ends by itself at the budget', async () => {
    const { runTry, aborts } = slowRunner(3_600_000, 'not reproduced');
    const started = Date.now();
    const result = await shrinkRunSearch(original, runTry, { tries: 3, budgetMs: 60 });
    assert.ok(Date.now() - started < 1000);
    assert.deepEqual([result.stoppedBy, aborts.length, result.runs], ['budget', 1, 1]);
  });

  it("stops at the caller's signal (Ctrl-C) with the best so far", async () => {
    const interrupt = new AbortController();
    const { runTry } = ruleRunner((shape) => (shape.timeLimitMs <= 5000 ? 'reproduced' : 'not reproduced'));
    const result = await shrinkRunSearch(
      original,
      async (shape, signal) => {
        if (shape.nemesis.length < 4) {
          interrupt.abort(); // the user presses Ctrl-C while the fault kinds are tried
          await sleep(1);
          return { verdict: signal.aborted ? 'aborted' : 'not reproduced', detail: 'stopped' };
        }
        return runTry(shape, signal);
      },
      { tries: 3, budgetMs: 60_000, signal: interrupt.signal },
    );
    assert.equal(result.stoppedBy, 'signal');
    assert.equal(result.shrunk.timeLimitMs, 1000);
    assert.deepEqual(result.shrunk.nemesis, original.nemesis);
  });
});
