import assert from 'node:assert/strict';
import fc from 'fast-check';
import { crashFault } from '../../nemesis/crash.js';
import { dropFault, dropLossRange, type DropParams } from '../../nemesis/drop.js';
import type { FaultPackage } from '../../nemesis/fault-package.js';
import { partitionFault } from '../../nemesis/partition.js';
import { pauseFault } from '../../nemesis/pause.js';
import { computeSchedule, faultFraction, type FaultStep, type ScheduleInput } from '../../nemesis/schedule.js';

const allFaults: FaultPackage[] = [partitionFault, dropFault, crashFault, pauseFault];

const inputs = fc.record({
  seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
  timeLimitMs: fc.integer({ min: 0, max: 60_000 }),
  intervalMs: fc.integer({ min: 50, max: 5_000 }),
  nodes: fc.constantFrom(['n1'], ['n1', 'n2'], ['n1', 'n2', 'n3'], ['n1', 'n2', 'n3', 'n4', 'n5']),
  faults: fc.subarray(allFaults, { minLength: 1 }),
});

const kindOf = (step: FaultStep) => step.op.f.replace(/^(start|stop)-/, '');
const starts = (step: FaultStep) => step.op.f.startsWith('start-');

/** Per kind, its [start, stop] windows in order. */
function windows(schedule: readonly FaultStep[]): Map<string, Array<{ startMs: number; stopMs: number; value: unknown; stopValue: unknown }>> {
  const byKind = new Map<string, Array<{ startMs: number; stopMs: number; value: unknown; stopValue: unknown }>>();
  const open = new Map<string, FaultStep>();
  for (const step of schedule) {
    const kind = kindOf(step);
    if (starts(step)) {
      assert.ok(!open.has(kind), `${kind} started twice without a stop at ${step.atMs}`);
      open.set(kind, step);
    } else {
      const start = open.get(kind);
      assert.ok(start !== undefined, `stop-${kind} at ${step.atMs} without a start`);
      open.delete(kind);
      const list = byKind.get(kind) ?? [];
      list.push({ startMs: start.atMs, stopMs: step.atMs, value: start.op.value, stopValue: step.op.value });
      byKind.set(kind, list);
    }
  }
  assert.equal(open.size, 0, `still open at the end: ${[...open.keys()].join(', ')}`);
  return byKind;
}

describe('nemesis/schedule', () => {
  it('is a pure function of its input', () => {
    fc.assert(fc.property(inputs, (input) => assert.deepEqual(computeSchedule(input), computeSchedule(input))));
  });

  it('alternates start and stop per kind, in time order, all before the time limit, stop carrying its start value', () => {
    fc.assert(
      fc.property(inputs, (input) => {
        const schedule = computeSchedule(input);
        for (let i = 1; i < schedule.length; i++) assert.ok(schedule[i - 1]!.atMs <= schedule[i]!.atMs, 'ascending');
        for (const step of schedule) {
          assert.ok(step.atMs >= 0 && step.atMs < input.timeLimitMs, `step at ${step.atMs} of ${input.timeLimitMs}`);
          assert.ok(input.faults.some((f) => f.name === kindOf(step)));
        }
        for (const list of windows(schedule).values()) {
          for (const w of list) {
            assert.deepEqual(w.stopValue, w.value);
            // A fault gets its minimum duration (1 ms of rounding either way).
            assert.ok(w.stopMs - w.startMs >= faultFraction.min * input.intervalMs - 1, `window ${w.startMs}..${w.stopMs}`);
          }
        }
      }),
    );
  });

  it('never overlaps crash and pause (one process lane), and stops before it starts again', () => {
    fc.assert(
      fc.property(inputs, (input) => {
        const schedule = computeSchedule({ ...input, faults: [crashFault, pauseFault, dropFault] });
        let active: string | undefined;
        for (const step of schedule.filter((s) => ['crash', 'pause'].includes(kindOf(s)))) {
          if (starts(step)) {
            assert.equal(active, undefined, `${kindOf(step)} starts while ${active} is active`);
            active = kindOf(step);
          } else {
            assert.equal(active, kindOf(step));
            active = undefined;
          }
        }
      }),
    );
  });

  it('takes every kind of a lane before repeating one', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), (seed) => {
        const schedule = computeSchedule({ seed, timeLimitMs: 20_000, intervalMs: 1000, nodes: ['n1'], faults: [crashFault, pauseFault] });
        const order = schedule.filter(starts).map(kindOf);
        assert.ok(order.length >= 4, `only ${order.length} faults in 20 intervals`);
        for (let round = 0; round + 2 <= order.length; round += 2) {
          assert.deepEqual(order.slice(round, round + 2).sort(), ['crash', 'pause'], `round ${round / 2}: ${order.join(' ')}`);
        }
      }),
    );
  });

  it('starts a fault of each lane once per interval on average', () => {
    const intervalMs = 1000;
    const schedule = computeSchedule({ seed: 7, timeLimitMs: 1000 * intervalMs, intervalMs, nodes: ['n1', 'n2', 'n3'], faults: allFaults });
    const startsOf = (kinds: string[]) => schedule.filter((s) => starts(s) && kinds.includes(kindOf(s))).length;
    for (const lane of [['partition'], ['drop'], ['crash', 'pause']]) {
      const count = startsOf(lane);
      assert.ok(Math.abs(count - 1000) < 60, `${lane.join('/')}: ${count} starts in 1000 intervals`);
    }
  });

  it('keeps a lane unchanged when another lane is added (independent rng streams)', () => {
    fc.assert(
      fc.property(inputs, (input) => {
        const only = (faults: FaultPackage[], kind: string) => computeSchedule({ ...input, faults }).filter((s) => kindOf(s) === kind);
        assert.deepEqual(only([partitionFault], 'partition'), only([partitionFault, dropFault, crashFault], 'partition'));
      }),
    );
  });

  it('draws drop fractions within range, each direction of each link on its own', () => {
    const input: ScheduleInput = { seed: 3, timeLimitMs: 60_000, intervalMs: 1000, nodes: ['n1', 'n2'], faults: [dropFault] };
    const drops = computeSchedule(input).filter((s) => s.op.f === 'start-drop').map((s) => (s.op.value as DropParams).loss);
    assert.ok(drops.length > 20);
    let requestDiffersFromReply = 0;
    for (const loss of drops) {
      const links = Object.entries(loss).flatMap(([from, tos]) => Object.keys(tos).map((to) => `${from}->${to}`));
      assert.deepEqual(links.sort(), ['client->n1', 'client->n2', 'n1->client', 'n1->n2', 'n2->client', 'n2->n1']);
      for (const tos of Object.values(loss)) for (const f of Object.values(tos)) assert.ok(f >= dropLossRange.min && f <= dropLossRange.max, `loss ${f}`);
      if (loss.client!.n1 !== loss.n1!.client) requestDiffersFromReply++;
    }
    assert.ok(requestDiffersFromReply > drops.length / 2, 'request and reply fractions are drawn independently');
  });

  it('gives an empty schedule when the time limit leaves no room for a fault', () => {
    assert.deepEqual(computeSchedule({ seed: 1, timeLimitMs: 100, intervalMs: 1000, nodes: ['n1'], faults: allFaults }), []);
    assert.throws(() => computeSchedule({ seed: 1, timeLimitMs: 100, intervalMs: 0, nodes: ['n1'], faults: allFaults }), /interval must be > 0/);
  });
});
