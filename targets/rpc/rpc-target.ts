import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Address, NodeProcess, RunContext } from '../../harness/interfaces.js';
import { executionLogFileName, parseLogRecords, type ExecutionRecord } from './execution-record.js';
import type { Semantics } from './protocol.js';
import { UdpCaller } from './udp-caller.js';
import { NodeProcesses, ProcessTarget } from '../node-processes.js';

export interface RpcTargetOptions {
  semantics: Semantics;
  /** Simulated handler time of each call on the server, ms. */
  processingMs: number;
  /** How long a start may take before it counts as failed, ms. */
  startTimeoutMs: number;
}

/** The compiled server program next to this file (dist/targets/rpc/ledger-server.js). */
export const ledgerServerPath = fileURLToPath(new URL('./ledger-server.js', import.meta.url));

/** A node's folder in the run dir: nodes/<node>/{server.log, data/executions.jsonl}. */
export function nodeDir(run: RunContext, node: string): string {
  return join(run.dir, 'nodes', node);
}
export function dataDir(run: RunContext, node: string): string {
  return join(nodeDir(run, node), 'data');
}

/**
 * The ledger server as a Target: one server process per node, started through the runtime,
 * its data dir in the run folder so it survives kill -9 and start(). Health checks go to the
 * node's own listen address, not through the link proxy, so a restart during a partition
 * still knows when the server is up.
 */
export class RpcTarget extends ProcessTarget {
  protected readonly processes = new NodeProcesses('ledger server');

  constructor(readonly options: RpcTargetOptions) {
    super();
  }

  async setup(run: RunContext, node: string): Promise<void> {
    await mkdir(dataDir(run, node), { recursive: true });
    await this.start(run, node);
  }

  async start(run: RunContext, node: string): Promise<void> {
    const listen = run.runtime.listenAddress(node);
    const args = [
      ledgerServerPath,
      '--host', listen.host,
      '--port', String(listen.port),
      '--data-dir', dataDir(run, node),
      '--semantics', this.options.semantics,
      '--processing-ms', String(this.options.processingMs),
    ];
    await this.processes.start(
      run,
      node,
      () => run.runtime.spawn(node, process.execPath, args, { logFile: join(nodeDir(run, node), 'server.log') }),
      (server) => waitHealthy(listen, server, this.options.startTimeoutMs, run.signal),
    );
  }


  /** Every execution of every node, in each node's log order, tagged with the node. */
  async executionLog(run: RunContext): Promise<unknown[]> {
    const executions: Array<ExecutionRecord & { node: string }> = [];
    for (const node of run.spec.nodes) {
      let text: string;
      try {
        text = await readFile(join(dataDir(run, node), executionLogFileName), 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
        throw error;
      }
      for (const record of parseLogRecords(text).records) {
        if (record.kind === 'exec') executions.push({ ...record, node });
      }
    }
    return executions;
  }
}

/** Pings the server until it answers; fails early if the process exits. */
async function waitHealthy(address: Address, process_: NodeProcess, timeoutMs: number, signal: AbortSignal): Promise<void> {
  const caller = new UdpCaller(address);
  await caller.open();
  let exited = false;
  void process_.exited.then(() => {
    exited = true;
  });
  const deadline = Date.now() + timeoutMs;
  try {
    for (let attempt = 0; Date.now() < deadline; attempt += 1) {
      if (exited) throw new Error(`ledger server on ${address.host}:${address.port} exited during start (see its server.log)`);
      if (signal.aborted) throw new Error('ledger server start aborted');
      const reply = await caller.call({ t: 'ping', nonce: `health/${process_.pid}/${attempt}` }, { timeoutMs: 25, signal });
      if (reply?.t === 'pong') return;
    }
    throw new Error(`ledger server on ${address.host}:${address.port} did not answer within ${timeoutMs} ms`);
  } finally {
    caller.close();
  }
}
