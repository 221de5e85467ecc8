/**
 * One node of a view-replicated key-value store: the engine under both `primary-backup`
 * (topology 'star': the primary sends every batch to every backup) and `chain` (topology
 * 'chain': the head sends to its successor, each node forwards down, the tail's apply is the
 * commit).
 *
 * Configuration service = view numbers with a simple agreed rule (Viewstamped Replication /
 * Raft's election reduced to what a 3-5 node test cluster needs):
 * - A view is {num, members}; members[0] is the primary (the chain's head, and the chain
 *   master that repairs it). Views have at least a majority of the nodes as members.
 * - A node becomes primary of view v only with votes of a majority. A node votes for v if it
 *   never promised a view >= v and the candidate's state is at least as new as its own
 *   (stateVersion = (view of the last apply, number of entries applied)), so any acknowledged
 *   write, which every member of its view applied, is in the new primary's state.
 * - A node that promised view v rejects every message of a view < v: that is the fencing.
 *   A deposed primary can neither commit writes nor answer reads, because both need an
 *   answer from every member of its view, and at least one of them promised the newer view.
 * - The primary pings every node; it starts a new view without a member that stops
 *   answering, and with a node that answers again (state transferred whole with the view).
 *   Other nodes start an election when they stop hearing from their primary.
 * State (promise, view, data, dedup table) is written to disk before any reply, so kill -9
 * and restart lose nothing acknowledged.
 *
 * Buggy modes (primary-backup only):
 * - ack-before-replicate: the primary answers a write as soon as it applied it locally and
 *   ships batches to backups in the background; a failover loses acknowledged writes.
 * - no-fencing: a primary that loses a backup drops it on its own (no new view, no votes) and
 *   serves reads from local state, so after a partition two primaries serve clients.
 * Buggy mode (chain only): read-from-any: every node answers reads from its local state.
 */
import type { Address } from '../../harness/interfaces.js';
import { DurableFile } from './durable-file.js';
import { applyKvOp, isReadOnly, type KvData, type KvOp, type KvResult } from './kv-op.js';
import type { NodeArgs } from './node-args.js';
import type { ClientReply, ClientRequest } from './protocol.js';
import { seededIntBetween } from './seeded-random.js';
import { RpcTimeoutError, UdpRpc } from './udp-rpc.js';

export type Topology = 'star' | 'chain';

interface View {
  num: number;
  members: string[];
}
interface StateVersion {
  view: number;
  count: number;
}
interface ClientEntry {
  clientId: string;
  seq: number;
  op: KvOp;
}
interface DedupRecord {
  seq: number;
  result: KvResult;
  /** Log position (1-based) of the entry that produced the result. */
  index: number;
}
interface ReplicaState {
  promised: number;
  view: View | null;
  version: StateVersion;
  data: KvData;
  clients: Record<string, DedupRecord>;
}

type PeerMessage =
  | { t: 'vote'; view: number; candidate: string; version: StateVersion }
  | { t: 'start-view'; view: View; data: KvData; clients: Record<string, DedupRecord>; count: number }
  | { t: 'apply'; view: number; from: number; entries: ClientEntry[] }
  | { t: 'ping'; view: number; primary: string }
  | { t: 'confirm'; view: number }
  | { t: 'health' };

interface PeerReply {
  ok: boolean;
  promised: number;
  view?: number;
  count?: number;
  gap?: boolean;
}

const heartbeatMs = 50;
/** A member silent this long is dropped from the view by its primary. */
const memberTimeoutMs = 400;
/** A non-member must answer pings this long before it is taken back. */
const rejoinAfterMs = 200;
const electionTimeoutMinMs = 500;
const electionTimeoutMaxMs = 1000;
const startupGraceMs = 1500;
const peerAttemptTimeoutMs = 100;
const peerAttemptsMax = 3;
const batchEntriesMax = 200;
/** ack-before-replicate ships batches to backups this often (asynchronous replication). */
const lazyReplicationMs = 1000;

export class ViewReplicaNode {
  private state: ReplicaState;
  private readonly file: DurableFile<ReplicaState>;
  private readonly peers: Map<string, Address>;
  private readonly all: string[];
  private readonly majority: number;
  private readonly random: (a: number, b: number) => number;
  private rpc!: UdpRpc;

