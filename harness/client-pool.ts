import { setImmediate as yieldToEventLoop, setTimeout as sleep } from 'node:timers/promises';
import type { Client, Completion, Op, RunContext, Target, TargetDefinition, Workload } from './interfaces.js';
import type { ClientScript } from './replay/replay-record.js';
import type { RateLimiter } from './rate-limiter.js';
import type { RunHistory } from './run-history.js';
import { seededRng, type Rng } from './seeded-rng.js';
import { errorMessage } from './nemesis-plan.js';
import { StopRunError } from './stop-run-error.js';
import { lifecycleTimeoutsMs, withinMs } from './time-bound.js';

/** After this many operations in a row a worker yields to the event loop (timers, signals). */
const yieldEveryOps = 64;

/** One client slot's current process: its client and the operation it has in flight. */
interface Worker {
  readonly slot: number;
  process: number;
  client: Client;
  node: string;
  /** performance.now() when the in-flight operation was invoked; undefined when idle. */
  inFlightSinceMs: number | undefined;
  inFlightF: string;
  inFlightValue: unknown;
  /** Set when the pool gave up waiting for it: its late completion is dropped. */
  abandoned: boolean;
  done: Promise<void>;
}

/**
 * The concurrent clients of a run (Jepsen's worker threads): `concurrency` slots, each running
 * one client process at a time. A process that got `info` is closed and replaced by a fresh
 * process id = old + concurrency, so no process ever has two operations open. Each slot draws
 * its operations from its own seeded stream, so a seed replays the same operations per slot.
 */
export class ClientPool {
  private readonly workers = new Map<number, Worker>();
  private readonly rngs: Rng[] = [];
  private readonly opIndexBySlot: number[] = [];
  private stopped = false;
  private readonly stopController = new AbortController();
  private guardTimer: NodeJS.Timeout | undefined;
  private highestProcess = -1;
  /** performance.now() when start() was called: a script's times count from here. */
  private startedAtMs = 0;
  /** First error that ended a worker outside an operation (a bug, e.g. the workload threw); fatal to the run. */
  failure: unknown;
  /** What the target's clients serve: the workload leaves out its optional operations they do not. */
  private readonly servedOps: ReadonlySet<string>;

  constructor(
    private readonly run: RunContext,
    private readonly definition: TargetDefinition,
    private readonly target: Target,
    private readonly workload: Workload,
    private readonly history: RunHistory,
    private readonly limiter: RateLimiter,
    /** An operation in flight longer than this is recorded as info and its client replaced. */
    private readonly abandonAfterMs: number,
    private readonly onFatal: (error: unknown) => void,
    /** A replay: each slot sends its recorded operations at their recorded times instead of drawing new ones. */
    private readonly script?: ClientScript,
  ) {
    this.servedOps = new Set(definition.servedOps?.(run.spec) ?? definition.ops);
    for (let slot = 0; slot < run.spec.concurrency; slot += 1) {
      this.rngs.push(seededRng(run.spec.seed, `client-slot-${slot}`));
      this.opIndexBySlot.push(0);
    }
  }

  /** Opens every client and starts issuing operations; returns once all clients are open. */
  async start(): Promise<void> {
    this.startedAtMs = performance.now();
    const opened: Promise<void>[] = [];
    for (let slot = 0; slot < this.run.spec.concurrency; slot += 1) opened.push(this.startWorker(slot, slot));
    await Promise.all(opened);
    this.guardTimer = setInterval(() => this.abandonStuckOperations(), Math.max(50, Math.min(1000, this.abandonAfterMs / 4)));
    this.guardTimer.unref();
  }

  /** No new operations from now on; operations in flight go on. */
  stop(): void {
    this.stopped = true;
    this.stopController.abort();
  }

  /** Process ids are never reused: the next free one after everything the pool handed out. */
  nextFreeProcess(): number {
    return this.highestProcess + 1;
  }

  /**
   * Waits up to boundMs for operations in flight to complete; those still open after that are
   * recorded as info ('in-flight-at-end') and their clients abandoned. Then closes all clients.
   */
  async settle(boundMs: number): Promise<void> {
    this.stop();
    const all = Promise.all([...this.workers.values()].map((w) => w.done));
    let timer: NodeJS.Timeout | undefined;
    const bound = new Promise<void>((resolve) => (timer = setTimeout(resolve, boundMs)));
    await Promise.race([all, bound]);
    clearTimeout(timer);
    if (this.guardTimer !== undefined) clearInterval(this.guardTimer);
    for (const worker of this.workers.values()) {
      if (worker.inFlightSinceMs !== undefined && !worker.abandoned) this.abandon(worker, 'in-flight-at-end');
    }
    await Promise.all([...this.workers.values()].filter((w) => !w.abandoned).map((w) => this.closeQuietly(w.client)));
  }

