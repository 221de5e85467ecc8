/**
 * The coordinator of the txn-store (every node is one, for the clients bound to it): runs a
 * client's transaction as steps at the shards that hold its keys, then two-phase commit. Prepare
 * goes to every shard it touched; all vote yes -> the decision is written to this node's log
 * (fsync) before anyone hears of it, the client is answered, and the shards are told to commit;
 * any no, or silence -> abort (presumed abort: an abort needs no record). A shard in doubt asks;
 * the answer is the decision, "pending" while the transaction runs, and abort for one this node
 * does not know (it was running when this node crashed, so it never decided commit).
 *
 * A client resends its request with the same id. A resend this node knows (running or decided)
 * gets that transaction's answer; a resend (attempt > 1) it does not know may have started
 * before a crash, so it is answered with an abort, recorded as the decision: never run twice.
 */
import { bankInitialBalance } from '../../workloads/bank.js';
import type { ExecutionLog } from '../rpc/execution-log.js';
import type { TxnLogRecord } from './log-records.js';
import type { ModeFlags } from './modes.js';
import type { DecisionQuery, DecisionReply, ShardOp, ShardReply, ShardRequest, TxnBody, TxnReply, TxnRequest } from './protocol.js';
import { shardOf } from './sharding.js';

/** Sends a request to a node's shard (this node's directly); undefined when it does not answer in time. */
export type ShardCall = (node: string, request: ShardRequest, persistent?: boolean) => Promise<ShardReply | undefined>;

class TxnAbort extends Error {}

interface TxnRun {
  /** Steps sent to each participant so far. */
  steps: Map<string, number>;
  wrote: boolean;
}

/** Replies kept for resends, ms. */
const repliesKeepMs = 60_000;

export class Coordinator {
  /** Transactions running here now (from their first step until their decision). */
  private readonly running = new Map<string, Promise<TxnReply>>();
  /** Decisions (true: commit) and the replies of committed ones. */
  private readonly decisions = new Map<string, { commit: boolean; reply?: TxnReply; atMs: number }>();
  private readonly timers: NodeJS.Timeout[] = [];

  constructor(
    /** This node's name: shards ask it about the transactions it coordinates. */
    private readonly self: string,
    private readonly nodesInOrder: readonly string[],
    private readonly callShard: ShardCall,
    private readonly log: ExecutionLog<TxnLogRecord>,
    private readonly flags: ModeFlags,
    /** Asked at every commit on several shards, after the first one acknowledged: true = this process dies now (the harness asked for a crash at the commit point). */
    private readonly crashAtCommitPoint: () => boolean,
  ) {}

  /** The decisions in the log; commits not acknowledged by every participant are delivered again. */
  recover(records: readonly TxnLogRecord[]): void {
    const open = new Map<string, string[]>();
    for (const record of records) {
      if (record.type === 'decision') {
        this.decisions.set(record.txn, { commit: true, reply: { t: 'ok', value: record.reply }, atMs: Date.now() });
        open.set(record.txn, record.participants);
      } else if (record.type === 'end') open.delete(record.txn);
    }
    this.undelivered = open;
  }

  /** Commits decided before a restart and not acknowledged by every participant: delivered again at start(). */
  private undelivered = new Map<string, string[]>();

  start(): void {
    for (const [txn, participants] of this.undelivered) this.deliverCommit(txn, participants, { wrote: true, logged: true });
    this.undelivered.clear();
    this.timers.push(
      setInterval(() => {
        const cutoff = Date.now() - repliesKeepMs;
        for (const [txn, decision] of this.decisions) if (decision.atMs < cutoff) this.decisions.delete(txn);
      }, 5_000),
    );
  }

  stop(): void {
    for (const timer of this.timers) clearTimeout(timer);
  }

  handle(request: TxnRequest): Promise<TxnReply> {
    const running = this.running.get(request.id);
    if (running !== undefined) return running;
    const decided = this.decisions.get(request.id);
    if (decided !== undefined) return Promise.resolve(decided.commit ? decided.reply! : { t: 'fail', error: 'aborted' });
    if (request.attempt > 1) {
      this.decisions.set(request.id, { commit: false, atMs: Date.now() });
      return Promise.resolve({ t: 'fail', error: 'unknown to this coordinator (restarted): aborted' });
    }
    const reply = this.run(request.id, request.body).finally(() => this.running.delete(request.id));
    this.running.set(request.id, reply);
    return reply;
  }

  /** A shard in doubt asks. */
  decisionQuery(query: DecisionQuery): DecisionReply {
    const decided = this.decisions.get(query.txn);
    if (decided !== undefined) return { t: 'decision', commit: decided.commit };
    if (this.running.has(query.txn)) return { t: 'pending' };
    this.decisions.set(query.txn, { commit: false, atMs: Date.now() });
    return { t: 'decision', commit: false };
  }