  /** Entries this node applied as primary that are not yet known to be on every member. */
  private committedCount = 0;
  /** Members (by name) known to hold this primary's state for the current view, up to count. */
  private memberCount = new Map<string, number>();
  private readonly commitWaiters: Array<{ index: number; resolve: (committed: boolean) => void }> = [];
  private replicating = false;
  private electing = false;
  private lastHeardPrimaryMs = Date.now();
  private electionDeadlineMs: number;
  private readonly lastPeerReplyMs = new Map<string, number>();
  private readonly peerAnsweringSinceMs = new Map<string, number>();
  private timers: NodeJS.Timeout[] = [];

  constructor(
    private readonly args: NodeArgs,
    private readonly topology: Topology,
  ) {
    this.peers = args.peers;
    this.all = [args.node, ...args.peers.keys()].sort();
    this.majority = Math.floor(this.all.length / 2) + 1;
    this.random = seededIntBetween(args.seed, `${args.node}:${process.pid}`);
    this.file = new DurableFile<ReplicaState>(args.dataDir, 'replica-state.json');
    this.state = this.file.load() ?? { promised: 0, view: null, version: { view: 0, count: 0 }, data: {}, clients: {} };
    // Nodes of a cluster start one after the other: give the first primary time to come up.
    this.electionDeadlineMs = Date.now() + startupGraceMs + this.random(electionTimeoutMinMs, electionTimeoutMaxMs);
  }

  async start(): Promise<void> {
    this.rpc = await UdpRpc.bind(this.args.listen, `${this.args.node}-${process.pid}`);
    this.rpc.serve((body) => this.handle(body));
    // After a restart as primary, members' counts are unknown: the next replicate sends the
    // whole state; entries applied from now on are shipped from here.
    this.logBase = this.state.version.count;
    // Bootstrap: the first view is {n-lowest..}: every node agrees on it without votes, because
    // view 1 is promised to nobody yet; the lowest-named node is its primary.
    if (this.state.view === null && this.state.promised === 0) {
      this.state.view = { num: 1, members: [...this.all] };
      this.state.promised = 1;
      this.state.version = { view: 1, count: 0 };
      this.persist();
    }
    this.timers.push(setInterval(() => this.tick(), heartbeatMs));
    if (this.args.mode === 'ack-before-replicate') this.timers.push(setInterval(() => this.replicate(), lazyReplicationMs));
  }

  stop(): void {
    for (const t of this.timers) clearInterval(t);
    this.rpc.close();
  }

  private get mode(): string {
    return this.args.mode;
  }

  private get isPrimary(): boolean {
    const view = this.state.view;
    return view !== null && view.members[0] === this.args.node && view.num === this.state.promised;
  }

  private log(message: string): void {
    process.stdout.write(`${new Date().toISOString()} ${this.args.node} ${message}\n`);
  }

  private persist(): void {
    this.file.save(this.state);
  }

  /** The candidate leads; survivors keep their order (chain order matters); newcomers join at the tail. */
  private orderMembers(nodes: readonly string[], previous: View | null): string[] {
    const me = this.args.node;
    const kept = previous ? previous.members.filter((m) => nodes.includes(m) && m !== me) : [];
    const added = nodes.filter((n) => !kept.includes(n) && n !== me).sort();
    return [me, ...kept, ...added];
  }

  /** Any sign of our primary being alive: no election needed for a while. */
  private heardFromPrimary(primary: string | undefined): void {
    this.lastHeardPrimaryMs = Date.now();
    this.lastHeardPrimary = primary;
    this.electionDeadlineMs = Date.now() + this.random(electionTimeoutMinMs, electionTimeoutMaxMs);
  }

  private lastHeardPrimary: string | undefined;
  /** Highest promise any peer reported; a new view must be numbered above it to get their votes. */
  private maxPromisedSeen = 0;

  /**
   * A peer reported a promise newer than ours. If it is a member of our view, our view is over
   * (we could not commit anything in it any more): step down. A non-member's promise only
   * tells us which number the next view needs.
   */
  private observePromise(peer: string, promised: number): void {
    this.maxPromisedSeen = Math.max(this.maxPromisedSeen, promised);
    if (promised <= this.state.promised) return;
    if (this.state.view === null || !this.state.view.members.includes(peer)) return;
    // no-fencing: only a primary steps down (it does hear of the newer view once the partition heals).
    if (this.mode === 'no-fencing' && !this.isPrimary) return;
    this.state.promised = promised;
    this.persist();
    this.stepDownIfDeposed();
  }

