import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { perfChecker } from '../../checkers/perf.js';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { HistoryEvent } from '../../harness/event.js';
import type { Checker, Completion, Op } from '../../harness/interfaces.js';
import fc from 'fast-check';
import { seededRng } from '../../harness/seeded-rng.js';
import { registerWorkload } from '../../workloads/register.js';
import { ledgerWorkload } from '../../workloads/ledger.js';
import { checkers as checkerRegistry } from '../../checkers/registry.js';
import { UsageError } from '../../harness/exit-codes.js';
import { lifecycleTimeoutsMs } from '../../harness/time-bound.js';
import { dependencies, FakeRuntime, runWith, scriptedNemesis, scriptedTarget, testSpec } from './run-fakes.js';

/** Every client invoke has exactly one completion, and a process never has two ops open. */
function assertWellFormed(events: readonly HistoryEvent[]): void {
  const open = new Map<number, HistoryEvent>();
  const finished = new Set<number>(); // processes that got info: never used again
  events.forEach((event, i) => {
    assert.equal(event.index, i, 'indexes are dense');
    if (i > 0) assert.ok(event.timeNs >= events[i - 1].timeNs, 'times never go back');
    if (typeof event.process !== 'number') return;
    assert.ok(!finished.has(event.process), `process ${event.process} reused after info at index ${i}`);
    if (event.type === 'invoke') {
      assert.ok(!open.has(event.process), `process ${event.process} invoked twice at index ${i}`);
      open.set(event.process, event);
    } else {
      const invoke = open.get(event.process);
      assert.ok(invoke !== undefined, `completion without invoke at index ${i}`);
      assert.equal(event.f, invoke.f);
      open.delete(event.process);
      if (event.type === 'info') finished.add(event.process);
    }
  });
  assert.equal(open.size, 0, `operations never completed: ${[...open.keys()].join(', ')}`);
}

/** Each slot's operations, without the final reads (the last 3 invokes and their completions). */
function opsBySlot(events: readonly HistoryEvent[], concurrency: number): string[][] {
  const slots: string[][] = Array.from({ length: concurrency }, () => []);
  for (const event of events.slice(0, -6)) {
    if (typeof event.process === 'number' && event.type === 'invoke') slots[event.process % concurrency].push(JSON.stringify([event.f, event.value]));
  }
  return slots;
}

