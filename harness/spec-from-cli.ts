/**
 * `harness test` options -> TestSpec, and back (the replay command saved in test.json).
 * Options are typed data with their units in the descriptions (vitest's cli-config style).
 */
import { randomInt } from 'node:crypto';
import path from 'node:path';
import { UsageError } from './exit-codes.js';
import { shellQuote as quote } from './shell-quote.js';
import type { TestSpec } from './spec.js';
import type { TargetDefinition, Workload } from './interfaces.js';
import { validateModelNames } from '../checkers/transactions/check.js';
import { defaultConsistencyModels } from '../checkers/transactions/consistency-models.js';
import { transactionalCheckerNames } from '../checkers/transactions/txn-checker.js';
import { availabilityCheckerName } from '../checkers/availability.js';
import { canonicalFaultNames } from '../nemesis/registry.js';

/** What the user typed (commander's parsed options, all strings). */
export interface TestCommandOptions {
  name?: string;
  target: string;
  workload?: string;
  nodes?: string;
  /** Maelstrom's --node-count: --nodes as a count. */
  nodeCount?: string;
  runtime: string;
  hosts?: string;
  sshKey?: string;
  /** Absent: the target's default (TargetDefinition.testDefaults), else testDefaults'. */
  nemesis?: string;
  nemesisInterval?: string;
  timeLimit: string;
  /** A count, or Jepsen's `3n`: 3 times the node count. */
  concurrency?: string;
  rate: string;
  opTimeout: string;
  seed?: string;
  /** Maelstrom's --availability: 'total', or the fraction of operations that must succeed. */
  availability?: string;
  /** Maelstrom's and Jepsen's transactional workload shape (spec.txnKeys). */
  keyCount?: string;
  maxTxnLength?: string;
  maxWritesPerKey?: string;
  checkers?: string;
  /** --consistency-models: for the transactional checkers. */
  consistencyModels?: string;
  /** Its alias --consistency-model, folded into consistencyModels by the test command. */
  consistencyModel?: string;
  store: string;
  junit?: string;
  /** A sweep (harness/sweep/): --seeds, --repeat, --parallel, --until-fail. */
  seeds?: string;
  repeat?: string;
  parallel?: string;
  untilFail?: boolean;
  /** Jepsen's --test-count: a sweep of that many consecutive seeds, until one fails. */
  testCount?: string;
  /** Set by a sweep for each of its runs: where to name the run folder. */
  sweepCellFile?: string;
  /** Set by harness replay: the run folder whose recorded operations and faults to send again. */
  replayFrom?: string;
  keepData?: boolean;
  /** Target options (--semantics, --mode, ...) arrive under their camelCase names. */
  [targetOption: string]: unknown;
}

export const testDefaults = {
  target: 'rpc',
  nemesis: 'partition,drop,crash,pause',
  nemesisIntervalS: '2',
  timeLimitS: '10',
  concurrency: '5',
  rateHz: '100',
  opTimeoutMs: '2000',
  store: './store',
  runtime: 'auto',
} as const;

/** Everything the spec needs from outside the options: the resolved registries. */
export interface SpecResolution {
  target: TargetDefinition;
  workload: Workload;
  /** Runtime name after resolving 'auto'. */
  runtime: TestSpec['runtime'];
  /** Target options of every registered target, by camelCase name (to reject those of another target). */
  allTargetOptionNames: ReadonlySet<string>;
}