  // ---------------------------------------------------------------- message handling

  private async handle(body: unknown): Promise<unknown> {
    const message = body as ClientRequest | PeerMessage;
    switch (message.t) {
      case 'client':
        return this.handleClient(message);
      case 'vote':
        return this.handleVote(message);
      case 'start-view':
        return this.handleStartView(message);
      case 'apply':
        return this.handleApply(message);
      case 'ping':
        return this.handlePing(message);
      case 'confirm':
        return this.handleConfirm(message);
      case 'health':
        return { t: 'healthy', node: this.args.node, view: this.state.view, promised: this.state.promised };
      default:
        return undefined;
    }
  }

  private reply(ok: boolean, extra: Partial<PeerReply> = {}): PeerReply {
    return { ok, promised: this.state.promised, view: this.state.view?.num, count: this.state.version.count, ...extra };
  }

  private handleVote(m: Extract<PeerMessage, { t: 'vote' }>): PeerReply {
    const heardRecently = Date.now() - this.lastHeardPrimaryMs < electionTimeoutMinMs;
    // Leader stickiness: while a primary is alive, only that primary may start a new view
    // (it does, to drop a dead member or take a node back). A primary votes for nobody else.
    if (this.isPrimary && m.candidate !== this.args.node) return this.reply(false);
    if (heardRecently && this.lastHeardPrimary !== undefined && m.candidate !== this.lastHeardPrimary) return this.reply(false);
    if (m.view <= this.state.promised || compareVersion(m.version, this.state.version) < 0) return this.reply(false);
    this.state.promised = m.view;
    this.persist();
    this.stepDownIfDeposed();
    this.heardFromPrimary(m.candidate);
    return this.reply(true);
  }

  private handleStartView(m: Extract<PeerMessage, { t: 'start-view' }>): PeerReply {
    const current = this.state.view;
    const fenced = this.mode !== 'no-fencing' && m.view.num < this.state.promised;
    const older = current !== null && (m.view.num < current.num || (m.view.num === current.num && m.count < this.state.version.count));
    if (fenced || older) return this.reply(false);
    this.state = {
      promised: Math.max(this.state.promised, m.view.num),
      view: m.view,
      version: { view: m.view.num, count: m.count },
      data: m.data,
      clients: m.clients,
    };
    this.persist();
    if (current?.num !== m.view.num) this.log(`joined view ${m.view.num}, members ${m.view.members.join(',')}, ${m.count} entries`);
    this.heardFromPrimary(m.view.members[0]);
    this.stepDownIfDeposed();
    return this.reply(true);
  }

  private async handleApply(m: Extract<PeerMessage, { t: 'apply' }>): Promise<PeerReply> {
    const view = this.state.view;
    const sameView = view !== null && view.num === m.view && (this.mode === 'no-fencing' || m.view === this.state.promised);
    if (!sameView) return this.reply(false);
    this.heardFromPrimary(view.members[0]);
    const count = this.state.version.count;
    if (m.from > count) return this.reply(false, { gap: true });
    const fresh = m.entries.slice(count - m.from);
    if (fresh.length > 0) {
      for (const entry of fresh) this.applyEntry(entry);
      this.state.version = { view: m.view, count: this.state.version.count };
      this.persist();
    }
    if (this.topology === 'chain') {
      // Forward down the chain; this node's apply counts only once everything after it applied.
      const successor = view.members[view.members.indexOf(this.args.node) + 1];
      if (successor !== undefined) {
        const forwarded = await this.callPeer(successor, { t: 'apply', view: m.view, from: m.from, entries: m.entries });
        if (forwarded === undefined || !forwarded.ok) return this.reply(false, { gap: forwarded?.gap });
      }
    }
    return this.reply(true);
  }

  private handlePing(m: Extract<PeerMessage, { t: 'ping' }>): PeerReply {
    if (m.view >= this.state.promised) this.heardFromPrimary(m.primary);
    const inView = this.state.view !== null && this.state.view.num === m.view && m.view === this.state.promised;
    return this.reply(inView);
  }

  private handleConfirm(m: Extract<PeerMessage, { t: 'confirm' }>): PeerReply {
    return this.reply(this.state.view !== null && this.state.view.num === m.view && m.view === this.state.promised);
  }

