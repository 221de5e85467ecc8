/**
 * The ledger server: a standalone node program (node dist/targets/rpc/ledger-server.js),
 * one UDP socket, one JSON message per datagram. Run by the rpc target through the runtime;
 * see protocol.ts for the messages and issue 3 for the four semantics:
 *
 * - maybe, at-least-once: every arriving call runs (a retried duplicate runs again).
 * - at-most-once: an in-memory dedup table (pending flag, replies discarded on ack);
 *   balances and table live in memory, so a restart forgets both.
 * - exactly-once: the same, made durable: every execution is appended to a write-ahead log
 *   and fsync'd before its reply, and replayed on start (balances, applied ids, table).
 *
 * In every mode each execution is appended to executions.jsonl in the data dir: the
 * server's own record of what it ran, which the checker reads after the run.
 */
import { createSocket, type RemoteInfo } from 'node:dgram';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DedupTable } from './dedup-table.js';
import { ExecutionLog } from './execution-log.js';
import { executionLogFileName, type ExecutionRecord } from './execution-record.js';
import { LedgerState } from './ledger-state.js';
import {
  isSemantics,
  parseRequest,
  readPageSize,
  requestId,
  type CallReply,
  type CallRequest,
  type LedgerResult,
  type Reply,
  type Semantics,
} from './protocol.js';

interface ServerOptions {
  host: string;
  port: number;
  dataDir: string;
  semantics: Semantics;
  /** Simulated handler time of a call, ms; it takes effect halfway (see run()). */
  processingMs: number;
}

function parseOptions(argv: string[]): ServerOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      host: { type: 'string', default: '127.0.0.1' },
      port: { type: 'string' },
      'data-dir': { type: 'string' },
      semantics: { type: 'string', default: 'exactly-once' },
      'processing-ms': { type: 'string', default: '10' },
    },
  });
  const port = Number(values.port);
  const processingMs = Number(values['processing-ms']);
  if (!Number.isInteger(port) || port <= 0 || port > 65535) throw new Error(`--port must be a port number, got ${values.port}`);
  if (values['data-dir'] === undefined) throw new Error('--data-dir is required');
  if (!isSemantics(values.semantics)) throw new Error(`--semantics must be maybe|at-least-once|at-most-once|exactly-once, got ${values.semantics}`);
  if (!Number.isFinite(processingMs) || processingMs < 0) throw new Error(`--processing-ms must be >= 0, got ${values['processing-ms']}`);
  return { host: values.host, port, dataDir: values['data-dir'], semantics: values.semantics, processingMs };
}

