import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listRuns } from '../../../results/report/list-runs.js';
import { startStoreServer, type StoreServer } from '../../../results/report/store-server.js';
import { writeSyntheticRun } from './fixtures/synthetic-run.js';

describe('results browser', () => {
  let storeDir = '';
  let server: StoreServer | undefined;
  before(() => {
    storeDir = mkdtempSync(join(tmpdir(), 'store-server-'));
    writeSyntheticRun({ storeDir, kind: 'register', opCount: 200, seed: 1, startedAt: new Date(Date.UTC(2026, 0, 1, 10)) });
    writeSyntheticRun({ storeDir, kind: 'ledger', opCount: 200, seed: 2, startedAt: new Date(Date.UTC(2026, 0, 2, 10)), runtime: 'netns' });
    writeSyntheticRun({ storeDir, kind: 'register', opCount: 200, seed: 3, startedAt: new Date(Date.UTC(2026, 0, 3, 10)) });
  });
  after(async () => {
    await server?.close();
    rmSync(storeDir, { recursive: true, force: true });
  });

  it('lists every run newest first with target, runtime, nemesis, verdict and ops, skipping DIR/latest', () => {
    const runs = listRuns(storeDir);
    assert.deepEqual(runs.map((r) => [r.test, r.startedAt]), [
      ['register-partition', '2026-01-03T10:00:00.000Z'],
      ['ledger-at-least-once', '2026-01-02T10:00:00.000Z'],
      ['register-partition', '2026-01-01T10:00:00.000Z'],
    ]);
    assert.equal(runs[1].nemesis, 'drop,crash');
    assert.deepEqual(runs.map((r) => r.runtime), ['local', 'netns', 'local']);
    assert.equal(runs[1].verdict, 'invalid');
    assert.equal(runs[0].target, 'rpc');
    assert.equal(runs[1].target, 'rpc (at-least-once)');
    assert.ok(runs.every((r) => r.ops >= 200));
    for (const run of runs) {
      const stored = JSON.parse(readFileSync(join(storeDir, run.test, run.start, 'results.json'), 'utf8')) as { counts: object };
      assert.deepEqual(run.counts, stored.counts, 'the ok / fail / info split of results.json');
      assert.equal(run.partial, false);
    }
  });

  it('marks a run whose verdict is of a partial (interrupted) history', () => {
    const partialStore = mkdtempSync(join(tmpdir(), 'store-server-partial-'));
    try {
      const { dir } = writeSyntheticRun({ storeDir: partialStore, kind: 'register', opCount: 200, seed: 4 });
      const file = join(dir, 'results.json');
      writeFileSync(file, JSON.stringify({ ...JSON.parse(readFileSync(file, 'utf8')), partial: true, valid: 'unknown' }));
      const [run] = listRuns(partialStore);
      assert.equal(run!.partial, true);
      assert.equal(run!.verdict, 'unknown');
    } finally {
      rmSync(partialStore, { recursive: true, force: true });
    }
  });

  it('serves the index, each report and the raw files on 127.0.0.1, and nothing outside the store', async () => {
    server = await startStoreServer({ storeDir, port: 0 });
    assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
    const index = await fetch(server.url);
    assert.equal(index.status, 200);
    const indexHtml = await index.text();
    for (const run of listRuns(storeDir)) assert.ok(indexHtml.includes(`/run/${run.test}/${run.start}/`), `links ${run.start}`);
    const [newest] = listRuns(storeDir);
    const report = await fetch(`${server.url}run/${newest.test}/${newest.start}/`);
    assert.equal(report.status, 200);
    assert.match(await report.text(), /id="report-data"/);
    const spec = await (await fetch(`${server.url}run/${newest.test}/${newest.start}/test.json`)).json() as { seed: number };
    assert.equal(spec.seed, 3);
    assert.equal((await fetch(`${server.url}run/..%2F..%2Fetc/passwd/`)).status, 404);
    assert.equal((await fetch(`${server.url}run/${newest.test}/${newest.start}/..%2F..%2Flatest`)).status, 404);
    assert.equal((await fetch(`${server.url}run/nope/nope/`)).status, 404);
  });
});
