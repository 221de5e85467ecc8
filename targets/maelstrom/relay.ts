/**
 * The relay: one small process per Maelstrom node, started by the runtime (so on netns it
 * lives in the node's namespace). It starts the node's command with /bin/sh -c, and carries
 * every line the node writes on stdout as one UDP datagram to its destination: straight to
 * the peer's address (through the link's proxy on the local runtime) for a node, or to the
 * harness for a client or a service. What arrives for the node is written to its stdin. So the
 * runtime's partitions, loss and delay act on node-to-node traffic exactly as on any target.
 *
 * Usage: node relay.js '<RelayConfig as JSON>'. The node's stderr goes to config.nodeLog; the
 * relay's own notes to its stdout (the runtime's log file). It exits when the node exits,
 * after telling the harness.
 */
import { spawn } from 'node:child_process';
import dgram from 'node:dgram';
import fs from 'node:fs';
import type { Address } from '../../harness/interfaces.js';
import { seededRng } from '../../harness/seeded-rng.js';
import { messageDelay, type LatencyDistribution } from './latency.js';
import { MessageRecorder } from './message-record.js';
import { Reassembler, encodeControl, encodeMessage, forEachBatchedMessage, type ControlRecord } from './wire.js';

export interface RelayConfig {
  node: string;
  listen: Address;
  /** Where to send a message for each other node. */
  peers: Record<string, Address>;
  /** The node's command, run with /bin/sh -c. */
  command: string;
  /** File the node's stderr is appended to. */
  nodeLog: string;
  /** The node's folder in the store, given to the node as HARNESS_NODE_DIR (for files that outlive a crash). */
  nodeDir: string;
  /** File the node's pid (= its process group) is written to, for the harness's kill and pause. */
  pidFile: string;
  /** Bytes waiting for the node's stdin past which further messages are dropped (a node that stopped reading). */
  stdinLimitBytes: number;
  /** Where every message sent and received is recorded (message-record.ts). */
  messagesFile: string;
  /** The run's time zero on the monotonic clock, ns as a decimal string (RunContext.startNs). */
  clockZeroNs: string;
  /** Maelstrom's --latency: every message for the node waits this long first, ms (0: none). */
  latencyMs: number;
  latencyDist: LatencyDistribution;
  /** Seed of this node's delay stream (the run's seed; the stream is named after the node). */
  seed: number;
}

const config = JSON.parse(process.argv[2] ?? 'null') as RelayConfig | null;
if (config === null) {
  process.stderr.write('usage: relay.js <config json>\n');
  process.exit(64);
}
const note = (message: string) => process.stdout.write(`${new Date().toISOString()} relay ${config.node}: ${message}\n`);

const socket = dgram.createSocket({ type: 'udp4', recvBufferSize: 4 << 20, sendBufferSize: 4 << 20 });
const reassembler = new Reassembler();
/** Where the harness (clients and services) last spoke from: replies to them go there. */
let harness: { port: number; address: string } | undefined;
let groupId = 0;
const recorder = new MessageRecorder(config.messagesFile, config.clockZeroNs);
const counts = { toNode: 0, fromNode: 0, droppedNoRoute: 0, droppedStdinFull: 0, droppedBeforeInit: 0 };

function report(record: ControlRecord): void {
  note(JSON.stringify(record));
  if (harness !== undefined) socket.send(encodeControl(record), harness.port, harness.address);
}

const logFd = fs.openSync(config.nodeLog, 'a');
const setpriv = ['/usr/bin/setpriv', '/bin/setpriv'].find((p) => fs.existsSync(p));
// The node's own process group (detached), so the harness can stop or kill all of it at once;
// setpriv makes the shell (which usually execs the node) die with this relay.
const argv = setpriv === undefined ? ['/bin/sh', '-c', config.command] : [setpriv, '--pdeathsig', 'KILL', '--', '/bin/sh', '-c', config.command];
const child = spawn(argv[0]!, argv.slice(1), { stdio: ['pipe', 'pipe', logFd], detached: true, env: { ...process.env, HARNESS_NODE_DIR: config.nodeDir } });
fs.closeSync(logFd);
const stdin = child.stdin!;
const stdout = child.stdout!;
if (child.pid !== undefined) fs.writeFileSync(config.pidFile, `${child.pid}\n`);
note(`started pid ${child.pid}: ${config.command}`);

