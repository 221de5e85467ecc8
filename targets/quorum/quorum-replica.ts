/**
 * One replica of the quorum target (its process: quorum-node.ts).
 *
 * N replicas; every node stores, per key, a value with a version (counter, writer id) and is
 * also a coordinator for the clients bound to it (ABD, Attiya-Bar-Noy-Dolev, multi-writer):
 * - write: ask every replica for its version, wait for R answers, pick (max counter + 1,
 *   this request's id), send the value to every replica, answer after W acknowledgements.
 * - read: ask every replica, wait for R answers, take the highest version; if fewer than W of
 *   the answers already hold it, write it back (read repair) to W replicas before answering.
 * Mode correct: R = W = majority (R + W > N). Mode r1w1: R = W = 1 (the bug).
 *
 * cas and append are read-modify-write operations, which a plain quorum store cannot make
 * linearizable (two coordinators can read the same version and both "win"); they are refused
 * with a definite fail ('unsupported-on-quorum') and the kv workload does not generate them.
 */
import type { Address } from '../../harness/interfaces.js';
import { DurableFile } from '../replicated/durable-file.js';
import { isReadOnly, type KvOp } from '../replicated/kv-op.js';
import type { NodeArgs } from '../replicated/node-args.js';
import type { StartableNode } from '../replicated/node-main.js';
import type { ClientReply, ClientRequest } from '../replicated/protocol.js';
import { RpcTimeoutError, UdpRpc } from '../replicated/udp-rpc.js';

interface Version {
  c: number;
  /** Writer id: the client request that wrote it, so versions of different writes never tie. */
  w: string;
}
interface Stored {
  value: unknown;
  version: Version;
}
type PeerMessage = { t: 'q-read'; key: string } | { t: 'q-write'; key: string; stored: Stored };
type PeerReply = { t: 'q-read-ok'; stored: Stored | null } | { t: 'q-write-ok' };

const peerAttemptTimeoutMs = 150;
const peerAttemptsMax = 3;
/** Coordinated requests are remembered this long, so a resent request gets the same answer. */
const dedupKeepMs = 60_000;

/**
 * On disk: the replica's records, and the version this node chose for each write it
 * coordinates. A client resends a request to a coordinator that was killed and restarted in
 * the middle of it; re-running phase 1 would pick a newer version and resurrect a value that
 * later writes already replaced (seen in the matrix). Reusing the chosen version keeps the
 * write idempotent.
 */
interface ReplicaFile {
  records: Record<string, Stored>;
  chosen: Record<string, { version: Version; atMs: number }>;
}

export const compareVersions = (a: Version, b: Version): number => (a.c !== b.c ? a.c - b.c : a.w < b.w ? -1 : a.w > b.w ? 1 : 0);

export class QuorumReplica implements StartableNode {
  private rpc!: UdpRpc;
  private readonly file: DurableFile<ReplicaFile>;
  private records: Record<string, Stored>;
  private chosen: ReplicaFile['chosen'];
  private readonly readQuorum: number;
  private readonly writeQuorum: number;
  private readonly coordinated = new Map<string, { reply: Promise<ClientReply>; atMs: number }>();
  private sweepTimer: NodeJS.Timeout | undefined;

  constructor(private readonly args: NodeArgs) {
    const n = args.peers.size + 1;
    const majority = Math.floor(n / 2) + 1;
    if (args.mode === 'correct') [this.readQuorum, this.writeQuorum] = [majority, majority];
    else if (args.mode === 'r1w1') [this.readQuorum, this.writeQuorum] = [1, 1];
    else throw new Error(`quorum: unknown mode '${args.mode}' (correct, r1w1)`);
    this.file = new DurableFile(args.dataDir, 'quorum-replica.json');
    const loaded = this.file.load();
    this.records = loaded?.records ?? {};
    this.chosen = loaded?.chosen ?? {};
  }

  async start(): Promise<void> {
    this.rpc = await UdpRpc.bind(this.args.listen, `${this.args.node}-${process.pid}`);
    this.rpc.serve((body) => this.handle(body as ClientRequest | PeerMessage | { t: 'health' }));
    this.sweepTimer = setInterval(() => {
      const cutoff = Date.now() - dedupKeepMs;
      for (const [id, entry] of this.coordinated) if (entry.atMs < cutoff) this.coordinated.delete(id);
    }, 5_000);
  }

  stop(): void {
    clearInterval(this.sweepTimer);
    this.rpc.close();
  }