function main(): void {
  const options = parseOptions(process.argv.slice(2));
  mkdirSync(options.dataDir, { recursive: true });
  const durable = options.semantics === 'exactly-once';
  const log = new ExecutionLog(join(options.dataDir, executionLogFileName), durable);
  const incarnation = log.existing.filter((record) => record.kind === 'start').length + 1;
  const ledger = new LedgerState();
  // Waiters are sender addresses "host:port", so a sender retrying many times waits once.
  const dedup = new DedupTable<string>();
  const deduplicates = options.semantics === 'at-most-once' || options.semantics === 'exactly-once';

  if (durable) {
    // Replay the write-ahead log: same balances, same applied ids, same dedup table.
    let replayed = 0;
    for (const record of log.existing) {
      if (record.kind !== 'exec') continue;
      dedup.acknowledge(record.clientId, record.ack);
      ledger.replay(record.id, record.op, record.result);
      dedup.complete(record.clientId, record.seq, record.result);
      replayed += 1;
    }
    console.log(`replayed ${replayed} executions; ${ledger.applied.length} applied; ${dedup.size()} dedup entries`);
  }
  const durabilityLost = (error: unknown) => {
    // The log cannot be made durable: stop rather than answer anyone.
    console.error(`execution log failed, exiting: ${String(error)}`);
    process.exit(1);
  };
  log.append({ kind: 'start', incarnation, pid: process.pid, semantics: options.semantics, atMs: Date.now() }).catch(durabilityLost);

  const socket = createSocket('udp4');
  // A send that fails (e.g. EPERM from a fault rule on this host's output) is a lost reply, not
  // a socket error: without a callback it would surface as one and end the server.
  const lost = () => undefined;
  const send = (reply: Reply, to: RemoteInfo) => {
    socket.send(JSON.stringify(reply), to.port, to.address, lost);
  };
  const senderKey = (sender: RemoteInfo) => `${sender.address}|${sender.port}`;
  const sendTo = (reply: Reply, key: string) => {
    const [address, port] = key.split('|');
    socket.send(JSON.stringify(reply), Number(port), address, lost);
  };

  /**
   * Runs one call. The handler takes processingMs: the call takes effect (decide + apply
   * atomically, log, and for exactly-once sync) halfway through, the reply leaves at the
   * end. A duplicate arriving in the first half finds the call pending before it ran, one in
   * the second half after it ran; a crash in the second half leaves a call executed but
   * unanswered, the classic case a forgetful at-most-once server runs twice.
   */
  const halfMs = options.processingMs / 2;
  const handlerTime = () => (halfMs === 0 ? Promise.resolve() : new Promise<void>((resolve) => setTimeout(resolve, halfMs)));
  const run = (request: CallRequest, sender: RemoteInfo): void => {
    const execute = async () => {
      await handlerTime();
      const id = requestId(request.clientId, request.seq);
      const result: LedgerResult = ledger.execute(id, request.op);
      const record: ExecutionRecord = {
        kind: 'exec',
        id,
        clientId: request.clientId,
        seq: request.seq,
        ack: request.ack,
        op: request.op,
        result,
        incarnation,
        atMs: Date.now(),
      };
      await log.append(record);
      await handlerTime();
      const reply: CallReply = { t: 'reply', clientId: request.clientId, seq: request.seq, result };
      if (!deduplicates) send(reply, sender);
      else for (const waiter of dedup.complete(request.clientId, request.seq, result)) sendTo(reply, waiter);
    };
    execute().catch(durabilityLost);
  };

  socket.on('message', (datagram, sender) => {
    const request = parseRequest(datagram);
    if (request === undefined) return;
    switch (request.t) {
      case 'ping':
        send({ t: 'pong', nonce: request.nonce, incarnation, semantics: options.semantics }, sender);
        return;
      case 'read': {
        // Exactly-once: never show state that is not yet on disk.
        log.barrier().then(() => {
          const applied = ledger.applied.slice(request.offset, request.offset + readPageSize);
          send(
            { t: 'read-reply', nonce: request.nonce, incarnation, balances: ledger.balancesObject(), offset: request.offset, applied, total: ledger.applied.length },
            sender,
          );
        }, durabilityLost);
        return;
      }
      case 'call': {
        if (!deduplicates) {
          run(request, sender);
          return;
        }
        dedup.acknowledge(request.clientId, request.ack);
        const entry = dedup.lookup(request.clientId, request.seq);
        if (entry === 'stale') return; // already answered and acknowledged: never run it again
        if (entry === undefined) {
          dedup.begin(request.clientId, request.seq, senderKey(sender));
          run(request, sender);
        } else if (entry.state === 'pending') {
          dedup.hold(request.clientId, request.seq, senderKey(sender));
        } else {
          send({ t: 'reply', clientId: request.clientId, seq: request.seq, result: entry.result }, sender);
        }
        return;
      }
    }
  });
  socket.on('error', (error) => {
    console.error(`socket error: ${error.message}`);
    process.exit(1);
  });
  socket.bind(options.port, options.host, () => {
    console.log(`ledger server pid ${process.pid} incarnation ${incarnation} semantics ${options.semantics} listening on ${options.host}:${options.port}`);
  });
  const stop = () => {
    socket.close();
    log.close();
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

try {
  main();
} catch (error) {
  console.error(`ledger-server: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(64);
}
