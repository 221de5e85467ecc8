/**
 * What a test file exports (`export default defineTest({...})`): every TestSpec field, each
 * optional (the command line's defaults fill the rest, its flags override them), plus parts
 * written inline in the file: a target, a client, a workload, checkers. defineTest only gives
 * the object its type; the harness checks its shape when it loads the file.
 */
import type { Checker, TargetDefinition, Workload } from '../interfaces.js';
import type { TestSpec } from '../spec.js';

/** A checker written in the test file, run under its name. */
export interface InlineChecker {
  name: string;
  check: Checker;
}

/**
 * An inline target: a TargetDefinition; what it leaves out is filled in (description '',
 * defaultNodes n1..n3, workloads ['register'], ops: those of its workload, options {},
 * transport 'tcp').
 */
export type InlineTarget = Pick<TargetDefinition, 'name' | 'createTarget'> & Partial<TargetDefinition>;

/** An inline workload; description defaults to '', ops to none declared, checkers to none (name them in `checkers`). */
export type InlineWorkload = Pick<Workload, 'name' | 'nextOp'> & Partial<Workload>;

export interface TestFile {
  name?: string;
  /** Node names, or how many (n1, n2, ...). */
  nodes?: string[] | number;
  /** A registered target's name, or one written here. */
  target?: string | InlineTarget;
  /** The target's options by their camelCase names, e.g. { nodeCommand: '...', ops: ['read', 'write'] }. */
  targetOptions?: Record<string, unknown>;
  /** Makes each client instead of the target's createClient. */
  client?: TargetDefinition['createClient'];
  workload?: string | InlineWorkload;
  /** Fault names, e.g. ['partition', 'crash']; [] for none. */
  nemesis?: string[];
  runtime?: TestSpec['runtime'] | 'auto';
  concurrency?: number;
  timeLimitMs?: number;
  rateHz?: number;
  nemesisIntervalMs?: number;
  opTimeoutMs?: number;
  seed?: number;
  /** Registered checker names and checkers written here. */
  checkers?: Array<string | InlineChecker>;
  /** Consistency models the transactional checkers hold the history to (default ['strict-serializable']). */
  consistencyModels?: string[];
  /** Accepted for symmetry with test.json; the harness always writes its own replay command. */
  command?: string;
}

export function defineTest(test: TestFile): TestFile {
  return test;
}