child.on('error', (error) => {
  report({ kind: 'protocol-error', node: config.node, error: 'could not start', detail: error.message });
});
child.on('exit', (exitCode, signal) => {
  report({ kind: 'node-exited', node: config.node, exitCode, signal });
  note(`node exited (code ${exitCode}, signal ${signal}); counts ${JSON.stringify(counts)}`);
  recorder.flush();
  // Give the report a moment to leave, then go: the harness sees this process end too.
  setTimeout(() => process.exit(3), 50);
});
stdin.on('error', () => undefined); // EPIPE after the node exited: the exit handler reports it

// stdin: messages joined per event-loop turn, one write each.
let pending: Buffer[] = [];
let flushScheduled = false;
const newline = Buffer.from('\n');
/**
 * Nothing reaches the node before its init: Maelstrom's protocol makes init the first message a
 * node reads, and nodes rely on it (Maelstrom's Python demo asserts it). After a restart, peers'
 * gossip and clients' requests arrive before the harness's init; they are dropped, as a network
 * drops what is sent to a node that is not up yet. One relay lives as long as one node process.
 */
let initDelivered = false;
type Envelope = { src?: unknown; dest?: unknown; body?: { type?: unknown; msg_id?: unknown; in_reply_to?: unknown } };
function parseEnvelope(text: Buffer): Envelope | undefined {
  try {
    const message = JSON.parse(text.toString('utf8')) as Envelope | null;
    return typeof message === 'object' && message !== null ? message : undefined;
  } catch {
    return undefined;
  }
}
function deliver(text: Buffer): void {
  const message = parseEnvelope(text);
  if (!initDelivered) {
    if (message?.body?.type !== 'init') {
      counts.droppedBeforeInit++;
      return;
    }
    initDelivered = true;
  }
  if (stdin.writableLength > config!.stdinLimitBytes) {
    counts.droppedStdinFull++;
    return;
  }
  counts.toNode++;
  if (message?.body !== undefined) recorder.record('recv', message.src, message.dest, message.body);
  pending.push(text, newline);
  if (!flushScheduled) {
    flushScheduled = true;
    setImmediate(flush);
  }
}
function flush(): void {
  flushScheduled = false;
  const chunk = pending.length === 2 ? Buffer.concat(pending, pending[0]!.length + 1) : Buffer.concat(pending);
  pending = [];
  stdin.write(chunk);
}

const peerNames = new Set(Object.keys(config.peers));
/** Sender addresses that sent node-to-node messages (a peer's relay, or its link's proxy). */
const nodeSenders = new Set<string>();
peerNames.add(config.node);

socket.on('message', (datagram, sender) => {
  const decoded = reassembler.decode(datagram, `${sender.address}:${sender.port}`);
  if (decoded.kind !== 'message') return;
  // A message from a client or a service came from the harness: learn where it is. Senders
  // seen sending node messages are remembered, so peer traffic is not parsed here.
  const from = `${sender.address}:${sender.port}`;
  if (!nodeSenders.has(from) && (harness === undefined || harness.port !== sender.port || harness.address !== sender.address)) {
    const src = sourceOf(decoded.text);
    if (src !== undefined && !peerNames.has(src)) harness = { address: sender.address, port: sender.port };
    else if (src !== undefined && nodeSenders.size < 4096) nodeSenders.add(from);
  }
  forEachBatchedMessage(decoded.text, delayThenDeliver); // one message, or several joined by newlines (see route)
});

/**
 * --latency: each message for the node waits its drawn delay before it is delivered (and recorded as
 * received); equal delays keep their order (Node fires timers of one duration in order). The
 * init gate in deliver() applies when the message arrives at the node, so a delayed init still
 * comes first. Without latency there is no timer and no copy.
 */
