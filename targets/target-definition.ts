import type { Client, Target } from '../harness/interfaces.js';
import type { TestSpec } from '../harness/spec.js';
import type { Transport } from '../harness/runtime/runtime-abilities.js';

/** How the CLI and run loop find a target by name (targets/registry.ts maps names to these). */
export interface TargetDefinition {
  name: string;
  description: string;
  /** Node names used when the user gives none. */
  defaultNodes: string[];
  /** Workloads this target can serve; the first is the default. */
  workloads: string[];
  /**
   * Operation names (f) its clients serve. A workload that sends another one is refused before
   * the run (64, harness/op-compatibility.ts) instead of running into a history of info.
   */
  ops: readonly string[];
  /** Option names this target reads from spec.targetOptions, with a description and allowed values. */
  options: Record<string, TargetOption>;
  /**
   * The operations this run's clients serve when they depend on its options (the command
   * target's --ops); a subset of `ops`. Absent: `ops`.
   */
  servedOps?(spec: TestSpec): readonly string[];
  /**
   * Why its nodes must all name a peer by one and the same address (etcd's --initial-cluster),
   * when they must: a runtime whose links each have their own address (local's proxies) cannot
   * bring network faults to such a target, and says so with this reason.
   */
  needsOneAddressPerNode?: string;
  /**
   * What its nodes and clients speak, so the runtime's registry entry tells which faults reach
   * it ('none': no network at all). It runs on every runtime that can carry its faults.
   */
  transport: Transport | 'none';
  /** The runtime 'auto' picks for it, when not the machine's default (netns as root, else local). */
  defaultRuntime?: string;
  createTarget(spec: TestSpec): Target;
  /** One Client per logical client process; processId is the history's process number. */
  createClient(spec: TestSpec, target: Target, processId: number): Client;
}

/**
 * One option of a target (--name on the command line, targetOptions.name in a test file).
 * Parsed once, before anything starts: by `parse` when given, else by the type of `default`
 * (number, boolean, string) and `values`.
 */
export interface TargetOption {
  /** What it does, with its unit. */
  description: string;
  /** The allowed values, when it is one of a few words. */
  values?: string[];
  default: unknown;
  /** Text (the flag's value) -> the option's value; throws UsageError naming the flag on bad input. */
  parse?: (text: string, flag: string) => unknown;
}
