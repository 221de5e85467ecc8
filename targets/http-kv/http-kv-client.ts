/**
 * The http-kv client (docs/http-kv.md): one logical client bound to one node, its own
 * keep-alive connection (a fresh client after an info gets a fresh connection), every request
 * bounded by the operation timeout. Transport errors are indeterminate (info), except a
 * refused connection, which sent nothing (fail, a cas too: only a cas failed with
 * precondition-failed tells the models anything, harness/history/fail-reading.ts).
 */
import http from 'node:http';
import type { Address, Client, Completion, Op, RunContext } from '../../harness/interfaces.js';
import { completionFor, requestFor } from './http-kv-ops.js';
import { describeRequestError, httpRequest, isNotHttp } from './http-request.js';
import { StopRunError } from '../../harness/stop-run-error.js';

export class HttpKvClient implements Client {
  private agent: http.Agent | undefined;
  private address: Address | undefined;
  private node = '';

  constructor(
    private readonly opTimeoutMs: number,
    /** Where the harness's clients reach a node on the current runtime. */
    private readonly addressOf: (run: RunContext, node: string) => Address,
  ) {}

  async open(run: RunContext, node: string): Promise<void> {
    this.node = node;
    this.address = this.addressOf(run, node);
    this.agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  }

  async close(): Promise<void> {
    this.agent?.destroy();
    this.agent = undefined;
  }

  async invoke(_run: RunContext, op: Op): Promise<Completion> {
    if (this.address === undefined) throw new Error('http-kv client: invoke before open');
    const request = requestFor(op);
    let answer;
    try {
      answer = await httpRequest(this.agent, this.address, request.method, request.path, request.body, this.opTimeoutMs);
    } catch (error) {
      const reason = describeRequestError(error);
      if (isNotHttp(error)) {
        throw new StopRunError(`node ${this.node} answered ${request.method} ${request.path} with something that is not HTTP: ${reason} (docs/http-kv.md)`, { type: 'info', error: 'not-http' });
      }
      const neverSent = (error as NodeJS.ErrnoException).code === 'ECONNREFUSED';
      return neverSent ? { type: 'fail', value: op.value, error: reason } : { type: 'info', value: op.value, error: reason };
    }
    return completionFor(op, answer, this.node);
  }
}