export function specFromOptions(options: TestCommandOptions, resolved: SpecResolution): TestSpec {
  const { target, workload } = resolved;
  const targetOptions: Record<string, unknown> = {};
  for (const [name, option] of Object.entries(target.options)) {
    const given = options[name];
    targetOptions[name] = given === undefined ? option.default : parseTargetOption(target.name, name, String(given), option);
  }
  for (const name of resolved.allTargetOptionNames) {
    if (options[name] !== undefined && !(name in target.options)) {
      throw new UsageError(`--${kebab(name)} is not an option of target '${target.name}' (its options: ${Object.keys(target.options).map((o) => `--${kebab(o)}`).join(', ') || 'none'})`);
    }
  }
  const defaults = { ...testDefaults, ...target.testDefaults };
  const nemesis = canonicalFaultNames(parseList(options.nemesis ?? defaults.nemesis).filter((n) => n !== 'none'));
  const availability = parseAvailability(options.availability);
  const checkers = withAvailabilityChecker(options.checkers !== undefined ? parseList(options.checkers) : [...new Set([...workload.checkers, 'perf'])], availability);
  // As in Maelstrom, --node-count overrides --nodes.
  const nodes = options.nodeCount !== undefined ? maelstromNodeNames(options.nodeCount) : options.nodes !== undefined ? parseNodes(options.nodes) : [...target.defaultNodes];
  const spec: TestSpec = {
    name: options.name ?? defaultName(target, workload, targetOptions),
    nodes,
    target: target.name,
    targetOptions,
    workload: workload.name,
    nemesis,
    runtime: resolved.runtime,
    ...runtimeOptionsFrom(options),
    concurrency: parseConcurrency(options.concurrency ?? defaults.concurrency, nodes.length),
    timeLimitMs: Math.round(parseNumber('--time-limit', options.timeLimit, { min: 0.001 }) * 1000),
    rateHz: parseNumber('--rate', options.rate, { min: 0 }),
    nemesisIntervalMs: Math.round(parseNumber('--nemesis-interval', options.nemesisInterval ?? defaults.nemesisIntervalS, { min: 0.001 }) * 1000),
    opTimeoutMs: parseNumber('--op-timeout', options.opTimeout, { integer: true, min: 1 }),
    seed: options.seed === undefined ? randomInt(1, 2 ** 31 - 1) : parseNumber('--seed', options.seed, { integer: true, min: 0, max: 2 ** 31 - 1 }),
    checkers,
    ...(availability === undefined ? {} : { availability }),
    ...consistencyModelsOf(options, checkers),
    ...txnKeysOf(options, checkers),
    command: '',
  };
  spec.command = replayCommand(spec);
  return spec;
}

/** The command line that runs a spec again: same seed, same schedule of operations and faults (not the same timing). */
export function replayCommand(spec: TestSpec): string {
  return ['harness test', ...testArgs(spec).map(quote)].join(' ');
}

/** `harness test` arguments of a spec, its test file first when it came from one (harness replay, shrink --rerun). */
export function testArgs(spec: TestSpec, withSeed = true): string[] {
  return [...(spec.testFile === undefined ? [] : [spec.testFile]), ...specArgs(spec, withSeed)];
}

/** `harness test` arguments that rebuild this spec (without --seed: `withSeed` adds it). */
export function specArgs(spec: TestSpec, withSeed = true): string[] {
  return [
    '--name', spec.name,
    '--target', spec.target,
    // A boolean option is a flag (harness/commands/test.ts): given when on, left out when off.
    ...Object.entries(spec.targetOptions).flatMap(([name, value]) => (typeof value === 'boolean' ? (value ? [`--${kebab(name)}`] : []) : [`--${kebab(name)}`, Array.isArray(value) ? value.join(',') : String(value)])),
    '--workload', spec.workload,
    '--nodes', spec.nodes.join(','),
    '--runtime', spec.runtime,
    ...(spec.runtimeOptions?.hosts === undefined ? [] : ['--hosts', Object.entries(spec.runtimeOptions.hosts).map(([node, host]) => `${node}=${host}`).join(',')]),
    ...(spec.runtimeOptions?.sshKey === undefined ? [] : ['--ssh-key', spec.runtimeOptions.sshKey]),
    '--nemesis', spec.nemesis.length === 0 ? 'none' : spec.nemesis.join(','),
    '--nemesis-interval', String(spec.nemesisIntervalMs / 1000),
    '--time-limit', String(spec.timeLimitMs / 1000),
    '--concurrency', String(spec.concurrency),
    '--rate', String(spec.rateHz),
    '--op-timeout', String(spec.opTimeoutMs),
    '--checkers', spec.checkers.join(','),
    ...(spec.availability === undefined ? [] : ['--availability', String(spec.availability)]),
    ...(spec.consistencyModels === undefined ? [] : ['--consistency-models', spec.consistencyModels.join(',')]),
    ...Object.entries(spec.txnKeys ?? {}).flatMap(([name, value]) => [`--${kebab(name)}`, String(value)]),
    ...(withSeed ? ['--seed', String(spec.seed)] : []),
  ];
}

