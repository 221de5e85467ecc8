/**
 * One HTTP/1.1 request with Node's own http module (no hand-written parser), liberal in what
 * it accepts from servers the harness has never seen: any headers (the lenient parser), chunked
 * or Content-Length or read-until-close bodies, keep-alive or not. A limit on the time and on
 * the size of the answer.
 */
import http from 'node:http';
import type { Address } from '../../harness/interfaces.js';

export interface HttpAnswer {
  status: number;
  body: string;
}

/** Bodies beyond this are cut off (a kv answer is a few bytes; a runaway server must not fill memory). */
const bodyBytesMax = 1 << 20;

export function httpRequest(
  agent: http.Agent | undefined,
  address: Address,
  method: 'GET' | 'PUT' | 'POST',
  path: string,
  body: unknown,
  timeoutMs: number,
): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const headers: http.OutgoingHttpHeaders = payload === undefined ? {} : { 'content-type': 'application/json', 'content-length': payload.length };
    const request = http.request(
      {
        host: address.host,
        port: address.port,
        method,
        path,
        headers,
        agent: agent ?? false,
        insecureHTTPParser: true,
        signal: AbortSignal.timeout(timeoutMs),
      },
      (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          if (size < bodyBytesMax) chunks.push(chunk);
          size += chunk.length;
        });
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(payload);
  });
}

/** A short name for a request error: the errno code, 'timed-out', or the parser's complaint. */
export function describeRequestError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  if (error.name === 'AbortError' || error.name === 'TimeoutError') return 'timed-out';
  const code = (error as NodeJS.ErrnoException).code;
  return code === undefined ? error.message : `${code}${code.startsWith('HPE_') ? ` (${error.message})` : ''}`;
}

/** The server answered with bytes that are not HTTP (llhttp's HPE_* errors). */
export function isNotHttp(error: unknown): boolean {
  return String((error as NodeJS.ErrnoException | undefined)?.code ?? '').startsWith('HPE_');
}
