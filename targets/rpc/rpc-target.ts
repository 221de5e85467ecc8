import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Address, NodeProcess, RunContext, Target } from '../../harness/interfaces.js';
import { executionLogFileName, parseLogRecords, type ExecutionRecord } from './execution-record.js';
import type { Semantics } from './protocol.js';
import { UdpCaller } from './udp-caller.js';

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
export class RpcTarget implements Target {
  private readonly processes = new Map<string, NodeProcess>();

  constructor(readonly options: RpcTargetOptions) {}

  async setup(run: RunContext, node: string): Promise<void> {
    await mkdir(dataDir(run, node), { recursive: true });
    await this.start(run, node);
  }

  async start(run: RunContext, node: string): Promise<void> {
    if (this.processes.has(node)) throw new Error(`rpc target: ${node} is already running`);
    const listen = run.runtime.listenAddress(node);
    const args = [
      ledgerServerPath,
      '--host', listen.host,
      '--port', String(listen.port),
      '--data-dir', dataDir(run, node),
      '--semantics', this.options.semantics,
      '--processing-ms', String(this.options.processingMs),
    ];
    const process_ = await run.runtime.spawn(node, process.execPath, args, { logFile: join(nodeDir(run, node), 'server.log') });
    this.processes.set(node, process_);
    try {
      await waitHealthy(listen, process_, this.options.startTimeoutMs, run.signal);
    } catch (error) {
      process_.kill('SIGKILL');
      this.processes.delete(node);
      throw error;
    }
    run.log.info('ledger server up', { node, pid: process_.pid, semantics: this.options.semantics });
  }

  async kill(run: RunContext, node: string): Promise<void> {
    const process_ = this.processes.get(node);
    if (process_ === undefined) return;
    this.processes.delete(node);
    process_.resume(); // a stopped process dies on SIGKILL too, but resume keeps `exited` prompt
    process_.kill('SIGKILL');
    await process_.exited;
    run.log.info('ledger server killed', { node, pid: process_.pid });
  }

  async pause(_run: RunContext, node: string): Promise<void> {
    this.processes.get(node)?.pause();
  }

  async resume(_run: RunContext, node: string): Promise<void> {
    this.processes.get(node)?.resume();
  }

  async teardown(run: RunContext, node: string): Promise<void> {
    await this.kill(run, node);
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
