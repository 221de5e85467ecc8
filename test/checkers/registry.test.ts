import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { checkerByName, checkers } from '../../checkers/registry.js';
import type { HistoryEvent } from '../../harness/event.js';
import type { Completion, Op } from '../../harness/interfaces.js';
import type { TestSpec } from '../../harness/spec.js';
import { dependencies, runWith, scriptedTarget, testSpec } from '../harness/run-fakes.js';

const spec = {} as TestSpec;

function history(rows: Array<[number, HistoryEvent['type'], string, unknown]>): HistoryEvent[] {
  return rows.map(([process, type, f, value], index) => ({ index, timeNs: index * 1000, process, type, f, value }));
}

describe('checker registry: linearizable (cas-register per key)', () => {
  const linearizable = checkers.linearizable;

  it('accepts a keyed history that is linearizable key by key', () => {
    const result = linearizable(spec, history([
      [0, 'invoke', 'write', ['a', 1]],
      [0, 'ok', 'write', ['a', 1]],
      [1, 'invoke', 'write', ['b', 2]],
      [1, 'ok', 'write', ['b', 2]],
      [2, 'invoke', 'read', ['a', null]],
      [2, 'ok', 'read', ['a', 1]],
      [3, 'invoke', 'cas', ['b', [2, 3]]],
      [3, 'ok', 'cas', ['b', [2, 3]]],
      [4, 'invoke', 'cas', ['a', [5, 6]]],
      [4, 'fail', 'cas', ['a', [5, 6]]],
      [5, 'invoke', 'read', ['b', null]],
      [5, 'ok', 'read', ['b', 3]],
    ]), {});
    assert.equal(result.valid, true, result.summary);
    assert.equal(result.parts, 2);
  });

  it('rejects a read that saw another key\'s value, naming the key', () => {
    const result = linearizable(spec, history([
      [0, 'invoke', 'write', ['a', 1]],
      [0, 'ok', 'write', ['a', 1]],
      [1, 'invoke', 'read', ['b', null]],
      [1, 'ok', 'read', ['b', 1]], // b was never written
    ]), {});
    assert.equal(result.valid, false);
    const counterexample = result.counterexample as Array<{ key: string | null }>;
    assert.equal(counterexample[0].key, 'b');
  });

  it('names the known checkers when asked for an unknown one', () => {
    assert.throws(() => checkerByName('nope'), /unknown checker 'nope' \(known: .*linearizable.*perf/);
  });
});

describe('run loop + register workload + linearizable, end to end in process', function () {
  this.timeout(20_000);
  let store: string;
  beforeEach(() => {
    store = mkdtempSync(path.join(tmpdir(), 'register-e2e-'));
  });
  afterEach(() => rmSync(store, { recursive: true, force: true }));

  it('passes the correct no-op register', async () => {
    const outcome = await runWith(testSpec({ checkers: ['linearizable', 'perf'], rateHz: 1000, timeLimitMs: 300 }), dependencies({ checkers }), store);
    assert.equal(outcome.results.valid, true, JSON.stringify(outcome.results.results.map((r) => r.summary)));
  });

  it('flags a register that serves stale reads', async () => {
    // Writes land, but every read answers with the value the key had at the first read.
    const registers = new Map<string, unknown>();
    const firstSeen = new Map<string, unknown>();
    const definition = scriptedTarget(async (_process, op: Op): Promise<Completion> => {
      const [key, argument] = op.value as [string, unknown];
      if (op.f === 'write') {
        registers.set(key, argument);
        return { type: 'ok', value: op.value };
      }
      if (op.f === 'read') {
        if (!firstSeen.has(key)) firstSeen.set(key, registers.get(key) ?? null);
        return { type: 'ok', value: [key, firstSeen.get(key)] };
      }
      return { type: 'fail', value: op.value };
    });
    const outcome = await runWith(testSpec({ checkers: ['linearizable'], rateHz: 1000, timeLimitMs: 300 }), dependencies({ checkers, target: definition }), store);
    assert.equal(outcome.results.valid, false);
  });
});

describe('checker registry: no valid without evidence (run loop)', () => {
  const events = (rows: Array<[number, HistoryEvent['type'], string, unknown]>) => history(rows);

  it('a checker whose judged operations all failed or timed out says unknown; one ok operation is evidence', async () => {
    const { runCheckers } = await import('../../harness/run.js');
    const spec = { checkers: ['linearizable'] } as unknown as TestSpec;
    const failedOnly = events([
      [0, 'invoke', 'cas', ['a', [1, 2]]],
      [0, 'fail', 'cas', ['a', [1, 2]]],
      [1, 'invoke', 'write', ['a', 1]],
      [1, 'info', 'write', ['a', 1]],
    ]);
    const [unknown] = runCheckers(spec, checkers, failedOnly, undefined);
    assert.equal(unknown!.valid, 'unknown');
    assert.match(unknown!.summary, /no read\/write\/cas operation completed ok \(1 fail, 1 info\)/);
    const withRead = [...failedOnly, ...events([[2, 'invoke', 'read', ['a', null]], [2, 'ok', 'read', ['a', 1]]]).map((e, i) => ({ ...e, index: 4 + i, timeNs: (4 + i) * 1000 }))];
    assert.equal(runCheckers(spec, checkers, withRead, undefined)[0]!.valid, true);
  });

  it('a violation found without any ok operation stands', async () => {
    const { runCheckers } = await import('../../harness/run.js');
    const invalid = { broken: Object.assign(() => ({ checker: 'broken', valid: false as const, summary: 'phantom' }), { ops: ['deposit'] }) };
    const [result] = runCheckers({ checkers: ['broken'] } as unknown as TestSpec, invalid, [], undefined);
    assert.equal(result!.valid, false);
  });
});
