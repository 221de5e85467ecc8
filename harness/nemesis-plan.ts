/**
 * The contract between the run loop and nemesis/ (nemesis/registry.ts builds a NemesisPlan
 * from the spec; the loop drives it):
 *
 * - The plan's `schedule` is computed up front, purely from the spec's seed, time limit and
 *   nemesisIntervalMs: fault operations with their start offset from the beginning of the
 *   run's main phase. f is 'start-<kind>' or 'stop-<kind>' (kind = 'partition', 'drop',
 *   'crash', 'pause', ...); the value says what to do (e.g. the partition grudge).
 * - The loop calls `nemesis.invoke(run, op)` at each step's time and then records ONE history
 *   event {process: 'nemesis', type: 'info', f: op.f, value: completion.value ?? op.value}.
 *   The nemesis does not write the history itself. A completion of type 'fail' means "skipped"
 *   (e.g. the target cannot be paused): the loop logs a warning and records nothing.
 * - Steps at or after the time limit are not run. At the end of the main phase (time limit,
 *   Ctrl-C or an error) the loop calls `nemesis.teardown(run)`, which must heal everything
 *   (network, paused and killed nodes), then sets the network to noFaults itself, and records
 *   a 'stop-<kind>' event, with the value of its start event, for each kind still active.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { noFaults } from './interfaces.js';
import type { Logger, Nemesis, Op, RunContext, Target } from './interfaces.js';
import type { FaultWindowTracker } from './history/fault-windows.js';
import type { RunHistory } from './run-history.js';
import type { TestSpec } from './spec.js';
import { lifecycleTimeoutsMs, withinMs } from './time-bound.js';

export interface ScheduledFault {
  /** When to run it, ms after the main phase started. */
  atMs: number;
  op: Op;
}

export interface NemesisPlan {
  nemesis: Nemesis;
  /** In ascending atMs order; a pure function of the spec (same seed, same schedule). */
  schedule: readonly ScheduledFault[];
}

/** nemesis/registry.ts provides one of these; tests pass fakes. */
export type NemesisFactory = (spec: TestSpec, target: Target, log: Logger) => NemesisPlan;

/** A plan that does nothing: for `--nemesis ''` (no faults). */
export function noNemesisPlan(): NemesisPlan {
  return {
    nemesis: { setup: async () => {}, invoke: async (_run, op) => ({ type: 'ok', value: op.value }), teardown: async () => {} },
    schedule: [],
  };
}

/** Runs the plan's schedule until the time limit or `stop` aborts; records each applied step. */
export async function runNemesisSchedule(
  run: RunContext,
  plan: NemesisPlan,
  history: RunHistory,
  activeFaults: FaultWindowTracker,
  mainStartMs: number,
  stop: AbortSignal,
): Promise<void> {
  for (const step of plan.schedule) {
    if (step.atMs >= run.spec.timeLimitMs || stop.aborted) return;
    const waitMs = mainStartMs + step.atMs - performance.now();
    if (waitMs > 0) {
      try {
        await sleep(waitMs, undefined, { signal: stop });
      } catch {
        return; // stopped while waiting
      }
    }
    if (stop.aborted) return;
    try {
      const completion = await plan.nemesis.invoke(run, step.op);
      if (completion.type === 'fail') {
        run.log.warn(`nemesis skipped ${step.op.f}`, { value: step.op.value, error: completion.error });
        continue;
      }
      const value = completion.value === undefined ? step.op.value : completion.value;
      activeFaults.add(history.append('nemesis', 'info', step.op.f, value, completion.error === undefined ? undefined : { error: completion.error }));
      run.log.info(`nemesis ${step.op.f}`, { value });
    } catch (error) {
      run.log.error(`nemesis ${step.op.f} failed`, { error: errorMessage(error) });
    }
  }
}

/** Heals everything and records a stop event for each fault kind still active. */
export async function healAll(run: RunContext, plan: NemesisPlan | undefined, history: RunHistory, activeFaults: FaultWindowTracker): Promise<void> {
  if (plan !== undefined) {
    try {
      await withinMs(lifecycleTimeoutsMs.nemesis, 'nemesis teardown (heal)', plan.nemesis.teardown(run));
    } catch (error) {
      run.log.error('nemesis teardown (heal) failed', { error: errorMessage(error) });
    }
  }
  try {
    await withinMs(lifecycleTimeoutsMs.nemesis, 'healing the network', run.runtime.setNetworkFaults(noFaults()));
  } catch (error) {
    run.log.error('healing the network failed', { error: errorMessage(error) });
  }
  // Like every stop event, the final one carries its start's value.
  for (const window of activeFaults.openWindows().sort((a, b) => a.kind.localeCompare(b.kind))) {
    activeFaults.add(history.append('nemesis', 'info', `stop-${window.kind}`, window.value));
  }
  run.log.info('healed');
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
