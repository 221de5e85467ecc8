/** Test helper: the ledger server started directly with execa on 127.0.0.1 (no runtime). */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa, type ResultPromise } from 'execa';
import { allocateNodePorts, releaseNodePorts } from '../../../harness/runtime/free-port.js';
import type { Reply, Request, Semantics } from '../../../targets/rpc/protocol.js';
import { ledgerServerPath } from '../../../targets/rpc/rpc-target.js';
import { UdpCaller } from '../../../targets/rpc/udp-caller.js';

const startTimeoutMs = 20_000;

export class LedgerServerProcess {
  private child: ResultPromise | undefined;
  readonly dataDir: string;
  readonly address: { host: string; port: number };
  private nonce = 0;

  private constructor(
    readonly semantics: Semantics,
    port: number,
    readonly processingMs: number,
  ) {
    this.dataDir = mkdtempSync(join(tmpdir(), 'ledger-test-'));
    this.address = { host: '127.0.0.1', port };
  }

  static async create(semantics: Semantics, processingMs = 0): Promise<LedgerServerProcess> {
    const [port] = await allocateNodePorts(1);
    const server = new LedgerServerProcess(semantics, port!, processingMs);
    try {
      await server.start();
    } catch (error) {
      await server.dispose(); // the caller never gets it, so clean up here
      throw error;
    }
    return server;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  async start(): Promise<void> {
    const child = execa(process.execPath, [ledgerServerPath, '--port', String(this.address.port), '--data-dir', this.dataDir, '--semantics', this.semantics, '--processing-ms', String(this.processingMs)], {
      reject: false,
      stdin: 'ignore',
      stdout: 'ignore',
      stderr: 'inherit',
    });
    this.child = child;
    const caller = new UdpCaller(this.address);
    await caller.open();
    try {
      // Generous: node alone can take seconds to start on a machine loaded by parallel builds.
      const deadline = Date.now() + startTimeoutMs;
      for (let attempt = 0; Date.now() < deadline; attempt += 1) {
        const reply = await caller.call({ t: 'ping', nonce: `p${attempt}` }, { timeoutMs: 25 });
        if (reply?.t === 'pong') return;
      }
      throw new Error(`ledger server did not answer pings within ${startTimeoutMs} ms`);
    } finally {
      caller.close();
    }
  }

  /** kill -9 and wait until it is gone. */
  async kill(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (child === undefined) return;
    child.kill('SIGKILL');
    await child;
  }

  /** One raw request, one try, for tests that control duplicates themselves. */
  async send(caller: UdpCaller, request: Request, timeoutMs = 5000): Promise<Reply | undefined> {
    return caller.call(request, { timeoutMs });
  }

  nextNonce(): string {
    this.nonce += 1;
    return `n${this.nonce}`;
  }

  async dispose(): Promise<void> {
    await this.kill();
    releaseNodePorts([this.address.port]);
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}