  private handle(message: ClientRequest | PeerMessage | { t: 'health' }): unknown {
    switch (message.t) {
      case 'health':
        return { t: 'healthy', node: this.args.node };
      case 'q-read':
        return { t: 'q-read-ok', stored: this.records[message.key] ?? null } satisfies PeerReply;
      case 'q-write':
        this.storeIfNewer(message.key, message.stored);
        return { t: 'q-write-ok' } satisfies PeerReply;
      case 'client': {
        const id = `${message.clientId}:${message.seq}`;
        let entry = this.coordinated.get(id);
        if (entry === undefined) {
          entry = { reply: this.coordinate(message), atMs: Date.now() };
          this.coordinated.set(id, entry);
        }
        return entry.reply;
      }
      default:
        return undefined;
    }
  }

  private storeIfNewer(key: string, stored: Stored): void {
    const current = this.records[key];
    if (current !== undefined && compareVersions(current.version, stored.version) >= 0) return;
    this.records[key] = stored;
    this.save();
  }

  private save(): void {
    const cutoff = Date.now() - dedupKeepMs;
    for (const [id, entry] of Object.entries(this.chosen)) if (entry.atMs < cutoff) delete this.chosen[id];
    this.file.save({ records: this.records, chosen: this.chosen });
  }

  private async coordinate(request: ClientRequest): Promise<ClientReply> {
    const op = request.op;
    if (op.f === 'cas' || op.f === 'append') return { t: 'fail', value: [op.key, op.arg], error: 'unsupported-on-quorum' };
    const id = `${request.clientId}:${request.seq}`;
    const chosen = this.chosen[id]?.version;
    // A write this node already chose a version for (before a restart) may be on some replicas:
    // finish it with that version; phase 1 is not needed and its failure would not be definite.
    if (!isReadOnly(op) && chosen !== undefined) return this.writePhase(op, chosen);
    const answers = await this.gather(this.readQuorum, { t: 'q-read', key: op.key });
    if (answers.length < this.readQuorum) {
      // Nothing was written: for an update that is a definite failure.
      return isReadOnly(op) ? { t: 'redirect', reason: 'no read quorum' } : { t: 'fail', value: [op.key, op.arg], error: 'no-read-quorum' };
    }
    const stored = answers.map((a) => (a as Extract<PeerReply, { t: 'q-read-ok' }>).stored);
    const newest = stored.reduce<Stored | null>((best, s) => (s !== null && (best === null || compareVersions(s.version, best.version) > 0) ? s : best), null);
    if (isReadOnly(op)) {
      const holders = newest === null ? stored.length : stored.filter((s) => s !== null && compareVersions(s.version, newest.version) === 0).length;
      if (newest !== null && holders < this.writeQuorum) {
        const acks = await this.gather(this.writeQuorum, { t: 'q-write', key: op.key, stored: newest });
        if (acks.length < this.writeQuorum) return { t: 'redirect', reason: 'read repair found no write quorum' };
      }
      return { t: 'ok', value: [op.key, readValue(op, newest)] };
    }
    const version: Version = { c: (newest?.version.c ?? 0) + 1, w: id };
    this.chosen[id] = { version, atMs: Date.now() };
    this.save(); // before any replica can hold it
    return this.writePhase(op, version);
  }

  private async writePhase(op: KvOp, version: Version): Promise<ClientReply> {
    const acks = await this.gather(this.writeQuorum, { t: 'q-write', key: op.key, stored: { value: op.arg, version } });
    if (acks.length < this.writeQuorum) return { t: 'unknown', reason: `write reached ${acks.length} of ${this.writeQuorum} replicas` };
    return { t: 'ok', value: [op.key, op.arg] };
  }

  /**
   * Send `message` to every replica (this one directly) and resolve with the first `needed`
   * answers, or with fewer once every replica answered or gave up.
   */
  private gather(needed: number, message: PeerMessage): Promise<PeerReply[]> {
    return new Promise((resolve) => {
      const answers: PeerReply[] = [];
      let outstanding = this.args.peers.size + 1;
      let done = false;
      const settle = (answer: PeerReply | undefined): void => {
        outstanding--;
        if (done) return;
        if (answer !== undefined) answers.push(answer);
        if (answers.length >= needed || outstanding === 0) {
          done = true;
          resolve(answers.slice());
        }
      };
      // This replica answers first and directly; peers through the runtime's links.
      settle(this.handle(message) as PeerReply);
      for (const address of this.args.peers.values()) void this.callPeer(address, message).then(settle);
    });
  }

  private async callPeer(address: Address, message: PeerMessage): Promise<PeerReply | undefined> {
    try {
      return (await this.rpc.call(address, message, { attemptTimeoutMs: peerAttemptTimeoutMs, attemptsMax: peerAttemptsMax })) as PeerReply;
    } catch (error) {
      if (error instanceof RpcTimeoutError) return undefined;
      throw error;
    }
  }
}

function readValue(op: KvOp, newest: Stored | null): unknown {
  if (newest !== null) return newest.value;
  return op.f === 'get' ? '' : null;
}
