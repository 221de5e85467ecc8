/**
 * A shard of the txn-store: the keys the sharding puts on this node, under strict two-phase
 * locking. A transaction's steps run here as its coordinator sends them (each op takes its lock
 * first, waiting at most the lock wait timeout, then reads or writes the transaction's own view),
 * then prepare makes its effects durable (log record, fsync) and votes yes; commit applies them,
 * abort drops them, and either releases the locks. A transaction this shard prepared but heard
 * no decision on (its coordinator crashed, or the network cut it off) is in doubt: the shard
 * keeps its locks and asks the coordinator until it answers. One never prepared may be dropped:
 * after an idle timeout, or by a restart, which loses unprepared work and the read locks.
 */
import type { ExecutionLog } from '../rpc/execution-log.js';
import type { Effect, TxnLogRecord } from './log-records.js';
import { LockTable } from './lock-table.js';
import type { ModeFlags } from './modes.js';
import type { DecisionQuery, DecisionReply, ShardOp, ShardReply, ShardRequest } from './protocol.js';

export const shardTimingsMs = {
  /** A lock request gives up after this long: the transaction aborts (deadlocks end so). */
  lockWait: 150,
  /** A transaction not prepared and not heard of for this long is aborted here. */
  idle: 1000,
  /** A prepared transaction without a decision for this long makes the shard ask its coordinator, again every sweep. */
  inDoubt: 300,
  sweep: 100,
  /** Finished transactions are remembered this long (a late exec or prepare of one is refused). */
  remember: 60_000,
};

interface Workspace {
  coordinator: string;
  /** Replies of the steps run so far, by step number (a resent step gets the same). */
  steps: Map<number, Promise<ShardReply>>;
  /** This transaction's own writes, over the committed data. */
  view: Map<string, unknown>;
  effects: Effect[];
  lastActiveMs: number;
  /** Set by prepare: resolves with the vote once the prepare record is on disk. */
  vote?: Promise<ShardReply>;
  /** Its prepare record is in the log (it has effects here). */
  durable: boolean;
  preparedAtMs: number;
  /** Set by the first commit or abort: later ones wait for it. */
  finish?: Promise<void>;
  asking: boolean;
}

