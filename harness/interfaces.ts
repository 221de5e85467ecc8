/**
 * The small lifecycle interfaces a run is made of (Jepsen's db / client / nemesis protocols).
 * Optional abilities are optional methods: a target that can be paused implements pause().
 */
import type { HistoryEvent } from './event.js';
import type { TestSpec } from './spec.js';

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
   * (docker: the engine's kill and freezer act on the whole container): a target then needs no
   * process group of its own (no setsid), and its pid is not one to signal from the host.
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