  // ---------------------------------------------------------------- clients

  private async handleClient(request: ClientRequest): Promise<ClientReply> {
    const view = this.state.view;
    const op = request.op;
    const readOnly = isReadOnly(op);
    if (this.topology === 'chain' && readOnly) return this.chainRead(op);
    if (!this.isPrimary) {
      const known = this.state.clients[request.clientId];
      if (known !== undefined && known.seq >= request.seq) return { t: 'unknown', reason: 'applied here, but this node is no longer primary' };
      return { t: 'redirect', to: view?.members[0], reason: 'not primary' };
    }
    if (readOnly && this.mode === 'no-fencing') return toClientReply(applyKvOp(this.state.data, op));
    const known = this.state.clients[request.clientId];
    if (known !== undefined && known.seq === request.seq) return this.awaitCommit(known);
    if (known !== undefined && known.seq > request.seq) return { t: 'unknown', reason: 'stale request' };
    // Apply now (this fixes the order), ship to the members, answer once every member has it.
    const entry: ClientEntry = { clientId: request.clientId, seq: request.seq, op };
    this.applyEntry(entry);
    this.pendingLog.push(entry);
    this.state.version.view = view!.num;
    this.persist();
    const record = this.state.clients[request.clientId];
    // The bug: an update is acknowledged now, replication happens later. (Reads still wait.)
    if (this.mode === 'ack-before-replicate' && !readOnly) return toClientReply(record.result);
    // (ack-before-replicate: a read waits for the next background batch, so reads stay fenced
    // and the only bug is the lost acknowledged writes.)
    if (this.mode !== 'ack-before-replicate') void this.replicate();
    return this.awaitCommit(record);
  }

  private async chainRead(op: KvOp): Promise<ClientReply> {
    const view = this.state.view;
    if (this.mode === 'read-from-any') return toClientReply(applyKvOp(this.state.data, op));
    if (view === null || view.num !== this.state.promised) return { t: 'redirect', reason: 'no current view' };
    const tail = view.members[view.members.length - 1];
    if (tail !== this.args.node) return { t: 'redirect', to: tail, reason: 'reads go to the tail' };
    // Fencing for reads: every member must still be in this view, so no newer view (which
    // needs a majority of votes, and every view holds a majority) committed anything yet.
    const others = view.members.filter((m) => m !== this.args.node);
    const replies = await Promise.all(others.map((m) => this.callPeer(m, { t: 'confirm', view: view.num })));
    if (replies.some((r) => r === undefined || !r.ok)) return { t: 'redirect', reason: 'view could not be confirmed' };
    if (this.state.view?.num !== view.num || this.state.promised !== view.num) return { t: 'redirect', reason: 'view changed' };
    return toClientReply(applyKvOp(this.state.data, op));
  }

  private awaitCommit(record: DedupRecord): Promise<ClientReply> {
    if (record.index <= this.committedCount) return Promise.resolve(toClientReply(record.result));
    return new Promise((resolve) => {
      this.commitWaiters.push({
        index: record.index,
        resolve: (committed) => resolve(committed ? toClientReply(record.result) : { t: 'unknown', reason: 'deposed before commit' }),
      });
    });
  }

  private applyEntry(entry: ClientEntry): KvResult {
    const known = this.state.clients[entry.clientId];
    if (known !== undefined && known.seq >= entry.seq) {
      this.state.version.count++;
      return known.result;
    }
    const result = applyKvOp(this.state.data, entry.op);
    this.state.version.count++;
    this.state.clients[entry.clientId] = { seq: entry.seq, result, index: this.state.version.count };
    return result;
  }

  /**
   * Entries applied by this primary since the view started, in order: what `apply` ships.
   * logBase = the count at which pendingLog[0] was applied.
   */
  private pendingLog: ClientEntry[] = [];
  private logBase = 0;

  /** Primary: bring every member up to this node's count; on success everything is committed. */
  private async replicate(): Promise<void> {
    if (this.replicating || !this.isPrimary) return;
    this.replicating = true;
    try {
      while (this.isPrimary) {
        const view = this.state.view!;
        const target = this.state.version.count;
        const ok = await this.bringMembersTo(view, target);
        if (!ok) {
          await sleep(heartbeatMs);
          continue;
        }
        this.commit(target);
        if (this.state.version.count === target) break;
      }
    } finally {
      this.replicating = false;
    }
  }

