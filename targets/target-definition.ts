import type { Client, Target } from '../harness/interfaces.js';
import type { TestSpec } from '../harness/spec.js';

/** How the CLI and run loop find a target by name (targets/registry.ts maps names to these). */
export interface TargetDefinition {
  name: string;
  description: string;
  /** Node names used when the user gives none. */
  defaultNodes: string[];
  /** Workloads this target can serve; the first is the default. */
  workloads: string[];
  /** Option names this target reads from spec.targetOptions, with a description and allowed values. */
  options: Record<string, TargetOption>;
  /** Runtimes it runs on. */
  runtimes: Array<'local' | 'netns'>;
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
