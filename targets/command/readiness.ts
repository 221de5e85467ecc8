/**
 * When a node counts as ready after (re)start (--ready): 'http' = GET /health answers 200,
 * 'tcp' = its port accepts a connection. A probe answers true (ready), false (not yet), or
 * throws an error marked final when waiting longer cannot help (the server speaks no HTTP).
 */
import net from 'node:net';
import type { Address } from '../../harness/interfaces.js';
import { describeRequestError, httpRequest, isNotHttp } from '../http-kv/http-request.js';

export const readinessKinds = ['http', 'tcp'] as const;
export type Readiness = (typeof readinessKinds)[number];

/** How long one probe may take, ms. */
const probeTimeoutMs = 1000;

export class NotReadyError extends Error {
  constructor(
    message: string,
    /** Waiting longer cannot help. */
    readonly final = false,
  ) {
    super(message);
  }
}

export async function probe(kind: Readiness, address: Address): Promise<boolean> {
  if (kind === 'tcp') return accepts(address);
  let answer;
  try {
    answer = await httpRequest(undefined, address, 'GET', '/health', undefined, probeTimeoutMs);
  } catch (error) {
    if (isNotHttp(error)) throw new NotReadyError(`GET /health was answered with something that is not HTTP: ${describeRequestError(error)}`, true);
    throw new NotReadyError(`GET /health: ${describeRequestError(error)}`);
  }
  if (answer.status === 200) return true;
  throw new NotReadyError(`GET /health answered ${answer.status} ${JSON.stringify(answer.body.slice(0, 80))}`);
}

function accepts(address: Address): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: address.host, port: address.port, timeout: probeTimeoutMs });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('timeout', () => {
      socket.destroy();
      reject(new NotReadyError('connect timed out'));
    });
    socket.once('error', (error) => reject(new NotReadyError(`connect: ${describeRequestError(error)}`)));
  });
}