/**
 * --consistency-models M,...: the models the transactional checkers
 * hold the history to, default strict-serializable; set only when one of them runs. Given for a
 * run no transactional checker judges, it would be silently ignored: a usage error instead.
 */
function consistencyModelsOf(options: TestCommandOptions, checkers: readonly string[]): { consistencyModels?: string[] } {
  const given = options.consistencyModels;
  const transactional = checkers.some((name) => transactionalCheckerNames.includes(name));
  if (!transactional) {
    if (given !== undefined) throw new UsageError(`--consistency-models is read by the transactional checkers (${transactionalCheckerNames.join(', ')}), and this run's checkers are ${checkers.join(', ')}`);
    return {};
  }
  const models = given === undefined ? [...defaultConsistencyModels] : [...new Set(parseList(given))];
  if (models.length === 0) throw new UsageError('--consistency-models needs at least one model');
  validateModelNames(models, []);
  return { consistencyModels: models };
}

/**
 * --key-count, --max-txn-length, --max-writes-per-key: read by the transactional workloads
 * (workloads/txn-keys.ts); given for a run no transactional checker judges, they would be
 * silently ignored: a usage error instead, as for --consistency-models.
 */
function txnKeysOf(options: TestCommandOptions, checkers: readonly string[]): { txnKeys?: NonNullable<TestSpec['txnKeys']> } {
  const names = ['keyCount', 'maxTxnLength', 'maxWritesPerKey'] as const;
  const given = names.filter((name) => options[name] !== undefined);
  if (given.length === 0) return {};
  if (!checkers.some((name) => transactionalCheckerNames.includes(name))) {
    throw new UsageError(`${given.map((name) => `--${kebab(name)}`).join(', ')} shape the transactional workloads (those checked by ${transactionalCheckerNames.join(', ')}), and this run's checkers are ${checkers.join(', ')}`);
  }
  return { txnKeys: Object.fromEntries(given.map((name) => [name, parseNumber(`--${kebab(name)}`, String(options[name]), { integer: true, min: 1, max: 1_000_000 })])) };
}