export class Shard {
  private readonly data = new Map<string, unknown>();
  private readonly workspaces = new Map<string, Workspace>();
  private readonly ended = new Map<string, { commit: boolean; atMs: number }>();
  private readonly locks = new LockTable(shardTimingsMs.lockWait);
  private sweepTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly log: ExecutionLog<TxnLogRecord>,
    private readonly flags: ModeFlags,
    /** Asks a coordinator for its decision; undefined when it does not answer. */
    private readonly askCoordinator: (node: string, query: DecisionQuery) => Promise<DecisionReply | undefined>,
  ) {}

  /** Replays the log: committed effects into the data, prepared transactions in doubt again, holding their write locks. */
  recover(records: readonly TxnLogRecord[]): void {
    const prepared = new Map<string, Extract<TxnLogRecord, { type: 'prepare' }>>();
    for (const record of records) {
      if (record.type === 'prepare') prepared.set(record.txn, record);
      else if (record.type === 'commit') {
        const p = prepared.get(record.txn);
        if (p !== undefined) this.apply(p.effects);
        prepared.delete(record.txn);
        this.ended.set(record.txn, { commit: true, atMs: Date.now() });
      } else if (record.type === 'abort') {
        prepared.delete(record.txn);
        this.ended.set(record.txn, { commit: false, atMs: Date.now() });
      }
    }
    for (const p of prepared.values()) {
      const ws = this.newWorkspace(p.coordinator);
      ws.effects = p.effects;
      ws.durable = true;
      ws.vote = Promise.resolve({ t: 'vote', yes: true });
      this.workspaces.set(p.txn, ws);
      if (!this.flags.releaseLocksAtPrepare) for (const effect of p.effects) this.locks.hold(p.txn, String(effect.key));
    }
  }

  start(): void {
    this.sweepTimer = setInterval(() => this.sweep(), shardTimingsMs.sweep);
  }

  stop(): void {
    clearInterval(this.sweepTimer);
  }

  handle(request: ShardRequest): Promise<ShardReply> {
    switch (request.t) {
      case 'exec':
        return this.exec(request);
      case 'prepare':
        return this.prepare(request);
      case 'commit':
        return this.finish(request.txn, true).then(() => ({ t: 'ack' }));
      case 'abort':
        return this.finish(request.txn, false).then(() => ({ t: 'ack' }));
    }
  }

  private exec(request: Extract<ShardRequest, { t: 'exec' }>): Promise<ShardReply> {
    if (this.ended.has(request.txn)) return Promise.resolve({ t: 'exec-abort', reason: 'transaction ended here' });
    let ws = this.workspaces.get(request.txn);
    if (ws === undefined) {
      // A later step without the earlier ones: this shard lost them (restart, idle timeout).
      if (request.step > 1) return Promise.resolve({ t: 'exec-abort', reason: 'earlier steps lost here' });
      ws = this.newWorkspace(request.coordinator);
      this.workspaces.set(request.txn, ws);
    }
    const ran = ws.steps.get(request.step);
    if (ran !== undefined) return ran;
    if (ws.vote !== undefined) return Promise.resolve({ t: 'exec-abort', reason: 'already prepared' });
    ws.lastActiveMs = Date.now();
    const reply = this.runOps(request.txn, ws, request.ops);
    ws.steps.set(request.step, reply);
    return reply;
  }

  private async runOps(txn: string, ws: Workspace, ops: readonly ShardOp[]): Promise<ShardReply> {
    const results: unknown[] = [];
    for (const op of ops) {
      const key = String(op.key);
      const lock = this.lockFor(op.k);
      const heldBefore = this.locks.holds(txn, key);
      if (lock !== undefined && !(await this.locks.acquire(txn, key, lock))) {
        await this.finish(txn, false);
        return { t: 'exec-abort', reason: `lock wait timeout on key ${key}` };
      }
      if (this.workspaces.get(txn) !== ws || ws.finish !== undefined) return { t: 'exec-abort', reason: 'aborted while waiting' };
      ws.lastActiveMs = Date.now();
      const current = ws.view.has(key) ? ws.view.get(key) : (this.data.get(key) ?? null);
      if (op.k === 'r' || op.k === 'rx') {
        results.push(Array.isArray(current) ? [...current] : current);
        // Read committed: the read lock lasts only the read.
        if (op.k === 'r' && this.flags.readLocks === 'while-reading' && heldBefore === undefined) this.locks.release(txn, key);
      } else {
        const write = op as Extract<ShardOp, { k: 'append' | 'w' }>;
        ws.view.set(key, write.k === 'append' ? [...(Array.isArray(current) ? current : []), write.v] : write.v);
        ws.effects.push({ key: write.key, k: write.k, v: write.v });
        results.push(null);
      }
    }
    return { t: 'exec-ok', results };
  }

  private lockFor(k: ShardOp['k']): 'S' | 'X' | undefined {
    if (k === 'append' || k === 'w') return 'X';
    if (this.flags.readLocks === 'none') return undefined;
    return k === 'rx' ? 'X' : 'S';
  }

  private prepare(request: Extract<ShardRequest, { t: 'prepare' }>): Promise<ShardReply> {
    const ended = this.ended.get(request.txn);
    if (ended !== undefined) return Promise.resolve({ t: 'vote', yes: ended.commit });
    const ws = this.workspaces.get(request.txn);
    if (ws === undefined) return Promise.resolve({ t: 'vote', yes: false, reason: 'unknown here (lost or timed out)' });
    if (ws.vote !== undefined) return ws.vote;
    if (ws.steps.size !== request.steps || ws.finish !== undefined) return Promise.resolve({ t: 'vote', yes: false, reason: 'steps missing here' });
    ws.vote = (async (): Promise<ShardReply> => {
      // Every step has answered (the coordinator prepares after all replies); one that aborted means no.
      for (const step of ws.steps.values()) if ((await step).t !== 'exec-ok') return { t: 'vote', yes: false, reason: 'a step aborted' };
      if (ws.effects.length > 0) {
        await this.log.append({ type: 'prepare', txn: request.txn, coordinator: ws.coordinator, effects: ws.effects });
        ws.durable = true;
      }
      ws.preparedAtMs = Date.now();
      if (this.flags.releaseLocksAtPrepare) this.locks.releaseAll(request.txn);
      return { t: 'vote', yes: true };
    })();
    return ws.vote;
  }

  /** Commit or abort here, once: log record (for a durable prepare), apply, release. Unknown transactions are remembered as ended. */
  private finish(txn: string, commit: boolean): Promise<void> {
    const ws = this.workspaces.get(txn);
    if (ws === undefined) {
      if (!this.ended.has(txn)) this.ended.set(txn, { commit, atMs: Date.now() });
      return Promise.resolve();
    }
    ws.finish ??= (async () => {
      if (ws.vote !== undefined) await ws.vote;
      if (ws.durable) await this.log.append(commit ? { type: 'commit', txn } : { type: 'abort', txn });
      if (commit) this.apply(ws.effects);
      this.workspaces.delete(txn);
      this.ended.set(txn, { commit, atMs: Date.now() });
      this.locks.releaseAll(txn);
    })();
    return ws.finish;
  }

  private apply(effects: readonly Effect[]): void {
    for (const effect of effects) {
      const key = String(effect.key);
      if (effect.k === 'w') this.data.set(key, effect.v);
      else {
        const current = this.data.get(key);
        this.data.set(key, [...(Array.isArray(current) ? current : []), effect.v]);
      }
    }
  }

  private newWorkspace(coordinator: string): Workspace {
    return { coordinator, steps: new Map(), view: new Map(), effects: [], lastActiveMs: Date.now(), durable: false, preparedAtMs: 0, asking: false };
  }

  /** Drops idle unprepared work, asks about transactions in doubt, forgets long-finished ones. */
  private sweep(): void {
    const now = Date.now();
    for (const [txn, ws] of this.workspaces) {
      if (ws.finish !== undefined) continue;
      if (ws.vote === undefined) {
        if (now - ws.lastActiveMs > shardTimingsMs.idle) void this.finish(txn, false);
        continue;
      }
      if (ws.preparedAtMs === 0 && !ws.durable) continue; // its vote is still being written
      if (!ws.asking && now - ws.preparedAtMs > shardTimingsMs.inDoubt) void this.resolveInDoubt(txn, ws);
    }
    for (const [txn, entry] of this.ended) if (now - entry.atMs > shardTimingsMs.remember) this.ended.delete(txn);
  }

  private async resolveInDoubt(txn: string, ws: Workspace): Promise<void> {
    ws.asking = true;
    try {
      const answer = await this.askCoordinator(ws.coordinator, { t: 'decision?', txn });
      if (answer?.t === 'decision') await this.finish(txn, answer.commit);
    } finally {
      ws.asking = false;
    }
  }
}
