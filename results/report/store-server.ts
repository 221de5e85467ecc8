/**
 * The results browser: a small HTTP server over a store folder. `/` lists the runs,
 * `/run/<test>/<start>/` shows a run's report (report.html if it is up to date, else one
 * rendered on the spot), `/run/<test>/<start>/<file>` the run's saved files.
 * Binds 127.0.0.1 unless told otherwise: a store holds whatever the tests touched.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { listRuns } from './list-runs.js';
import { renderRunIndexHtml } from './render-run-index-html.js';
import { reportFileName, runReportHtml } from './write-report.js';

export interface StoreServerOptions {
  storeDir: string;
  /** 0 = any free port. */
  port: number;
  host?: string;
}

export interface StoreServer {
  url: string;
  server: Server;
  close(): Promise<void>;
}

const rawFiles: Record<string, string> = {
  'test.json': 'application/json', 'results.json': 'application/json', 'history.jsonl': 'text/plain',
  'harness.log': 'text/plain', 'junit.xml': 'application/xml',
};
/** A path segment that cannot leave its folder. */
const safeSegment = (segment: string): boolean => segment !== '' && segment !== '.' && segment !== '..' && !/[\\/\u0000]/.test(segment);

function send(response: ServerResponse, status: number, type: string, body: string | Buffer): void {
  response.writeHead(status, { 'content-type': `${type}; charset=utf-8`, 'cache-control': 'no-store' });
  response.end(body);
}

/** report.html when it is newer than what it was made from, otherwise a fresh rendering. */
function reportOf(runDir: string): string {
  const report = join(runDir, reportFileName);
  if (existsSync(report)) {
    const madeAt = statSync(report).mtimeMs;
    const inputs = ['history.jsonl', 'results.json', 'test.json'].map((f) => join(runDir, f)).filter(existsSync);
    if (inputs.every((f) => statSync(f).mtimeMs <= madeAt)) return readFileSync(report, 'utf8');
  }
  return runReportHtml(runDir);
}

function handle(storeDir: string, request: IncomingMessage, response: ServerResponse): void {
  const url = new URL(request.url ?? '/', 'http://localhost');
  if (request.method !== 'GET' && request.method !== 'HEAD') return send(response, 405, 'text/plain', 'GET only\n');
  if (url.pathname === '/' || url.pathname === '/index.html') return send(response, 200, 'text/html', renderRunIndexHtml(storeDir, listRuns(storeDir)));
  if (url.pathname === '/favicon.ico') {
    response.writeHead(204).end(); // browsers ask; an answer keeps their consoles clean
    return;
  }
  if (url.pathname === '/runs.json') return send(response, 200, 'application/json', JSON.stringify(listRuns(storeDir), null, 2));
  const segments = url.pathname.split('/').slice(1).map((s) => decodeURIComponent(s));
  if (segments[0] !== 'run' || segments.length < 3 || !safeSegment(segments[1]) || !safeSegment(segments[2])) return send(response, 404, 'text/plain', 'not found\n');
  const runDir = join(storeDir, segments[1], segments[2]);
  if (!existsSync(runDir) || !statSync(runDir).isDirectory()) return send(response, 404, 'text/plain', `no run ${segments[1]}/${segments[2]}\n`);
  const file = segments[3] ?? '';
  if (file === '' || file === reportFileName) return send(response, 200, 'text/html', reportOf(runDir));
  const type = rawFiles[file];
  if (type === undefined || segments.length > 4 || !existsSync(join(runDir, file))) return send(response, 404, 'text/plain', 'not found\n');
  return send(response, 200, type, readFileSync(join(runDir, file)));
}

export async function startStoreServer(options: StoreServerOptions): Promise<StoreServer> {
  const server = createServer((request, response) => {
    try {
      handle(options.storeDir, request, response);
    } catch (error) {
      send(response, 500, 'text/plain', `harness serve: ${error instanceof Error ? error.message : String(error)}\n`);
    }
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}/`,
    server,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
