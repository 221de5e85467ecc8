/**
 * A fault package bundles what belongs together (Jepsen's nemesis/combined packages): how one
 * fault's parameters are drawn from the seed, how it starts and stops, which lane of the
 * schedule it lives in, what the target must be able to do, and how reports shade it.
 */
import type { RunContext, Target } from '../harness/interfaces.js';
import type { RuntimeAbility } from '../harness/runtime/runtime-abilities.js';
import type { NetworkFaultState } from './network-fault-state.js';
import type { Rng } from './partitions.js';

/** What a fault acts on while it runs. */
export interface FaultContext {
  run: RunContext;
  target: Target;
  /** Shared by partition and drop: the network state is their combination. */
  network: NetworkFaultState;
}

/** Target abilities a fault may need (optional methods of Target). */
export type TargetAbility = 'kill' | 'start' | 'pause' | 'resume' | 'primary';

export interface FaultPackage<Params = unknown> {
  /** Kind name: events are 'start-<name>' / 'stop-<name>'; `--nemesis` lists these. */
  name: string;
  description: string;
  /**
   * Faults of one lane never overlap in time; different lanes do (drop during a crash is
   * what exposes a forgetful at-most-once server). crash and pause share the 'process' lane,
   * so a node is never paused and killed at once.
   */
  lane: string;
  /**
   * What the runtime must carry for this fault (its registry entry says what it can): a fault
   * the runtime cannot deliver to the target's traffic is refused before the run starts
   * (harness/runtime/runtime-abilities.ts), never reported as a meaningless valid.
   */
  needs: readonly RuntimeAbility[];
  /** CSS colour of this fault's bands in plots and reports. */
  shade: string;
  /** Target methods this fault calls; without them the fault is skipped with a warning. */
  requires: readonly TargetAbility[];
  /** Pure: the parameters of one fault (plain JSON, it becomes the history event's value). */
  plan(nodes: readonly string[], rng: Rng): Params;
  /**
   * Optional, for faults aimed at what the system is doing at that moment (its primary): turns
   * the planned params into the ones to apply, just before start. The resolved params are what
   * the history records and what stop gets. Never throws: falls back to the planned params.
   */
  resolve?(context: FaultContext, planned: Params): Promise<Params>;
  start(context: FaultContext, params: Params): Promise<void>;
  stop(context: FaultContext, params: Params): Promise<void>;
}