  private async bringMembersTo(view: View, target: number): Promise<boolean> {
    const backups = view.members.slice(1);
    const receivers = this.topology === 'chain' ? backups.slice(0, 1) : backups;
    const results = await Promise.all(receivers.map((member) => this.bringMemberTo(view, member, target)));
    // Chain: the successor's ok means the whole rest of the chain applied; everyone is at target.
    if (this.topology === 'chain' && results.every(Boolean)) for (const m of backups) this.memberCount.set(m, target);
    return results.every(Boolean) && this.isPrimary && this.state.view?.num === view.num;
  }

  private async bringMemberTo(view: View, member: string, target: number): Promise<boolean> {
    const known = this.memberCount.get(member);
    if (known !== undefined && known >= target) return true;
    if (known !== undefined && known >= this.logBase) {
      const entries = this.pendingLog.slice(known - this.logBase, target - this.logBase);
      const reply = await this.callPeer(member, { t: 'apply', view: view.num, from: known, entries });
      if (this.state.view?.num !== view.num) return false; // a new view started meanwhile: counts were reset
      if (reply?.ok) {
        this.memberCount.set(member, target);
        return true;
      }
      // No answer: try later. Any refusal (gap, other view): fall back to a whole-state transfer.
      if (reply === undefined) return false;
    }
    // Unknown or behind: transfer the whole state with the view. A snapshot: the state keeps
    // changing while we wait, and every resend must carry exactly `count` entries' worth.
    const count = this.state.version.count;
    const snapshot = structuredClone({ data: this.state.data, clients: this.state.clients });
    const message: PeerMessage = { t: 'start-view', view, data: snapshot.data, clients: snapshot.clients, count };
    const reply = await this.callPeer(member, message);
    if (!reply?.ok || this.state.view?.num !== view.num) return false;
    if (this.topology === 'chain') {
      // The rest of the chain gets the same state (apply forwarding only carries entries).
      for (const next of view.members.slice(view.members.indexOf(member) + 1)) {
        const r = await this.callPeer(next, message);
        if (!r?.ok || this.state.view?.num !== view.num) return false;
        this.memberCount.set(next, count);
      }
    }
    this.memberCount.set(member, count);
    return count >= target;
  }

  private commit(count: number): void {
    this.committedCount = Math.max(this.committedCount, count);
    // Keep the log short: everything every member has can go.
    const minMember = Math.min(count, ...[...this.memberCount.values()]);
    if (minMember > this.logBase) {
      this.pendingLog = this.pendingLog.slice(minMember - this.logBase);
      this.logBase = minMember;
    }
    for (let i = this.commitWaiters.length - 1; i >= 0; i--) {
      const waiter = this.commitWaiters[i];
      if (waiter.index <= this.committedCount) {
        this.commitWaiters.splice(i, 1);
        waiter.resolve(true);
      }
    }
  }

  // ---------------------------------------------------------------- views

  private stepDownIfDeposed(): void {
    if (this.isPrimary) return;
    if (this.state.view?.members[0] === this.args.node && this.commitWaiters.length > 0) this.log(`deposed from view ${this.state.view.num} (promised ${this.state.promised})`);
    // Deposed: what is pending may or may not survive in the new view, so say nothing definite.
    for (const waiter of this.commitWaiters.splice(0)) waiter.resolve(false);
  }

  private async callPeer(peer: string, message: PeerMessage): Promise<PeerReply | undefined> {
    const address = this.peers.get(peer);
    if (address === undefined) return undefined;
    try {
      const reply = (await this.rpc.call(address, message, { attemptTimeoutMs: peerAttemptTimeoutMs, attemptsMax: peerAttemptsMax })) as PeerReply;
      this.lastPeerReplyMs.set(peer, Date.now());
      this.observePromise(peer, reply.promised);
      return reply;
    } catch (error) {
      if (error instanceof RpcTimeoutError) return undefined;
      throw error;
    }
  }

  private tick(): void {
    const now = Date.now();
    if (this.isPrimary) {
      this.heardFromPrimary(this.args.node);
      void this.heartbeat();
      return;
    }
    if (now >= this.electionDeadlineMs && !this.electing) void this.runElection();
  }

  private heartbeating = false;