  private async run(id: string, body: TxnBody): Promise<TxnReply> {
    const run: TxnRun = { steps: new Map(), wrote: false };
    let value: unknown;
    try {
      value = await this.program(id, body, run);
      const votes = await Promise.all([...run.steps].map(([node, steps]) => this.callShard(node, { t: 'prepare', txn: id, coordinator: this.self, steps })));
      const no = votes.findIndex((vote) => vote?.t !== 'vote' || !vote.yes);
      if (no >= 0) {
        const vote = votes[no];
        const node = [...run.steps.keys()][no]!;
        throw new TxnAbort(vote === undefined ? `prepare unanswered by ${node}` : `prepare refused by ${node}${vote.t === 'vote' && vote.reason !== undefined ? `: ${vote.reason}` : ''}`);
      }
    } catch (error) {
      if (!(error instanceof TxnAbort)) throw error;
      this.decisions.set(id, { commit: false, atMs: Date.now() });
      for (const node of run.steps.keys()) void this.callShard(node, { t: 'abort', txn: id });
      return { t: 'fail', error: error.message };
    }
    const reply: TxnReply = { t: 'ok', value };
    const participants = [...run.steps.keys()];
    if (run.wrote && this.flags.durableDecision) await this.log.append({ type: 'decision', txn: id, participants, reply: value });
    this.decisions.set(id, { commit: true, reply, atMs: Date.now() });
    // The client hears of the commit first (the decision is the commit point), then the shards.
    setImmediate(() => this.deliverCommit(id, participants, { wrote: run.wrote, logged: run.wrote && this.flags.durableDecision }));
    return reply;
  }

  /** The transaction's steps: micro-ops in order, consecutive ones of one shard sent together. */
  private async program(id: string, body: TxnBody, run: TxnRun): Promise<unknown> {
    switch (body.kind) {
      case 'txn': {
        const ops: ShardOp[] = body.ops.map(([f, key, v]) => (f === 'r' ? { k: 'r', key } : { k: f === 'append' ? 'append' : 'w', key, v }));
        const results = await this.steps(id, ops, run);
        return body.ops.map(([f, key, v], i) => (f === 'r' ? [f, key, results[i] ?? null] : [f, key, v]));
      }
      case 'transfer': {
        // Both accounts locked in one order (the sharding's, then the key's), so two transfers between them do not deadlock.
        const ordered = [body.from, body.to].sort((a, b) => this.nodesInOrder.indexOf(shardOf(a, this.nodesInOrder)) - this.nodesInOrder.indexOf(shardOf(b, this.nodesInOrder)) || String(a).localeCompare(String(b)));
        const read = (await this.steps(id, ordered.map((key): ShardOp => ({ k: 'rx', key })), run)).map(balanceOf);
        const [from, to] = [read[ordered.indexOf(body.from)], read[ordered.indexOf(body.to)]];
        if (from! < body.amount) throw new TxnAbort('insufficient-funds');
        await this.steps(id, [{ k: 'w', key: body.from, v: from! - body.amount }, { k: 'w', key: body.to, v: to! + body.amount }], run);
        return { from: body.from, to: body.to, amount: body.amount };
      }
      case 'balances': {
        const balances = (await this.steps(id, body.accounts.map((key): ShardOp => ({ k: 'r', key })), run)).map(balanceOf);
        return Object.fromEntries(body.accounts.map((account, i) => [String(account), balances[i]]));
      }
    }
  }

  /** Runs `ops` in order; each run of consecutive ops on one shard is one step there. Results in op order. */
  private async steps(id: string, ops: readonly ShardOp[], run: TxnRun): Promise<unknown[]> {
    const results: unknown[] = [];
    let i = 0;
    while (i < ops.length) {
      const node = shardOf(ops[i]!.key, this.nodesInOrder);
      let j = i;
      while (j < ops.length && shardOf(ops[j]!.key, this.nodesInOrder) === node) j++;
      const group = ops.slice(i, j);
      const step = (run.steps.get(node) ?? 0) + 1;
      run.steps.set(node, step);
      if (group.some((op) => op.k === 'append' || op.k === 'w')) run.wrote = true;
      const reply = await this.callShard(node, { t: 'exec', txn: id, coordinator: this.self, step, ops: group });
      if (reply === undefined) throw new TxnAbort(`shard ${node} did not answer`);
      if (reply.t !== 'exec-ok') throw new TxnAbort(reply.t === 'exec-abort' ? `${node}: ${reply.reason}` : `${node}: unexpected ${reply.t}`);
      results.push(...reply.results);
      i = j;
    }
    return results;
  }

  /** Tells every participant to commit until each acknowledged (then, when the decision is in the log, records the end). */
  private deliverCommit(txn: string, participants: readonly string[], { wrote, logged }: { wrote: boolean; logged: boolean }): void {
    const commit = (node: string) => this.callShard(node, { t: 'commit', txn }, true);
    const [first, ...others] = participants;
    if (first === undefined) return;
    void commit(first).then((firstAck) => {
      if (wrote && others.length > 0 && firstAck?.t === 'ack' && this.crashAtCommitPoint()) process.kill(process.pid, 'SIGKILL');
      return Promise.all(others.map(commit)).then((acks) => {
        if (logged && firstAck?.t === 'ack' && acks.every((ack) => ack?.t === 'ack')) void this.log.append({ type: 'end', txn });
      });
    });
  }
}

/** A bank account never written holds the initial balance. */
function balanceOf(value: unknown): number {
  return typeof value === 'number' ? value : bankInitialBalance;
}
