import assert from 'node:assert/strict';
import { execSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { harness } from '../harness/run-cli.js';

const examples = fileURLToPath(new URL('../../../examples/', import.meta.url));
const hasPython = (() => {
  try {
    execSync('python3 --version', { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

describe('examples/ (short runs; npm run examples-matrix is the 20-seed claim)', function () {
  this.timeout(120_000);
  let store: string;
  beforeEach(() => {
    store = mkdtempSync(path.join(tmpdir(), 'examples-'));
  });
  afterEach(() => {
    delete process.env.PYTHON_KV_MODE;
    rmSync(store, { recursive: true, force: true });
  });
  const run = (file: string, ...flags: string[]) => harness(['test', path.join(examples, file), '--runtime', 'local', '--time-limit', '4', '--nemesis-interval', '1', '--store', store, ...flags]);

  it('python-kv, correct: valid under partition, crash, pause on local', async function () {
    if (!hasPython) this.skip();
    const { code, stdout } = await run('python-kv/test.ts', '--seed', '4');
    assert.equal(code, 0, stdout);
  });

  it('python-kv, stale-reads: caught (exit 1)', async function () {
    if (!hasPython) this.skip();
    process.env.PYTHON_KV_MODE = 'stale-reads';
    const { code, stdout } = await run('python-kv/test.ts', '--seed', '4');
    assert.equal(code, 1, stdout);
    assert.match(stdout, /python-kv-stale-reads/);
  });

  it('ts-target: a Target and Client written in TypeScript against the public API', async () => {
    const { code, stdout } = await run('ts-target/test.ts', '--seed', '2');
    assert.equal(code, 0, stdout);
    assert.match(stdout, /ts-line-register: \d+ ok/);
  });
});
