import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../../harness/cli.js';
import { ExitCode } from '../../../harness/exit-codes.js';
import { writeSyntheticRun } from './fixtures/synthetic-run.js';

describe('harness report DIR', () => {
  let storeDir = '';
  before(() => { storeDir = mkdtempSync(join(tmpdir(), 'report-command-')); });
  after(() => rmSync(storeDir, { recursive: true, force: true }));

  it('writes report.html into the run folder behind DIR/latest', async () => {
    const run = writeSyntheticRun({ storeDir, kind: 'ledger', opCount: 200, seed: 4 });
    assert.equal(existsSync(join(run.dir, 'report.html')), false);
    assert.equal(await main(['report', join(storeDir, 'latest')]), ExitCode.valid);
    assert.match(readFileSync(join(run.dir, 'report.html'), 'utf8'), /id="report-data"/);
  });

  it('--out writes elsewhere; a folder without a history is a usage error (64)', async () => {
    const run = writeSyntheticRun({ storeDir, kind: 'register', opCount: 200, seed: 5 });
    const out = join(storeDir, 'elsewhere.html');
    assert.equal(await main(['report', run.dir, '--out', out]), ExitCode.valid);
    assert.ok(existsSync(out));
    assert.equal(await main(['report', storeDir]), ExitCode.usage);
  });
});
