/**
 * A Maelstrom client process (c<process+1>): its workload's op runner makes RPCs to the node
 * it was opened on, through the harness endpoint and so across the runtime's network. Replies
 * map to completions as Maelstrom's client does: the expected `<type>_ok` is ok, an error with
 * a definite code is fail, a timeout or an indefinite code is info. A reply of any other type
 * is malformed: info, and recorded against the node.
 */
import type { Client, Completion, Op, RunContext } from '../../harness/interfaces.js';
import type { TestSpec } from '../../harness/spec.js';
import type { CallResult, MaelstromWorkload, NodeCaller, OpRunner } from '../../workloads/maelstrom/maelstrom-workload.js';
import { describeError, isDefiniteError } from './errors.js';
import type { HarnessEndpoint } from './harness-endpoint.js';
import type { Body } from '../../workloads/maelstrom/message-body.js';

export class MaelstromClient implements Client {
  private node = '';
  private runner: OpRunner | undefined;
  readonly id: string;

  constructor(
    private readonly spec: TestSpec,
    private readonly workload: MaelstromWorkload,
    private readonly endpoint: () => HarnessEndpoint,
    processId: number,
  ) {
    this.id = `c${processId + 1}`;
  }

  async open(_run: RunContext, node: string): Promise<void> {
    this.node = node;
    this.runner = this.workload.createOpRunner(this.spec);
  }

  async invoke(_run: RunContext, op: Op): Promise<Completion> {
    if (this.runner === undefined) throw new Error(`maelstrom client ${this.id} used before open`);
    const deadlineMs = performance.now() + this.spec.opTimeoutMs;
    const endpoint = this.endpoint();
    const caller: NodeCaller = {
      node: this.node,
      call: async (body: Body, expect: string, node = this.node): Promise<CallResult> => {
        const remainingMs = deadlineMs - performance.now();
        if (remainingMs <= 0) return { type: 'info', error: 'timeout' };
        const outcome = await endpoint.rpc(this.id, node, body, remainingMs);
        if (outcome.kind === 'timeout') return { type: 'info', error: 'timeout' };
        const reply = outcome.body;
        if (reply.type === expect) return { type: 'ok', body: reply };
        if (reply.type === 'error') return { type: isDefiniteError(reply.code) ? 'fail' : 'info', error: describeError(reply.code, reply.text) };
        endpoint.recordProtocolError(node, `answered ${body.type} with ${JSON.stringify(reply.type)}, expected ${expect} or error`, JSON.stringify(reply).slice(0, 300));
        return { type: 'info', error: `malformed reply ${JSON.stringify(reply.type)}` };
      },
    };
    return this.runner(op, caller);
  }

  async close(): Promise<void> {}
}