const drawDelayMs = messageDelay(config.latencyMs, config.latencyDist, seededRng(config.seed, `maelstrom-latency-${config.node}`));
function delayThenDeliver(text: Buffer): void {
  if (drawDelayMs === undefined) {
    deliver(text);
    return;
  }
  const copy = Buffer.from(text); // the datagram's buffer may be reused once this returns
  setTimeout(() => deliver(copy), drawDelayMs());
}
socket.on('error', (error) => note(`socket error: ${error.message}`));
socket.bind(config.listen.port, config.listen.host, () => note(`listening on ${config.listen.host}:${config.listen.port}`));

function sourceOf(text: Buffer): string | undefined {
  try {
    const newline = text.indexOf(10);
    const first = newline < 0 ? text : text.subarray(0, newline);
    const src = (JSON.parse(first.toString('utf8')) as { src?: unknown }).src;
    return typeof src === 'string' ? src : undefined;
  } catch {
    return undefined;
  }
}

// stdout: one JSON message a line.
let carry = '';
stdout.setEncoding('utf8');
stdout.on('data', (chunk: string) => {
  let start = 0;
  let text = carry + chunk;
  carry = '';
  for (;;) {
    const end = text.indexOf('\n', start);
    if (end < 0) break;
    route(text.slice(start, end));
    start = end + 1;
  }
  carry = text.slice(start);
  text = '';
  sendBatches();
});

function route(line: string): void {
  if (line.trim() === '') return;
  let dest: unknown;
  let message: Envelope;
  try {
    message = JSON.parse(line) as Envelope;
    dest = message.dest;
    if (typeof dest !== 'string' || typeof message.body !== 'object' || message.body === null || typeof message.body.type !== 'string') {
      report({ kind: 'protocol-error', node: config!.node, error: 'a message needs a string dest and a body with a string type', detail: line.slice(0, 300) });
      return;
    }
  } catch {
    report({ kind: 'protocol-error', node: config!.node, error: 'wrote a line on stdout that is not JSON (logs go to stderr)', detail: line.slice(0, 300) });
    return;
  }
  counts.fromNode++;
  recorder.record('send', message.src, dest, message.body!);
  const peer = config!.peers[dest];
  const to = peer !== undefined ? { port: peer.port, address: peer.host } : dest === config!.node ? { port: config!.listen.port, address: config!.listen.host } : harness;
  if (to === undefined) {
    counts.droppedNoRoute++;
    return;
  }
  if (to === harness && drawDelayMs !== undefined) {
    // --latency: a message for a client or a service waits too (the harness has no relay), so a
    // client's request and its reply each take the latency, as on Maelstrom's network.
    const text = Buffer.from(line);
    setTimeout(() => {
      for (const datagram of encodeMessage(text, groupId++)) socket.send(datagram, to.port, to.address);
    }, drawDelayMs());
    return;
  }
  const key = `${to.address}:${to.port}`;
  let batch = batches.get(key);
  if (batch === undefined) batches.set(key, (batch = { to, lines: [], bytes: 0 }));
  const lineBytes = Buffer.byteLength(line) + 1;
  if (batch.bytes + lineBytes > batchBytesMax && batch.lines.length > 0) sendBatch(batch);
  batch.lines.push(line);
  batch.bytes += lineBytes;
}

/**
 * Messages the node wrote in one go (one read of its stdout) to the same destination leave in
 * one datagram, up to batchBytesMax: under load that saves most of the per-datagram cost; a
 * lone message is still one datagram of its own. A lost datagram loses its messages together.
 */
const batchBytesMax = 8192;
interface Batch {
  to: { port: number; address: string };
  lines: string[];
  bytes: number;
}
const batches = new Map<string, Batch>();

function sendBatch(batch: Batch): void {
  const text = Buffer.from(batch.lines.length === 1 ? batch.lines[0]! : batch.lines.join('\n'));
  for (const datagram of encodeMessage(text, groupId++)) socket.send(datagram, batch.to.port, batch.to.address);
  batch.lines = [];
  batch.bytes = 0;
}

function sendBatches(): void {
  for (const batch of batches.values()) if (batch.lines.length > 0) sendBatch(batch);
}

// The harness ends us with SIGTERM or SIGKILL; on SIGTERM take the node's group down first.
process.on('SIGTERM', () => {
  recorder.flush();
  try {
    if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
  } catch {
    /* already gone */
  }
  process.exit(0);
});
