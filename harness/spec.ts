/**
 * The test: one plain, typed object threaded through every phase of a run and saved as
 * test.json. It is enough to replay the run (same seed, same schedule). Live handles
 * (processes, sockets) never go here; they live in the RunContext.
 */
export interface TestSpec {
  name: string;
  /** Node names, e.g. ['n1', 'n2', 'n3']. */
  nodes: string[];
  /** Registry name of the target, e.g. 'rpc', 'primary-backup', 'etcd'. */
  target: string;
  /** Target-specific options, e.g. { semantics: 'exactly-once' } or { mode: 'no-fencing' }. */
  targetOptions: Record<string, unknown>;
  /** Registry name of the workload, e.g. 'ledger', 'register', 'kv'. */
  workload: string;
  /** Fault kinds combined, e.g. ['partition', 'drop', 'crash', 'pause']; [] for none. */
  nemesis: string[];
  /** Registry name of the runtime (harness/runtime/registry.ts), e.g. 'local', 'netns'. */
  runtime: string;
  /** What the runtime needs beyond its name (ssh: its hosts and key); absent when nothing. */
  runtimeOptions?: RuntimeOptions;
  concurrency: number;
  timeLimitMs: number;
  /** Target operation rate over all clients, operations per second. */
  rateHz: number;
  /** Mean time between fault starts, and how long a fault lasts, in ms. */
  nemesisIntervalMs: number;
  opTimeoutMs: number;
  seed: number;
  /** Checker names run at the end, e.g. ['exactly-once', 'perf']. */
  checkers: string[];
  /**
   * Consistency models the transactional checkers (list-append, rw-register) hold the history
   * to, e.g. ['strict-serializable'] (the default); absent when no such checker runs. The names
   * are those of checkers/transactions/consistency-models.ts.
   */
  consistencyModels?: string[];
  /**
   * Maelstrom's --availability: 'total' (every client operation must succeed) or the fraction
   * that must; absent, none is asked (checkers/availability.ts).
   */
  availability?: 'total' | number;
  /**
   * The transactional workloads' shape, as Maelstrom's and Jepsen's options name it
   * (--key-count, --max-txn-length, --max-writes-per-key); absent fields keep the workload's
   * defaults (workloads/txn-keys.ts), and the whole is absent for other workloads.
   */
  txnKeys?: { keyCount?: number; maxTxnLength?: number; maxWritesPerKey?: number };
  /** The command line that runs this test again (same seed). */
  command: string;
  /** The test file it came from (harness test FILE), absolute: inline parts live there. */
  testFile?: string;
}

/** Settings of runtimes that need them, as the user gave them on the command line. */
export interface RuntimeOptions {
  /** ssh: node -> 'user@address[:port]' (`--hosts n1=root@10.0.0.1,n2=...`). */
  hosts?: Record<string, string>;
  /** ssh: private key file for every host (`--ssh-key FILE`). */
  sshKey?: string;
}
