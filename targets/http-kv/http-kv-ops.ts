/**
 * The http-kv protocol (docs/http-kv.md) as data: which request each workload operation is,
 * and what each answer means as a completion. Pure, so every status and body is tested
 * without a server.
 */
import type { Completion, Op } from '../../harness/interfaces.js';
import { StopRunError } from '../../harness/stop-run-error.js';
import type { HttpAnswer } from './http-request.js';

/** Operations an http-kv client serves: the register workload's and the kv workload's. */
export const httpKvOps = ['read', 'write', 'cas', 'get', 'put', 'append'] as const;
export type HttpKvOp = (typeof httpKvOps)[number];

export interface HttpKvRequest {
  method: 'GET' | 'PUT' | 'POST';
  path: string;
  body?: unknown;
}

/** op.value is [key, argument] (Jepsen's independent tuple). */
export function requestFor(op: Op): HttpKvRequest {
  if (!Array.isArray(op.value) || op.value.length !== 2 || typeof op.value[0] !== 'string') {
    throw new Error(`http-kv client: operation value must be [key, argument], got ${JSON.stringify(op.value)}`);
  }
  const [key, argument] = op.value as [string, unknown];
  const path = `/kv/${encodeURIComponent(key)}`;
  switch (op.f) {
    case 'read':
    case 'get':
      return { method: 'GET', path };
    case 'write':
    case 'put':
      return { method: 'PUT', path, body: { value: argument } };
    case 'cas': {
      if (!Array.isArray(argument) || argument.length !== 2) throw new Error(`http-kv client: cas argument must be [from, to], got ${JSON.stringify(argument)}`);
      return { method: 'POST', path: `${path}/cas`, body: { from: argument[0], to: argument[1] } };
    }
    case 'append':
      return { method: 'POST', path: `${path}/append`, body: { value: argument } };
    default:
      throw new Error(`http-kv client: no request for operation '${op.f}' (it serves ${httpKvOps.join(', ')})`);
  }
}

/** What `node` answering `answer` to `op` means; throws StopRunError where the run cannot go on. */
export function completionFor(op: Op, answer: HttpAnswer, node: string): Completion {
  const { status } = answer;
  const request = requestFor(op);
  const where = `node ${node} answered ${request.method} ${request.path}`;
  if (status === 501) {
    throw new StopRunError(`${where} with 501 Not Implemented: the server does not serve '${op.f}'; name the operations it serves with --ops (docs/http-kv.md)`, { type: 'fail', error: 'not-supported' });
  }
  const isRead = op.f === 'read' || op.f === 'get';
  // 503 = surely not applied, for a cas too: the models read only a cas failed with
  // precondition-failed (412) as "the value was not `from`" (harness/history/fail-reading.ts).
  if (status === 503) return { type: 'fail', value: op.value, error: 'unavailable' };
  if (op.f === 'cas' && status === 412) return { type: 'fail', value: op.value, error: 'precondition-failed' };
  const key = (op.value as [string, unknown])[0];
  // Before the kv workload's first put a key reads as "" (its model), the register's as nil.
  const nil = op.f === 'get' ? '' : null;
  if (isRead && status === 404) return { type: 'ok', value: [key, nil] };
  if (status < 200 || status > 299) return { type: 'info', value: op.value, error: `http-${status}` };
  if (!isRead) return { type: 'ok', value: op.value };
  const value = valueOf(answer.body);
  if (value === undefined) {
    throw new StopRunError(`${where} with ${status} and a body that is not a JSON object with a "value" field: ${JSON.stringify(answer.body.slice(0, 120))} (docs/http-kv.md)`, { type: 'info', error: 'garbage-answer' });
  }
  return { type: 'ok', value: [key, value ?? nil] };
}

/** The "value" field of a JSON object body (null when it is null); undefined when there is none. */
function valueOf(body: string): unknown {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed) || !('value' in parsed)) return undefined;
  return (parsed as { value: unknown }).value;
}