  private async startWorker(slot: number, process: number): Promise<void> {
    const node = this.run.spec.nodes[slot % this.run.spec.nodes.length];
    const client = this.definition.createClient(this.run.spec, this.target, process);
    this.highestProcess = Math.max(this.highestProcess, process);
    await withinMs(lifecycleTimeoutsMs.clientOpen, `opening client process ${process} on ${node}`, client.open(this.run, node));
    const worker: Worker = { slot, process, client, node, inFlightSinceMs: undefined, inFlightF: '', inFlightValue: null, abandoned: false, done: Promise.resolve() };
    this.workers.set(slot, worker);
    worker.done = this.work(worker).catch((error) => {
      this.failure ??= error;
      this.run.log.error(`client process ${worker.process} failed`, { error: errorMessage(error) });
      this.onFatal(error);
    });
  }

  private async work(worker: Worker): Promise<void> {
    const rng = this.rngs[worker.slot];
    let sinceYield = 0;
    while (!this.stopped) {
      const op = this.script === undefined ? await this.drawOp(worker, rng) : await this.scriptedOp(worker);
      if (op === undefined || this.stopped) return;
      this.history.append(worker.process, 'invoke', op.f, op.value, this.nodeField(worker));
      worker.inFlightSinceMs = performance.now();
      worker.inFlightF = op.f;
      worker.inFlightValue = op.value;
      let completion: Completion;
      try {
        completion = await worker.client.invoke(this.run, op);
      } catch (error) {
        if (error instanceof StopRunError && !worker.abandoned) {
          worker.inFlightSinceMs = undefined;
          this.history.append(worker.process, error.completion.type, op.f, op.value, { error: error.completion.error, node: this.nodeField(worker)?.node });
          throw error; // ends the run (onFatal) with the client's message
        }
        // The client could not say whether it happened: indeterminate.
        completion = { type: 'info', value: op.value, error: `client-error: ${errorMessage(error)}` };
      }
      if (worker.abandoned) return; // the pool already recorded info for it and replaced it
      worker.inFlightSinceMs = undefined;
      const value = completion.value === undefined ? op.value : completion.value;
      this.history.append(worker.process, completion.type, op.f, value, completion.error === undefined ? this.nodeField(worker) : { error: completion.error, node: this.nodeField(worker)?.node });
      if (completion.type === 'info') {
        void this.closeQuietly(worker.client);
        await this.replace(worker);
        return;
      }
      if (++sinceYield >= yieldEveryOps) {
        sinceYield = 0;
        await yieldToEventLoop();
      }
    }
  }

  /** The next operation from the workload's seeded stream, when the rate limiter lets it go. */
  private async drawOp(worker: Worker, rng: Rng): Promise<Op | undefined> {
    const wait = this.limiter.acquire(this.stopController.signal);
    if (wait !== undefined) {
      await wait;
      if (this.stopped) return undefined;
    }
    return this.workload.nextOp(this.run.spec, rng, worker.process, this.opIndexBySlot[worker.slot]++, this.servedOps);
  }

  /** The slot's next recorded operation, at its recorded time; undefined when the slot has sent them all. */
  private async scriptedOp(worker: Worker): Promise<Op | undefined> {
    const next = this.script!.next(worker.slot);
    if (next === undefined) return undefined;
    const waitMs = this.startedAtMs + next.atMs - performance.now();
    if (waitMs > 0) await sleep(waitMs, undefined, { signal: this.stopController.signal }).catch(() => undefined);
    return next.op;
  }

  /**
   * Starts the slot's next process (old + concurrency) after one that returned info or was
   * given up on (the caller closed it). Its node may be down right now (crashed, partitioned): opening is retried until the run stops.
   */
  private async replace(worker: Worker): Promise<void> {
    for (let attempt = 1; !this.stopped; attempt += 1) {
      try {
        await this.startWorker(worker.slot, worker.process + this.run.spec.concurrency);
        return;
      } catch (error) {
        this.run.log.warn(`opening a client for slot ${worker.slot} failed (attempt ${attempt}); retrying`, { error: errorMessage(error) });
        await sleep(Math.min(1000, 50 * attempt), undefined, { signal: this.stopController.signal }).catch(() => undefined);
      }
    }
  }

  /** Events say which node the operation went to when there is more than one. */
  private nodeField(worker: Worker): { node: string } | undefined {
    return this.run.spec.nodes.length > 1 ? { node: worker.node } : undefined;
  }

  private abandonStuckOperations(): void {
    const nowMs = performance.now();
    for (const worker of [...this.workers.values()]) {
      if (worker.abandoned || worker.inFlightSinceMs === undefined) continue;
      if (nowMs - worker.inFlightSinceMs < this.abandonAfterMs) continue;
      this.abandon(worker, 'harness-timeout');
      void this.replace(worker);
    }
  }

  /** Records info for the worker's open operation; its late completion will be dropped. */
  private abandon(worker: Worker, error: string): void {
    worker.abandoned = true;
    this.history.append(worker.process, 'info', worker.inFlightF, worker.inFlightValue, { error });
    this.run.log.warn(`gave up on client process ${worker.process}`, { error, f: worker.inFlightF });
    void this.closeQuietly(worker.client);
  }

  private async closeQuietly(client: Client): Promise<void> {
    try {
      await withinMs(lifecycleTimeoutsMs.clientClose, 'closing a client', client.close(this.run));
    } catch (error) {
      this.run.log.warn('closing a client failed', { error: errorMessage(error) });
    }
  }
}
