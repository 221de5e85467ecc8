import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { HistoryEvent } from '../../harness/event.js';
import { latencyStats, perfChecker, type PerfResult } from '../../checkers/perf.js';
import type { TestSpec } from '../../harness/spec.js';

const spec = {} as TestSpec;
const ms = 1e6;

/** Builds a history from [timeMs, process, type, f] rows. */
function history(rows: Array<[number, number | string, HistoryEvent['type'], string, unknown?]>): HistoryEvent[] {
  return rows.map(([timeMs, process, type, f, value], index) => ({ index, timeNs: timeMs * ms, process, type, f, value: value ?? null }));
}

describe('perf checker', () => {
  it('measures throughput and latency overall, per operation and per fault window', () => {
    const events = history([
      [0, 0, 'invoke', 'read'],
      [10, 0, 'ok', 'read'], // 10 ms, before the fault
      [100, 'nemesis', 'info', 'start-partition', { n1: ['client'] }],
      [110, 1, 'invoke', 'write'],
      [150, 1, 'fail', 'write'], // 40 ms, in the partition
      [160, 2, 'invoke', 'write'],
      [190, 2, 'info', 'write'], // info: counted, no latency
      [200, 'nemesis', 'info', 'stop-partition'],
      [300, 0, 'invoke', 'read'],
      [320, 0, 'ok', 'read'], // 20 ms, after
      [400, 3, 'invoke', 'read'],
      [1000, 3, 'ok', 'read'], // 600 ms, after
    ]);
    const result = perfChecker(spec, events, {}) as PerfResult;
    assert.equal(result.valid, true);
    assert.equal(result.overall.ops, 5);
    assert.deepEqual([result.overall.ok, result.overall.fail, result.overall.info], [3, 1, 1]);
    assert.equal(result.overall.durationS, 1);
    assert.equal(result.overall.throughputHz, 5);
    assert.deepEqual(result.overall.latencyMs, { p50: 20, p95: 600, p99: 600, max: 600, mean: (10 + 40 + 20 + 600) / 4 });
    assert.equal(result.faultWindows.length, 1);
    const window = result.faultWindows[0];
    assert.equal(window.kind, 'partition');
    assert.deepEqual(window.value, { n1: ['client'] });
    assert.equal(window.ops, 2);
    assert.equal(window.durationS, 0.1);
    assert.equal(window.latencyMs?.max, 40);
    assert.equal(result.byFault.partition.ops, 2);
    assert.equal(result.noFault.ops, 3);
    assert.ok(Math.abs(result.noFault.durationS - 0.9) < 1e-9);
    assert.equal(result.byOperation.read.ops, 3);
    assert.equal(result.byOperation.write.latencyMs?.max, 40);
    assert.match(result.summary, /5 operations in 1\.0 s/);
  });

  it('closes a fault window left open at the end of the history', () => {
    const events = history([
      [0, 'nemesis', 'info', 'start-crash', 'n1'],
      [10, 0, 'invoke', 'read'],
      [50, 0, 'ok', 'read'],
    ]);
    const result = perfChecker(spec, events, {}) as PerfResult;
    assert.equal(result.faultWindows[0].stopNs, 50 * ms);
    assert.equal(result.faultWindows[0].ops, 1);
  });

  it('handles an empty history', () => {
    const result = perfChecker(spec, [], {}) as PerfResult;
    assert.equal(result.valid, true);
    assert.equal(result.overall.ops, 0);
    assert.equal(result.overall.latencyMs, null);
  });

  it('percentiles are ordered and bounded by the samples (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 500 }), (samples) => {
        const stats = latencyStats(samples)!;
        assert.ok(stats.p50 <= stats.p95 && stats.p95 <= stats.p99 && stats.p99 <= stats.max);
        assert.equal(stats.max, Math.max(...samples));
        assert.ok(stats.p50 >= Math.min(...samples));
        // Nearest rank: at least half the samples are <= p50.
        assert.ok(samples.filter((x) => x <= stats.p50).length >= samples.length / 2);
      }),
      { verbose: true },
    );
  });

  it('counts every client operation exactly once across windows and calm spans (property)', () => {
    const arbitraryHistory = fc
      .array(fc.tuple(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 1, max: 50 }), fc.constantFrom('ok', 'fail', 'info', 'start-drop', 'stop-drop')), { maxLength: 60 })
      .map((steps) => {
        const rows: Array<[number, number | string, HistoryEvent['type'], string]> = [];
        let t = 0;
        steps.forEach(([process, gap, kind], i) => {
          t += gap;
          if (kind.includes('-')) rows.push([t, 'nemesis', 'info', kind]);
          else {
            rows.push([t, 100 + i, 'invoke', 'read']);
            rows.push([t + process, 100 + i, kind as HistoryEvent['type'], 'read']);
            t += process;
          }
        });
        return history(rows);
      });
    fc.assert(
      fc.property(arbitraryHistory, (events) => {
        const result = perfChecker(spec, events, {}) as PerfResult;
        const inWindows = result.byFault.drop?.ops ?? 0;
        assert.equal(inWindows + result.noFault.ops, result.overall.ops);
        assert.equal(result.overall.ok + result.overall.fail + result.overall.info, result.overall.ops);
      }),
      { verbose: true },
    );
  });
});