describe('run loop (harness/run.ts)', function () {
  this.timeout(20_000);
  let store: string;
  beforeEach(() => {
    store = mkdtempSync(path.join(tmpdir(), 'run-loop-'));
  });
  afterEach(() => rmSync(store, { recursive: true, force: true }));

  it('runs the no-op target for the time limit and stores spec, history, results and latest', async () => {
    const runtime = new FakeRuntime();
    const spec = testSpec({ timeLimitMs: 300 });
    const outcome = await runWith(spec, dependencies({ runtime }), store);
    assertWellFormed(outcome.history);
    const clientOps = outcome.history.filter((e) => e.type === 'invoke' && typeof e.process === 'number');
    assert.ok(clientOps.length > 100, `expected many ops at unlimited rate, got ${clientOps.length}`);
    const lines = readFileSync(path.join(outcome.dir, 'history.jsonl'), 'utf8').trim().split('\n');
    assert.equal(lines.length, outcome.history.length);
    assert.deepEqual(JSON.parse(lines[5]), outcome.history[5]);
    assert.deepEqual(JSON.parse(readFileSync(path.join(outcome.dir, 'test.json'), 'utf8')), spec);
    const results = JSON.parse(readFileSync(path.join(outcome.dir, 'results.json'), 'utf8'));
    assert.equal(results.valid, true);
    assert.equal(results.results[0].checker, 'perf');
    assert.equal(results.counts.ok + results.counts.fail + results.counts.info, clientOps.length);
    assert.equal(path.resolve(store, readlinkSync(path.join(store, 'latest'))), outcome.dir);
    assert.match(readFileSync(path.join(outcome.dir, 'harness.log'), 'utf8'), /"message":"run done"/);
    assert.equal(runtime.setupCalls, 1);
    assert.equal(runtime.teardownCalls, 1);
    // The final reads of the register workload come after everything else, one per key.
    const finalReads = outcome.history.slice(-6).filter((e) => e.type === 'ok');
    assert.equal(finalReads.length, 3);
  });

  it('replays the same operations per client slot from the same seed, and others from another seed', async () => {
    const spec = testSpec({ timeLimitMs: 250, rateHz: 200, concurrency: 2 });
    const first = opsBySlot((await runWith(spec, dependencies(), store)).history, 2);
    const second = opsBySlot((await runWith(spec, dependencies(), store)).history, 2);
    const other = opsBySlot((await runWith({ ...spec, seed: 43 }, dependencies(), store)).history, 2);
    for (let slot = 0; slot < 2; slot += 1) {
      const n = Math.min(first[slot].length, second[slot].length);
      assert.ok(n >= 10, `slot ${slot}: only ${n} ops`);
      assert.deepEqual(first[slot].slice(0, n), second[slot].slice(0, n));
    }
    const n = Math.min(first[0].length, other[0].length);
    assert.notDeepEqual(first[0].slice(0, n), other[0].slice(0, n));
  });

  it('paces operations to the rate over all clients', async () => {
    const outcome = await runWith(testSpec({ timeLimitMs: 500, rateHz: 100, concurrency: 4 }), dependencies(), store);
    const invokes = outcome.history.filter((e) => e.type === 'invoke').slice(0, -3); // minus the final reads
    const spanS = (invokes.at(-1)!.timeNs - invokes[0].timeNs) / 1e9;
    // Never faster than the grid of 10 ms slots; a loaded machine may do fewer.
    assert.ok(invokes.length <= spanS * 100 + 2, `${invokes.length} ops in ${spanS} s is above 100 Hz`);
    assert.ok(invokes.length >= 25, `~50 ops expected at 100 Hz for 0.5 s, got ${invokes.length}`);
  });

  it('runs the nemesis schedule, records each fault, heals at the end and records the final stop', async () => {
    const runtime = new FakeRuntime();
    const plan = scriptedNemesis([
      { atMs: 50, op: { f: 'start-partition', value: { n1: ['client'] } } },
      { atMs: 150, op: { f: 'stop-partition', value: null } },
      { atMs: 200, op: { f: 'start-pause', value: 'n1' } },
      { atMs: 5000, op: { f: 'start-crash', value: 'n1' } }, // after the time limit: never run
    ]);
    const outcome = await runWith(testSpec({ timeLimitMs: 300, rateHz: 200 }), dependencies({ runtime, createNemesis: () => plan }), store);
    const nemesisEvents = outcome.history.filter((e) => e.process === 'nemesis');
    assert.deepEqual(
      nemesisEvents.map((e) => [e.type, e.f]),
      [
        ['info', 'start-partition'],
        ['info', 'stop-partition'],
        ['info', 'start-pause'],
        ['info', 'stop-pause'],
      ],
    );
    assert.deepEqual(nemesisEvents[0].value, { applied: { n1: ['client'] } });
    assert.deepEqual(nemesisEvents[3].value, { applied: 'n1' }, 'the final stop carries its start value');
    assert.ok(nemesisEvents[0].timeNs >= 40e6 && nemesisEvents[1].timeNs - nemesisEvents[0].timeNs >= 90e6);
    assert.deepEqual(plan.invoked.map((op) => op.f), ['start-partition', 'stop-partition', 'start-pause']);
    assert.equal(plan.setUp, 1);
    assert.equal(plan.tornDown, 1);
    assert.deepEqual(runtime.faultsApplied.at(-1), { blocked: {}, loss: {}, delayMs: {} });
    // Final reads happen after the heal.
    const healIndex = nemesisEvents[3].index;
    const finalInvokes = outcome.history.filter((e) => e.type === 'invoke' && e.index > healIndex);
    assert.ok(finalInvokes.length >= 3);
    const perf = outcome.results.results[0] as unknown as { faultWindows: Array<{ kind: string }> };
    assert.deepEqual(perf.faultWindows.map((w) => w.kind), ['partition', 'pause']);
  });

  it('replaces a client that returned info with process id + concurrency, never reusing the old one', async () => {
    let calls = 0;
    const definition = scriptedTarget(async (_processId, op: Op): Promise<Completion> => {
      calls += 1;
      // Reads always answer, so the 3 final reads are the last 6 events.
      return calls % 5 === 0 && op.f !== 'read' ? { type: 'info', value: op.value, error: 'timed-out' } : { type: 'ok', value: op.value };
    });
    const outcome = await runWith(testSpec({ timeLimitMs: 200, rateHz: 500, concurrency: 2 }), dependencies({ target: definition }), store);
    assertWellFormed(outcome.history);
    const infos = outcome.history.filter((e) => e.type === 'info');
    assert.ok(infos.length >= 3);
    const processes = new Set(outcome.history.filter((e) => typeof e.process === 'number' && e.index < outcome.history.length - 6).map((e) => e.process as number));
    for (const p of processes) if (p >= 2) assert.ok(processes.has(p - 2), `process ${p} must follow ${p - 2}`);
    for (const info of infos) assert.ok(definition.closed.includes(info.process as number), `process ${info.process} closed after info`);
  });

  it('gives up on an operation its client never ends: info, and a fresh process takes the slot', async () => {
    const definition = scriptedTarget((processId, op) => (processId === 0 ? new Promise<Completion>(() => {}) : Promise.resolve({ type: 'ok', value: op.value })));
    const outcome = await runWith(testSpec({ timeLimitMs: 400, rateHz: 100, concurrency: 2, opTimeoutMs: 100 }), dependencies({ target: definition }), store);
    assertWellFormed(outcome.history);
    const stuck = outcome.history.find((e) => e.process === 0 && e.type !== 'invoke');
    assert.equal(stuck?.type, 'info');
    assert.equal(stuck?.error, 'harness-timeout');
    assert.ok(outcome.history.some((e) => e.process === 2 && e.type === 'ok'), 'slot 0 went on as process 2');
  });

  it('retries opening a replacement client whose node is down, and names the node on multi-node events', async () => {
    let failedOpens = 0;
    const definition = scriptedTarget(async (processId, op) => (processId < 2 && op.f !== 'read' ? { type: 'info', value: op.value } : { type: 'ok', value: op.value }));
    const createClient = definition.createClient;
    definition.createClient = (spec, target, processId) => {
      const client = createClient(spec, target, processId);
      return {
        ...client,
        open: async (run, node) => {
          if (processId >= 2 && processId < 4 && failedOpens < 4) {
            failedOpens += 1;
            throw new Error(`node ${node} is down`);
          }
          return client.open(run, node);
        },
      };
    };
    const outcome = await runWith(testSpec({ timeLimitMs: 500, rateHz: 200, concurrency: 2, nodes: ['n1', 'n2'] }), dependencies({ target: definition }), store);
    assert.equal(outcome.results.aborted, undefined);
    assert.equal(failedOpens, 4);
    assertWellFormed(outcome.history);
    assert.ok(outcome.history.some((e) => e.process === 2 && e.type === 'ok'), 'slot 0 went on once its node was back');
    const clientEvents = outcome.history.filter((e) => typeof e.process === 'number' && e.index < outcome.history.length - 6);
    for (const e of clientEvents) assert.equal(e.node, (e.process as number) % 2 === 0 ? 'n1' : 'n2');
  });

  it('always records a well-formed history, whatever the clients answer and however long they take (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({ concurrency: fc.integer({ min: 1, max: 6 }), seed: fc.integer({ min: 0, max: 1000 }), infoRate: fc.double({ min: 0, max: 0.4, noNaN: true }), failRate: fc.double({ min: 0, max: 0.4, noNaN: true }), slowRate: fc.double({ min: 0, max: 0.1, noNaN: true }) }),
        async ({ concurrency, seed, infoRate, failRate, slowRate }) => {
          const rng = seededRng(seed, 'scripted-target');
          const definition = scriptedTarget(async (_p, op) => {
            const roll = rng();
            // A slow answer outlives opTimeoutMs + grace: the loop must give up on it.
            const delayMs = rng() < slowRate ? 150 : Math.floor(rng() * 3);
            if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
            if (op.f === 'read' && roll < infoRate + failRate) return { type: 'ok', value: op.value };
            if (roll < infoRate) return { type: 'info', value: op.value, error: 'timed-out' };
            if (roll < infoRate + failRate) return { type: 'fail', value: op.value };
            return { type: 'ok', value: op.value };
          });
          const outcome = await runWith(testSpec({ concurrency, seed, timeLimitMs: 150, rateHz: 400, opTimeoutMs: 40 }), dependencies({ target: definition }), store);
          assert.equal(outcome.results.aborted, undefined);
          assertWellFormed(outcome.history);
          const completions = outcome.history.filter((e) => typeof e.process === 'number' && e.type !== 'invoke').length;
          const { ok, fail, info } = outcome.results.counts;
          assert.equal(ok + fail + info, completions);
        },
      ),
      { numRuns: 8, verbose: true },
    );
  });

  it('does not wait forever for a client that never closes or a node that never tears down', async () => {
    const saved = { ...lifecycleTimeoutsMs };
    Object.assign(lifecycleTimeoutsMs, { clientClose: 100, teardown: 200 });
    try {
      const runtime = new FakeRuntime();
      const definition = scriptedTarget(async (_p, op) => ({ type: 'ok', value: op.value }), { teardown: () => new Promise<void>(() => {}) });
      const createClient = definition.createClient;
      definition.createClient = (spec, target, processId) => ({ ...createClient(spec, target, processId), close: () => new Promise<void>(() => {}) });
      const started = performance.now();
      const outcome = await runWith(testSpec({ timeLimitMs: 100 }), dependencies({ runtime, target: definition }), store);
      assert.ok(performance.now() - started < 3000, 'the run ended');
      assert.equal(outcome.results.valid, true);
      assert.equal(runtime.teardownCalls, 1, 'the runtime was still torn down');
      assert.match(readFileSync(path.join(outcome.dir, 'harness.log'), 'utf8'), /teardown of node n1 did not finish within 200 ms/);
    } finally {
      Object.assign(lifecycleTimeoutsMs, saved);
    }
  });

  it('on an interrupt: heals, tears down, keeps the history, and does not call the run valid', async () => {
    const runtime = new FakeRuntime();
    const plan = scriptedNemesis([{ atMs: 10, op: { f: 'start-partition', value: {} } }]);
    const interrupt = new AbortController();
    setTimeout(() => interrupt.abort(), 150);
    const started = performance.now();
    const outcome = await runWith(testSpec({ timeLimitMs: 10_000, rateHz: 100 }), dependencies({ runtime, createNemesis: () => plan }), store, { signal: interrupt.signal });
    assert.ok(performance.now() - started < 3000, 'stopped early');
    assert.equal(outcome.results.aborted?.reason, 'interrupted');
    assert.equal(outcome.results.valid, 'unknown');
    assert.equal(outcome.results.partial, true, 'the partial history was checked');
    assert.equal(outcome.results.results[0]?.valid, true, 'perf judged what was recorded');
    assert.equal(plan.tornDown, 1);
    assert.equal(runtime.teardownCalls, 1);
    assert.ok(outcome.history.some((e) => e.f === 'stop-partition'));
    const stored = readFileSync(path.join(outcome.dir, 'history.jsonl'), 'utf8').trim().split('\n');
    assert.equal(stored.length, outcome.history.length);
    assert.ok(stored.length > 5);
  });

  it('on an interrupt, a violation in the partial history is the verdict, marked partial and stored so', async () => {
    const interrupt = new AbortController();
    setTimeout(() => interrupt.abort(), 150);
    // A register that makes values up: every read returns 7, which no write (0..4) wrote.
    const madeUp = scriptedTarget(async (_p, op) => ({ type: 'ok', value: op.f === 'read' ? [(op.value as [string])[0], 7] : op.value }));
    const outcome = await runWith(testSpec({ timeLimitMs: 10_000, rateHz: 200, checkers: ['linearizable'] }), dependencies({ target: madeUp, checkers: checkerRegistry }), store, { signal: interrupt.signal });
    assert.equal(outcome.results.aborted?.reason, 'interrupted');
    assert.equal(outcome.results.partial, true);
    assert.equal(outcome.results.valid, false, outcome.results.results[0]?.summary);
    const stored = JSON.parse(readFileSync(path.join(outcome.dir, 'results.json'), 'utf8'));
    assert.equal(stored.partial, true);
    assert.equal(stored.valid, false);
  });

  it('drops the node data of a valid run, keeps it with keepData and for runs that are not valid; node logs stay', async () => {
    const writesNodeFiles = () =>
      scriptedTarget(async (_p, op) => ({ type: 'ok', value: op.value }), {
        setup: async (run, node) => {
          mkdirSync(path.join(run.dir, 'nodes', node, 'data'), { recursive: true });
          writeFileSync(path.join(run.dir, 'nodes', node, 'data', 'wal'), Buffer.alloc(4096));
          writeFileSync(path.join(run.dir, 'nodes', node, 'server.log'), 'up\n');
        },
      });
    const invalid: Checker = () => ({ checker: 'no', valid: false, summary: 'a violation' });
    const cases = [
      { name: 'valid', checkers: ['perf'], keepData: false, kept: false },
      { name: 'valid --keep-data', checkers: ['perf'], keepData: true, kept: true },
      { name: 'invalid', checkers: ['no'], keepData: false, kept: true },
    ];
    for (const { name, checkers: names, keepData, kept } of cases) {
      const outcome = await runWith(testSpec({ nodes: ['n1', 'n2'], timeLimitMs: 50, checkers: names }), dependencies({ target: writesNodeFiles(), checkers: { perf: perfChecker, no: invalid } }), store, { keepData });
      for (const node of ['n1', 'n2']) {
        assert.equal(existsSync(path.join(outcome.dir, 'nodes', node, 'data', 'wal')), kept, `${name}: ${node} data`);
        assert.ok(existsSync(path.join(outcome.dir, 'nodes', node, 'server.log')), `${name}: ${node} log kept`);
      }
    }
  });

  it('refuses a store folder it cannot write before starting anything, in one line', async () => {
    const runtime = new FakeRuntime();
    const file = path.join(store, 'a-file');
    writeFileSync(file, '');
    for (const storeDir of [file, path.join(file, 'below'), ...(existsSync('/proc/self') ? ['/proc/nope'] : [])]) {
      await assert.rejects(runWith(testSpec(), dependencies({ runtime }), storeDir), (error: unknown) => error instanceof UsageError && !error.message.includes('\n') && error.message.startsWith(`store folder ${storeDir}:`));
    }
    assert.equal(runtime.setupCalls, 0);
  });

  it('an abort with an Error as reason ends the run as an error, still tearing down', async () => {
    const runtime = new FakeRuntime();
    const failure = new AbortController();
    setTimeout(() => failure.abort(new Error('socket handler threw')), 100);
    const outcome = await runWith(testSpec({ timeLimitMs: 10_000, rateHz: 100 }), dependencies({ runtime }), store, { signal: failure.signal });
    assert.equal(outcome.results.aborted?.reason, 'error');
    assert.equal(outcome.results.aborted?.message, 'socket handler threw');
    assert.equal(runtime.teardownCalls, 1);
  });

  it('on an error in setup: tears down what it set up and reports the error', async () => {
    const runtime = new FakeRuntime();
    let teardowns = 0;
    const definition = scriptedTarget(async (_p, op) => ({ type: 'ok', value: op.value }), {
      setup: async () => {
        throw new Error('node n1 would not start');
      },
      teardown: async () => {
        teardowns += 1;
      },
    });
    const outcome = await runWith(testSpec(), dependencies({ runtime, target: definition }), store);
    assert.equal(outcome.results.aborted?.reason, 'error');
    assert.match(outcome.results.aborted?.message ?? '', /would not start/);
    assert.equal(teardowns, 1);
    assert.equal(runtime.teardownCalls, 1);
  });

  it('reports a checker that throws as unknown, never valid, and passes the execution log', async () => {
    let seenLog: unknown;
    const throwing: Checker = () => {
      throw new Error('boom');
    };
    const peeking: Checker = (_spec, _history, context) => {
      seenLog = context.executionLog;
      return { checker: 'peek', valid: true, summary: 'ok' };
    };
    const definition = scriptedTarget(async (_p, op) => ({ type: 'ok', value: op.value }), { executionLog: async () => [{ id: '0:1' }] });
    const outcome = await runWith(testSpec({ checkers: ['peek', 'boom'], timeLimitMs: 100 }), dependencies({ target: definition, checkers: { boom: throwing, peek: peeking } }), store);
    assert.equal(outcome.results.valid, 'unknown');
    assert.equal(outcome.results.results[1].valid, 'unknown');
    assert.match(outcome.results.results[1].summary, /boom/);
    assert.deepEqual(seenLog, [{ id: '0:1' }]);
  });

  it('reports a run whose clients all time out as unknown, with the reason, never valid', async () => {
    const never = scriptedTarget(() => new Promise<Completion>(() => undefined));
    const workload = { ...registerWorkload, finalOps: undefined };
    const spec = testSpec({ checkers: ['linearizable', 'perf'], timeLimitMs: 300, opTimeoutMs: 100 });
    const outcome = await runWith(spec, dependencies({ target: never, workload, checkers: checkerRegistry }), store);
    assert.equal(outcome.results.counts.ok, 0);
    assert.ok(outcome.results.counts.info > 0);
    assert.equal(outcome.results.valid, 'unknown');
    for (const result of outcome.results.results) {
      assert.equal(result.valid, 'unknown', `${result.checker}: ${result.summary}`);
      assert.match(result.summary, /completed ok .*nothing to judge/);
    }
    assert.match(outcome.results.results[0]!.summary, /no read\/write\/cas operation completed ok \(0 fail, \d+ info\)/);
  });

  it('refuses a workload its target does not serve before storing or starting anything (usage error)', async () => {
    const runtime = new FakeRuntime();
    const deps = dependencies({ runtime, workload: ledgerWorkload, checkers: checkerRegistry });
    await assert.rejects(runWith(testSpec({ workload: 'ledger', checkers: ['exactly-once'] }), deps, store), (error: unknown) => error instanceof UsageError && /serves read\/write\/cas/.test(error.message));
    assert.equal(runtime.setupCalls, 0);
    assert.deepEqual(readdirSync(store), []);
  });

  it('keeps going when the workload has no final operations', async () => {
    const workload = { ...registerWorkload, finalOps: undefined };
    const outcome = await runWith(testSpec({ timeLimitMs: 100 }), dependencies({ workload }), store);
    assert.equal(outcome.results.valid, true);
  });
});
