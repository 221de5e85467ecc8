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
  options: Record<string, { description: string; values?: string[]; default: unknown }>;
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
