/**
 * Issue 11, item 7: the package used as a user would use it. A project in a temporary folder
 * installs this package from its `npm pack` tarball (dependencies from the npm registry, no
 * other network) and runs `npx harness test its-own-test.ts` against a server of its own.
 */
import assert from 'node:assert/strict';
import { execSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';

const repo = fileURLToPath(new URL('../../../', import.meta.url));

/** A one-node http-kv server, durable in DATA/values.json (the kernel keeps it across kill -9). */
const serverSource = `import http from 'node:http';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
const [listen, data] = process.argv.slice(2);
const [host, port] = listen.split(':');
const file = data + '/values.json';
const values = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
http.createServer((req, res) => {
  let body = '';
  req.on('data', (c) => (body += c));
  req.on('end', () => {
    const send = (status, json) => { res.writeHead(status, { 'content-type': 'application/json' }); res.end(JSON.stringify(json ?? {})); };
    if (req.url === '/health') return send(200);
    const [, kv, key, action] = req.url.split('/');
    if (kv !== 'kv') return send(404);
    const input = body ? JSON.parse(body) : {};
    if (req.method === 'GET') return key in values ? send(200, { value: values[key] }) : send(404);
    if (req.method === 'PUT') { values[key] = input.value; writeFileSync(file, JSON.stringify(values)); return send(200); }
    if (action === 'cas') {
      if ((values[key] ?? null) !== input.from) return send(412);
      values[key] = input.to; writeFileSync(file, JSON.stringify(values)); return send(200);
    }
    send(400);
  });
}).listen(Number(port), host);
`;

const testSource = `import { defineTest, type TestFile } from 'chaos-harness';
const test: TestFile = defineTest({
  name: 'my-own-server',
  target: 'command',
  targetOptions: { nodeCommand: 'node server.mjs {host}:{port} {dataDir}' },
  nodes: ['n1'],
  workload: 'register',
  nemesis: ['partition', 'crash', 'pause'],
  nemesisIntervalMs: 500,
  timeLimitMs: 2000,
  runtime: 'local',
  seed: 5,
});
export default test;
`;

function registryReachable(): boolean {
  try {
    execSync('npm ping', { stdio: 'ignore', timeout: 20_000 });
    return true;
  } catch {
    return false;
  }
}

describe('outside the repo: a user project installs the npm pack tarball', function () {
  this.timeout(600_000);
  let dir: string;
  before(function () {
    if (!registryReachable()) this.skip(); // the npm registry is the only network it needs
    dir = mkdtempSync(path.join(tmpdir(), 'user-project-'));
  });
  after(() => {
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  it('npx harness test its-own-test.ts runs against its own server and finds it valid', async () => {
    // dist/ is built by the suite's pretest; --ignore-scripts keeps pack from rebuilding it under running tests.
    await execa('npm', ['pack', '--ignore-scripts', '--pack-destination', dir], { cwd: repo, timeout: 120_000 });
    const tarball = readdirSync(dir).find((name) => name.endsWith('.tgz'));
    assert.ok(tarball !== undefined, 'npm pack made a tarball');
    writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'user-project', private: true, type: 'module', dependencies: { 'chaos-harness': `file:./${tarball}` } }));
    writeFileSync(path.join(dir, 'server.mjs'), serverSource);
    writeFileSync(path.join(dir, 'its-own-test.ts'), testSource);
    await execa('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts'], { cwd: dir, timeout: 300_000 });
    const run = await execa('npx', ['harness', 'test', 'its-own-test.ts', '--store', 'store'], { cwd: dir, reject: false, all: true, timeout: 180_000 });
    assert.equal(run.exitCode, 0, run.all);
    assert.match(run.all ?? '', /my-own-server: \d+ ok/);
    const results = JSON.parse(readFileSync(path.join(dir, 'store', 'latest', 'results.json'), 'utf8')) as { valid: unknown; counts: { ok: number } };
    assert.equal(results.valid, true);
    assert.ok(results.counts.ok > 0);
  });
});
