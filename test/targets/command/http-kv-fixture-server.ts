/**
 * A one-node http-kv server for the command target's tests, with ways to misbehave:
 *   node http-kv-fixture-server.js --listen HOST:PORT --data DIR --mode ok|exit|never-ready|garbage|not-http|no-cas
 * 'ok' keeps its values in DIR/values.json, written before each answer (a kill -9 keeps what
 * the kernel was given, and a single node is linearizable); 'exit' exits 3 at once;
 * 'never-ready' answers /health with 500; 'garbage' answers reads with 200 and a non-JSON body;
 * 'not-http' writes bytes that are not HTTP; 'no-cas' answers cas with 501.
 */
import http from 'node:http';
import net from 'node:net';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const argument = (name: string): string => {
  const at = process.argv.indexOf(`--${name}`);
  if (at < 0 || process.argv[at + 1] === undefined) throw new Error(`missing --${name}`);
  return process.argv[at + 1]!;
};
const [host, port] = argument('listen').split(':') as [string, string];
const mode = argument('mode');
process.stdout.write(`fixture ${mode} on ${host}:${port}\n`);
if (mode === 'exit') {
  process.stderr.write('fixture: exiting at once as asked\n');
  process.exit(3);
}
if (mode === 'not-http') {
  net.createServer((socket) => socket.end('SSH-2.0-not-http\r\n\r\n')).listen(Number(port), host);
} else {
  const file = path.join(argument('data'), 'values.json');
  const values = new Map<string, unknown>(existsSync(file) ? (Object.entries(JSON.parse(readFileSync(file, 'utf8')) as object) as Array<[string, unknown]>) : []);
  const save = () => writeFileSync(file, JSON.stringify(Object.fromEntries(values)));
  http
    .createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        const send = (status: number, payload?: unknown) => {
          // Extra headers and fields, chunked: what the client must take in its stride.
          response.writeHead(status, { 'x-fixture': mode, 'content-type': 'text/plain' });
          response.end(payload === undefined ? '' : JSON.stringify(payload));
        };
        const match = /^\/kv\/([^/]+)(?:\/(cas|append))?$/.exec(request.url ?? '');
        if (request.url === '/health') return send(mode === 'never-ready' ? 500 : 200, { ok: true });
        if (match === null) return send(404);
        const key = match[1]!;
        const input = body === '' ? {} : (JSON.parse(body) as { value?: unknown; from?: unknown; to?: unknown });
        if (request.method === 'GET') {
          if (mode === 'garbage') {
            response.writeHead(200);
            return response.end('hello, I am not JSON');
          }
          return values.has(key) ? send(200, { value: values.get(key), key, extra: [1, 2] }) : send(404);
        }
        if (request.method === 'PUT') {
          values.set(key, input.value);
          save();
          return send(200);
        }
        if (match[2] === 'cas') {
          if (mode === 'no-cas') return send(501);
          if ((values.get(key) ?? null) !== input.from) return send(412);
          values.set(key, input.to);
          save();
          return send(200);
        }
        if (match[2] === 'append') {
          values.set(key, String(values.get(key) ?? '') + String(input.value));
          save();
          return send(200);
        }
        return send(400);
      });
    })
    .listen(Number(port), host);
}
