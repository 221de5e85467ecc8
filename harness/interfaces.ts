/**
 * The contracts, in one place: the small lifecycle interfaces a run is made of (Jepsen's db /
 * client / nemesis protocols), and what workloads, checkers and target definitions are.
 * Optional abilities are optional methods: a target that can be paused implements pause().
 * This file sits at the bottom of the layering (docs/architecture.md): it imports only the
 * harness's own data types, so every folder can depend on it.
 */
import type { HistoryEvent } from './event.js';
import type { TestSpec } from './spec.js';
import type { Transport } from './runtime/runtime-abilities.js';

/** Host and port to send to. */
export interface Address {
  host: string;
  port: number;
}

/** A process the runtime started for a node (an execa child underneath). */
export interface NodeProcess {
  readonly node: string;
  readonly pid: number;
  /** Resolves when the process has exited, whatever the reason; never rejects. */
  readonly exited: Promise<{ exitCode?: number; signal?: string }>;
  kill(signal: 'SIGKILL' | 'SIGTERM'): void;
  /** SIGSTOP (or the container engine's freeze); resolves once it took effect. */
  pause(): void | Promise<void>;
  resume(): void | Promise<void>; // SIGCONT
}

/**
 * Network faults as data: the whole desired state, so applying it is idempotent and
 * "heal" is just `noFaults`. Link names are node names, plus 'client' for the harness's
 * clients. Computed as pure data before anything touches the network (Jepsen's grudge).
 */
export interface NetworkFaults {
  /** Directed links that deliver nothing: blocked[from] = nodes `from` cannot send to. */
  blocked: Record<string, string[]>;
  /** Fraction 0..1 of messages lost on a directed link: loss[from][to]. */
  loss: Record<string, Record<string, number>>;
  /** Extra one-way delay on a directed link, ms (userspace proxy only). */
  delayMs: Record<string, Record<string, number>>;
}
export const noFaults = (): NetworkFaults => ({ blocked: {}, loss: {}, delayMs: {} });

/**
 * Where nodes live and how faults reach them; the runtimes and what each can carry are in
 * harness/runtime/registry.ts (e.g. 'local': 127.0.0.1 and a userspace proxy on every link).
 */
export interface Runtime {
  /** Its registry name (harness/runtime/registry.ts). */
  readonly name: string;
  /**
   * True when a spawned NodeProcess's kill, pause and resume reach every process of the node
   * (docker: the engine's kill and freezer act on the whole container; ssh: the session sshd
   * started the command in): a target then needs no process group of its own (no setsid), and
   * its pid is not one to signal from the harness's host.
   */
  readonly signalsWholeNode?: boolean;
  setup(spec: TestSpec, log: Logger): Promise<void>;
  /** Address a node's server should listen on (its own view). `port` picks one of its ports (0 = main). */
  listenAddress(node: string, port?: number): Address;
  /** Address `from` ('client' or a node) must send to in order to reach `to` (through the link's proxy on 'local'). */
  addressOf(from: string, to: string, port?: number): Address;
  /** Start a node's process inside the runtime (its namespace on 'netns'). */
  spawn(node: string, file: string, args: readonly string[], options: { env?: Record<string, string>; logFile: string }): Promise<NodeProcess>;
  /** Make these faults the current state of the network (replaces the previous state). */
  setNetworkFaults(faults: NetworkFaults): Promise<void>;
  /** Undo everything setup created; safe to call twice and after a failed setup. */
  teardown(): Promise<void>;
}

/** Minimal structured log (harness.log). */
export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/** Live state of one run: handles that are never saved. The spec is the saved part. */
export interface RunContext {
  readonly spec: TestSpec;
  readonly runtime: Runtime;
  readonly log: Logger;
  /** This run's store folder (history.jsonl, harness.log, node logs, node data dirs). */
  readonly dir: string;
  /** Aborted on Ctrl-C or a fatal error: long waits should give up. */
  readonly signal: AbortSignal;
  /**
   * The run's time zero on the monotonic clock (process.hrtime.bigint(), CLOCK_MONOTONIC): the
   * history's timeNs count from it. Processes on this machine's kernel (local, netns, docker)
   * read the same clock, so a node-side helper can stamp its records on the history's time line.
   */
  readonly startNs: bigint;
}

/** The system under test (Jepsen's db). */
export interface Target {
  setup(run: RunContext, node: string): Promise<void>;
  teardown(run: RunContext, node: string): Promise<void>;
  /** kill -9 the node's process(es); disk state is kept. */
  kill?(run: RunContext, node: string): Promise<void>;
  /** Start the node again after kill(). */
  start?(run: RunContext, node: string): Promise<void>;
  pause?(run: RunContext, node: string): Promise<void>;
  resume?(run: RunContext, node: string): Promise<void>;
  /**
   * The node acting as primary (leader, head) right now, as the nodes themselves say; undefined
   * when none can tell. Targeted faults (partition-primary, crash-primary, pause-primary) hit it,
   * as Jepsen's nemeses target :primaries: a failover is where replication bugs hide.
   */
  primary?(run: RunContext): Promise<string | undefined>;
  /** The server's own record of what it executed, when it keeps one (for exactly-once). */
  executionLog?(run: RunContext): Promise<unknown[]>;
}

/** An operation as a workload generates it, before it becomes invoke/completion events. */
export interface Op {
  f: string;
  value: unknown;
}

/** What a client reports back: exactly one of ok / fail (surely did not happen) / info (may have). */
export interface Completion {
  type: 'ok' | 'fail' | 'info';
  value: unknown;
  error?: string;
}

