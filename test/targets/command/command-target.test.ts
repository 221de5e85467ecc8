import assert from 'node:assert/strict';
import { execSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { harness } from '../../harness/run-cli.js';

const fixture = fileURLToPath(new URL('./http-kv-fixture-server.js', import.meta.url));


/** Processes still running the fixture (none may be left after a run). */
function fixturesRunning(): string[] {
  try {
    return execSync(`pgrep -af http-kv-fixture-server`, { encoding: 'utf8' }).split('\n').filter((line) => line.includes('--mode'));
  } catch {
    return [];
  }
}

describe('command target (http-kv)', function () {
  this.timeout(60_000);
  let store: string;
  beforeEach(() => {
    store = mkdtempSync(path.join(tmpdir(), 'command-target-'));
  });
  afterEach(() => rmSync(store, { recursive: true, force: true }));

  const run = (mode: string, extra: string[] = []) =>
    harness([
      'test', '--target', 'command', '--runtime', 'local', '--nodes', 'n1', '--store', store, '--seed', '3',
      '--node-command', `${process.execPath} ${fixture} --listen {host}:{port} --data {dataDir} --mode ${mode}`,
      '--time-limit', '1', '--nemesis', 'crash,pause', '--nemesis-interval', '0.3', '--ready-timeout-ms', '3000', ...extra,
    ]);

  it('runs a server that speaks http-kv, crashed and paused, and finds it valid', async () => {
    const { code, stdout } = await run('ok');
    assert.equal(code, 0, stdout);
    const results = JSON.parse(readFileSync(path.join(store, 'latest', 'results.json'), 'utf8')) as { counts: { ok: number } };
    assert.ok(results.counts.ok > 10, `operations went through: ${JSON.stringify(results.counts)}`);
    const log = readFileSync(path.join(store, 'latest', 'nodes', 'n1', 'node.log'), 'utf8');
    assert.match(log, /fixture ok on 127\.0\.0\.1:\d+/, 'stdout reaches the node log');
    assert.deepEqual(fixturesRunning(), []);
  });

  it('--ops read,write gives a server without cas a register test', async () => {
    const { code, stdout } = await run('no-cas', ['--ops', 'read,write']);
    assert.equal(code, 0, stdout);
  });

  it('a 501 stops the run naming the operation', async () => {
    const { code, stdout } = await run('no-cas');
    assert.equal(code, 70);
    assert.match(stdout, /node n1 answered POST \/kv\/k\d\/cas with 501 Not Implemented: the server does not serve 'cas'; name the operations it serves with --ops/);
    assert.deepEqual(fixturesRunning(), []);
  });

  it('a node command that exits at once: exit code and log lines named, exit 70', async () => {
    const { code, stdout } = await run('exit');
    assert.equal(code, 70);
    assert.match(stdout, /node n1: its command exited during start \(exit code 3\)/);
    assert.match(stdout, /fixture: exiting at once as asked/);
    assert.deepEqual(fixturesRunning(), []);
  });

  it('a server that never gets ready: what it answered, then killed, exit 70', async () => {
    const { code, stdout } = await run('never-ready', ['--ready-timeout-ms', '4000']);
    assert.equal(code, 70);
    assert.match(stdout, /timed out after 4000 ms waiting for node n1 \(GET http:\/\/127\.0\.0\.1:\d+\/health to answer 200\).*GET \/health answered 500/);
    assert.deepEqual(fixturesRunning(), []);
  });

  it('a server that does not speak HTTP is named at once', async () => {
    const { code, stdout } = await run('not-http');
    assert.equal(code, 70);
    assert.match(stdout, /GET \/health was answered with something that is not HTTP: HPE_/);
    assert.deepEqual(fixturesRunning(), []);
  });

  it('a read answered with garbage stops the run, quoting the body', async () => {
    const { code, stdout } = await run('garbage');
    assert.equal(code, 70);
    assert.match(stdout, /node n1 answered GET \/kv\/k\d with 200 and a body that is not a JSON object with a "value" field: "hello, I am not JSON"/);
    assert.deepEqual(fixturesRunning(), []);
  });

  it('usage errors before anything starts: no command, unknown placeholder, bad --ops (exit 64)', async () => {
    const base = ['test', '--target', 'command', '--runtime', 'local', '--store', store, '--nemesis', 'none'];
    let result = await harness(base);
    assert.equal(result.code, 64);
    assert.match(result.stderr, /needs --node-command/);
    result = await harness([...base, '--node-command', 'x {nod}']);
    assert.equal(result.code, 64);
    assert.match(result.stderr, /unknown placeholder \{nod\}/);
    result = await harness([...base, '--node-command', 'x', '--ops', 'write,cas']);
    assert.equal(result.code, 64);
    assert.match(result.stderr, /--ops must include 'read'/);
    result = await harness([...base, '--node-command', 'x', '--ops', 'read,get']);
    assert.equal(result.code, 64);
    assert.match(result.stderr, /has no operation get/);
  });
});
