import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createRunDir, runFolderName, safeTestName, updateLatest, writeResults, type RunResults } from '../../results/store.js';
import { junitXml, writeJunit } from '../../results/junit.js';
import { testSpec } from '../harness/run-fakes.js';

describe('results store', () => {
  let store: string;
  beforeEach(() => {
    store = mkdtempSync(path.join(tmpdir(), 'store-'));
  });
  afterEach(() => rmSync(store, { recursive: true, force: true }));

  it('names run folders by start time, filesystem-safe, and never reuses one', () => {
    const start = new Date('2026-11-22T04:05:06.789Z');
    assert.equal(runFolderName(start), '2026-11-22T04-05-06-789Z');
    const first = createRunDir(store, 'rpc/exactly once', start);
    const second = createRunDir(store, 'rpc/exactly once', start);
    assert.equal(first, path.join(store, 'rpc-exactly-once', '2026-11-22T04-05-06-789Z'));
    assert.equal(second, `${first}-1`);
    assert.ok(existsSync(path.join(first, 'nodes')));
    assert.equal(safeTestName('../..'), 'test');
  });

  it('points latest at the newest run with a relative link, replacing the old one', () => {
    const a = createRunDir(store, 't', new Date(1000));
    const b = createRunDir(store, 't', new Date(2000));
    updateLatest(store, a);
    updateLatest(store, b);
    assert.equal(readlinkSync(path.join(store, 'latest')), path.join('t', runFolderName(new Date(2000))));
    assert.equal(path.resolve(store, readlinkSync(path.join(store, 'latest'))), b);
  });

  it('writes results.json and JUnit XML with a test case per checker; invalid fails, unknown errors', () => {
    const dir = createRunDir(store, 't', new Date());
    const results: RunResults = {
      valid: false,
      results: [
        { checker: 'exactly-once', valid: false, summary: '2 duplicated requests' },
        { checker: 'linearizable', valid: 'unknown', summary: 'timed out' },
        { checker: 'perf', valid: true, summary: 'fast <enough> & fine' },
      ],
      counts: { ok: 3, fail: 1, info: 0 },
      startedAt: new Date().toISOString(),
      elapsedMs: 1234,
      spec: testSpec(),
    };
    writeResults(dir, results);
    assert.deepEqual(JSON.parse(readFileSync(path.join(dir, 'results.json'), 'utf8')), results);
    const xml = junitXml(results, dir);
    assert.match(xml, /<testsuite name="loop-test"[^>]* tests="3" failures="1" errors="1"/);
    assert.match(xml, /<testcase classname="harness.loop-test" name="exactly-once"[^>]*>\s*<failure message="2 duplicated requests" type="invalid"/);
    assert.match(xml, /name="linearizable"[^>]*>\s*<error message="timed out" type="unknown"/);
    assert.match(xml, /<property name="seed" value="42"\/>/);
    const file = path.join(store, 'ci', 'junit.xml');
    writeJunit(file, results, dir);
    assert.equal(readFileSync(file, 'utf8'), xml);
  });

  it('adds an error test case for an aborted run', () => {
    const xml = junitXml(
      { valid: 'unknown', results: [], counts: { ok: 0, fail: 0, info: 0 }, startedAt: new Date().toISOString(), elapsedMs: 1, spec: testSpec(), aborted: { reason: 'interrupted', message: 'Ctrl-C' } },
      store,
    );
    assert.match(xml, /name="run"[^>]*>\s*<error message="Ctrl-C" type="interrupted"/);
  });
});