  private async heartbeat(): Promise<void> {
    if (this.heartbeating) return;
    this.heartbeating = true;
    try {
      const view = this.state.view!;
      const now = Date.now();
      await Promise.all(
        [...this.peers.keys()].map(async (peer) => {
          const reply = await this.callPeerOnce(peer, { t: 'ping', view: view.num, primary: this.args.node });
          if (reply === undefined) this.peerAnsweringSinceMs.delete(peer);
          else if (!this.peerAnsweringSinceMs.has(peer)) this.peerAnsweringSinceMs.set(peer, now);
          if (reply !== undefined && view.members.includes(peer) && !reply.ok) this.memberCount.delete(peer);
        }),
      );
      if (!this.isPrimary || this.state.view?.num !== view.num) return;
      const later = Date.now();
      const deadMembers = view.members.slice(1).filter((m) => later - (this.lastPeerReplyMs.get(m) ?? this.viewStartedMs) > memberTimeoutMs);
      const returning = [...this.peers.keys()].filter((p) => !view.members.includes(p) && later - (this.peerAnsweringSinceMs.get(p) ?? later) >= rejoinAfterMs);
      if (deadMembers.length > 0 && this.mode === 'no-fencing') {
        // The bug: drop silent backups on our own, without a new view agreed by a majority.
        this.log(`no-fencing: dropping ${deadMembers.join(',')} from view ${view.num} without a vote`);
        this.state.view = { num: view.num, members: view.members.filter((m) => !deadMembers.includes(m)) };
        this.persist();
        void this.replicate();
        return;
      }
      if (deadMembers.length > 0 || returning.length > 0) await this.runElection();
      else if (this.memberCount.size < view.members.length - 1 || (this.state.version.count > this.committedCount && this.mode !== 'ack-before-replicate')) {
        // (ack-before-replicate ships new entries only on its own slow timer: that is its lag.)
        void this.replicate();
      }
    } finally {
      this.heartbeating = false;
    }
  }

  private viewStartedMs = Date.now();

  private async callPeerOnce(peer: string, message: PeerMessage): Promise<PeerReply | undefined> {
    const address = this.peers.get(peer);
    if (address === undefined) return undefined;
    try {
      const reply = (await this.rpc.call(address, message, { attemptTimeoutMs: peerAttemptTimeoutMs * 2, attemptsMax: 1 })) as PeerReply;
      this.lastPeerReplyMs.set(peer, Date.now());
      this.observePromise(peer, reply.promised);
      return reply;
    } catch (error) {
      if (error instanceof RpcTimeoutError) return undefined;
      throw error;
    }
  }

  private async runElection(): Promise<void> {
    if (this.electing) return;
    this.electing = true;
    try {
      const previous = this.state.view;
      const num = Math.max(this.state.promised, this.maxPromisedSeen) + 1;
      this.state.promised = num;
      this.persist();
      this.stepDownIfDeposed();
      const version = { ...this.state.version };
      const voters = [this.args.node];
      await Promise.all(
        [...this.peers.keys()].map(async (peer) => {
          const reply = await this.callPeer(peer, { t: 'vote', view: num, candidate: this.args.node, version });
          if (reply?.ok) voters.push(peer);
        }),
      );
      this.electionDeadlineMs = Date.now() + this.random(electionTimeoutMinMs, electionTimeoutMaxMs);
      if (voters.length < this.majority || this.state.promised !== num) return;
      const view: View = { num, members: this.orderMembers(voters, previous) };
      this.state.view = view;
      this.log(`primary of view ${num}, members ${view.members.join(',')}, state (${this.state.version.view}, ${this.state.version.count})`);
      this.state.version = { view: num, count: this.state.version.count };
      this.persist();
      this.memberCount.clear();
      this.pendingLog = [];
      this.logBase = this.state.version.count;
      this.committedCount = 0;
      this.viewStartedMs = Date.now();
      for (const m of view.members) this.lastPeerReplyMs.set(m, Date.now());
      // Send the state to every member; entries applied before this view commit with it.
      await this.replicate();
    } finally {
      this.electing = false;
    }
  }
}

function compareVersion(a: StateVersion, b: StateVersion): number {
  return a.view !== b.view ? a.view - b.view : a.count - b.count;
}

function toClientReply(result: KvResult): ClientReply {
  return result.type === 'ok' ? { t: 'ok', value: result.value } : { t: 'fail', value: result.value, error: result.error ?? 'failed' };
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