export function kebab(camel: string): string {
  return camel.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

function defaultName(target: TargetDefinition, workload: Workload, targetOptions: Record<string, unknown>): string {
  // Enumerated options (semantics, mode) say which variant ran: rpc-exactly-once-ledger.
  const variants = Object.entries(target.options)
    .filter(([, option]) => option.values !== undefined)
    .map(([name]) => String(targetOptions[name]));
  return [target.name, ...variants, workload.name].join('-');
}

function parseTargetOption(targetName: string, name: string, given: string, option: TargetDefinition['options'][string]): unknown {
  if (option.values !== undefined && !option.values.includes(given)) {
    throw new UsageError(`--${kebab(name)} for target '${targetName}' must be one of ${option.values.join(', ')}, got '${given}'`);
  }
  if (option.parse !== undefined) return option.parse(given, `--${kebab(name)}`);
  if (typeof option.default === 'number') return parseNumber(`--${kebab(name)}`, given, { min: -Infinity });
  if (typeof option.default === 'boolean') {
    if (given !== 'true' && given !== 'false') throw new UsageError(`--${kebab(name)} must be true or false, got '${given}'`);
    return given === 'true';
  }
  return given;
}

function parseNumber(flag: string, text: string, limits: { integer?: boolean; min: number; max?: number }): number {
  const value = Number(text);
  const max = limits.max ?? Number.MAX_SAFE_INTEGER;
  if (text.trim() === '' || !Number.isFinite(value) || value < limits.min || value > max || (limits.integer === true && !Number.isInteger(value))) {
    const kind = limits.integer === true ? 'an integer' : 'a number';
    throw new UsageError(`${flag} must be ${kind} >= ${limits.min}${limits.max === undefined ? '' : ` and <= ${limits.max}`}, got '${text}'`);
  }
  return value;
}

export function parseList(text: string): string[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/**
 * Maelstrom's --node-count N: N nodes named as Maelstrom names them, n0 .. n(N-1) (its
 * parse-node-count). Nodes written for Maelstrom may lean on that (a leader 'n0').
 */
function maelstromNodeNames(text: string): string[] {
  const count = parseNumber('--node-count', text, { integer: true, min: 1, max: 64 });
  return Array.from({ length: count }, (_, i) => `n${i}`);
}

/** --concurrency: a count, or Jepsen's `Kn`, K times the node count (`2n` with 3 nodes: 6). */
function parseConcurrency(text: string, nodeCount: number): number {
  const perNode = /^\s*(\d+)\s*n\s*$/.exec(text);
  if (perNode !== null) {
    const clients = Number(perNode[1]) * nodeCount;
    if (clients < 1) throw new UsageError(`--concurrency ${text} with ${nodeCount} nodes makes no client`);
    return clients;
  }
  try {
    return parseNumber('--concurrency', text, { integer: true, min: 1 });
  } catch {
    throw new UsageError(`--concurrency must be an integer >= 1, or Kn (K times the node count, e.g. 2n), got '${text}'`);
  }
}

/**
 * Maelstrom's --availability: 'total' (every operation must succeed) or a fraction in [0, 1]
 * (at least that share must); judged by the availability checker (checkers/availability.ts).
 */
function parseAvailability(text: string | undefined): TestSpec['availability'] {
  if (text === undefined) return undefined;
  if (text.trim() === 'total') return 'total';
  const fraction = Number(text);
  if (text.trim() === '' || !Number.isFinite(fraction) || fraction < 0 || fraction > 1) throw new UsageError(`--availability must be 'total' or a fraction from 0 to 1, got '${text}'`);
  return fraction;
}

/** The availability checker judges a run that asks for --availability, whatever checkers were named. */
function withAvailabilityChecker(checkers: string[], availability: TestSpec['availability']): string[] {
  return availability === undefined || checkers.includes(availabilityCheckerName) ? checkers : [...checkers, availabilityCheckerName];
}

/** '3' -> n1,n2,n3; 'a,b' -> a,b. */
function parseNodes(text: string): string[] {
  if (/^\d+$/.test(text.trim())) {
    const count = parseNumber('--nodes', text, { integer: true, min: 1, max: 64 });
    return Array.from({ length: count }, (_, i) => `n${i + 1}`);
  }
  const nodes = parseList(text);
  if (nodes.length === 0 || new Set(nodes).size !== nodes.length || nodes.some((n) => !/^[A-Za-z0-9_-]+$/.test(n) || n === 'client')) {
    throw new UsageError(`--nodes must be a count or distinct names of letters, digits, '-' and '_' (not 'client'), got '${text}'`);
  }
  return nodes;
}

/** --hosts n1=user@addr[:port],... and --ssh-key FILE into spec.runtimeOptions (absent when neither is given). */
function runtimeOptionsFrom(options: TestCommandOptions): { runtimeOptions?: TestSpec['runtimeOptions'] } {
  if (options.hosts === undefined && options.sshKey === undefined) return {};
  const runtimeOptions: NonNullable<TestSpec['runtimeOptions']> = {};
  if (options.hosts !== undefined) {
    runtimeOptions.hosts = {};
    for (const item of parseList(options.hosts)) {
      const match = /^([^=\s]+)=([^@\s]+@[^:\s]+(?::\d+)?)$/.exec(item);
      if (match === null) throw new UsageError(`--hosts: '${item}' is not node=user@address[:port]`);
      runtimeOptions.hosts[match[1]!] = match[2]!;
    }
  }
  if (options.sshKey !== undefined) runtimeOptions.sshKey = path.resolve(options.sshKey);
  return { runtimeOptions };
}