/**
 * The error of a cas completed as `fail` because its comparison did not hold (the register held
 * another value than `from`). The one spelling every client uses: the linearizability models
 * read exactly this fail as "saw another value" (docs/history-format.md, "What fail means");
 * any other fail (not the primary, unavailable, refused) is a plain fail with its own error.
 */
export const preconditionFailed = 'precondition-failed';

/** One logical client, bound to one process id until it returns info (Jepsen's client). */
export interface Client {
  open(run: RunContext, node: string): Promise<void>;
  invoke(run: RunContext, op: Op): Promise<Completion>;
  close(run: RunContext): Promise<void>;
}

/** A fault injector (Jepsen's nemesis). invoke performs one fault operation and says what it did. */
export interface Nemesis {
  setup(run: RunContext): Promise<void>;
  invoke(run: RunContext, op: Op): Promise<Completion>;
  /** Heal everything this nemesis did. Always called at the end of a run, also on error. */
  teardown(run: RunContext): Promise<void>;
}

/** Observer of the history as it grows (history writer, live status line). */
export type HistorySink = (event: HistoryEvent) => void;

// ---- Workload: what operations a test sends (Jepsen's generator, per client process). ----

/**
 * A workload: what the clients do. The generator is pure and seeded: given the same seed it
 * yields the same sequence of operations (Jepsen's generators are values).
 */
export interface Workload {
  name: string;
  description: string;
  /**
   * Operation names (f) it may send. Before a run (harness/op-compatibility.ts) the target's
   * clients must serve each of them but `optionalOps`, and every checker that names the
   * operations it judges must judge them all: a mismatch is a usage error (64), never a run of
   * info operations or a bogus verdict.
   */
  ops: readonly string[];
  /** Of `ops`, those it does without where the target's clients do not serve them (nextOp's `served`). */
  optionalOps?: readonly string[];
  /**
   * Next operation for a client; `rng` is a seeded generator owned by the run loop (pure-rand).
   * `served`: the operations the target's clients serve (TargetDefinition.ops); absent: all of `ops`.
   */
  nextOp(spec: TestSpec, rng: () => number, processId: number, opIndex: number, served?: ReadonlySet<string>): Op;
  /** Operations run once, after faults are healed and in-flight requests settled (final reads). */
  finalOps?(spec: TestSpec): Op[];
  /** How long after the heal the final operations wait, ms (time for the system to recover: Maelstrom waits too). */
  finalOpsDelayMs?(spec: TestSpec): number;
  /** Checker names this workload is checked with by default. */
  checkers: string[];
}

// ---- Checker results and how verdicts compose. ----

/** Every checker says one of these. 'unknown' is never reported as valid. */
export type Validity = true | false | 'unknown';

/** What every checker returns: a verdict plus whatever explains it. */
export interface CheckerResult {
  /** Checker name, e.g. 'linearizable', 'exactly-once', 'perf'. */
  checker: string;
  valid: Validity;
  /** One or two sentences a user can act on. */
  summary: string;
  /** Checker-specific details (counts, counterexamples); plain JSON. */
  [detail: string]: unknown;
}

/** Jepsen's compose rule: false if any is false, else unknown if any is unknown, else true. */
export function composeValidity(values: readonly Validity[]): Validity {
  if (values.some((v) => v === false)) return false;
  if (values.some((v) => v === 'unknown')) return 'unknown';
  return true;
}

// ---- Checker: decides from the history alone. ----

/** What a checker may read besides the history: records the target kept of itself. */
export interface CheckContext {
  /** The server's own execution log (Target.executionLog), when the target keeps one. */
  executionLog?: unknown[];
  /**
   * The history is part of a run's history (a shrunk one, harness/shrink/): what the run's other
   * records say about operations it does not contain (executions of requests it leaves out, a
   * balance that sums them) is not judged. Set by whoever cut the history, never guessed.
   */
  subHistory?: boolean;
  /**
   * A limit on a searching checker's time (linearizability), ms: past it the checker says
   * unknown. Set by the shrinker, which judges many candidate histories and takes an unknown as
   * not rejected; absent, the checker's own limit.
   */
  searchTimeoutMs?: number;
}

/**
 * A checker is a pure function from the history to a result that explains itself.
 * One that throws is reported as 'unknown' by the run loop, never as valid (Jepsen check-safe).
 */
export interface Checker {
  (spec: TestSpec, history: readonly HistoryEvent[], context: CheckContext): CheckerResult;
  /**
   * Operation names (f) it judges; absent: every client operation (perf). A workload that sends
   * others is refused before the run (64); a run in which none of these completed ok is
   * 'unknown' whatever the checker says (no valid without evidence; harness/run.ts).
   */
  readonly ops?: readonly string[];
}

/** `check` with the operations it judges attached (Checker.ops). */
export function judging(ops: readonly string[], check: Checker): Checker {
  return Object.assign((spec: TestSpec, history: readonly HistoryEvent[], context: CheckContext) => check(spec, history, context), { ops });
}

// ---- TargetDefinition: how the CLI and run loop find a target by name. ----

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
  /**
   * Target methods its targets do not have, e.g. ['primary'] for one with no primary: the faults
   * that call them (partition-primary, ...) are not offered for it (`harness list`) and are a
   * usage error before a run, instead of being skipped at run time.
   */
  lacks?: readonly (keyof Target)[];
  /** The runtime 'auto' picks for it, when not the machine's default (netns as root, else local). */
  defaultRuntime?: string;
  /**
   * `harness test` defaults of its own, where users of the system it runs expect other ones
   * (Maelstrom's: no faults unless asked, a client per node); a flag or test file field wins.
   */
  testDefaults?: { nemesis?: string; nemesisIntervalS?: string; concurrency?: string };
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
