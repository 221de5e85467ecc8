import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { harness } from '../run-cli.js';

/** A test file whose inline workload sends list-append txns that its inline client acknowledges. */
const appendsFile = (extra: string) => `let n = 0;
export default {
  name: 'txn-models',
  target: { name: 'txn-echo', defaultNodes: ['a'], createTarget: () => ({ setup: async () => {}, teardown: async () => {} }) },
  client: () => ({ open: async () => {}, close: async () => {}, invoke: async (_run: unknown, op: { f: string; value: unknown }) => ({ type: 'ok' as const, value: op.value }) }),
  workload: { name: 'appends', ops: ['txn'], nextOp: () => ({ f: 'txn', value: [['append', 'x', ++n]] }) },
  checkers: ['list-append'],
  nemesis: [],
  timeLimitMs: 300,
${extra}
};
`;

describe('harness test --consistency-models', function () {
  this.timeout(60_000);
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'consistency-models-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const store = () => path.join(dir, 'store');
  const write = (text: string) => {
    const file = path.join(dir, 't.ts');
    writeFileSync(file, text);
    return file;
  };
  const stored = () => ({
    spec: JSON.parse(readFileSync(path.join(store(), 'latest', 'test.json'), 'utf8')) as { consistencyModels?: string[]; command: string },
    results: JSON.parse(readFileSync(path.join(store(), 'latest', 'results.json'), 'utf8')) as { results: { checker: string; consistencyModels?: string[] }[] },
  });

  it('is refused (64) with an unknown model, or for a run no transactional checker judges', async () => {
    const unknown = await harness(['test', write(appendsFile('')), '--consistency-models', 'serializable,linearizable', '--store', store()]);
    assert.equal(unknown.code, 64, unknown.stderr);
    assert.match(unknown.stderr, /unknown consistency model 'linearizable' \(known: strict-serializable, /);
    const notTxn = await harness(['test', '--target', 'noop', '--consistency-model', 'serializable', '--store', store()]);
    assert.equal(notTxn.code, 64, notTxn.stderr);
    assert.match(notTxn.stderr, /read by the transactional checkers \(list-append, rw-register\), and this run's checkers are linearizable, perf/);
    assert.deepEqual(readdirSync(dir), ['t.ts'], 'nothing stored');
  });

  it('defaults to strict-serializable, and the checker holds the history to what the spec says', async () => {
    const plain = await harness(['test', write(appendsFile('')), '--store', store()]);
    assert.equal(plain.code, 0, plain.stdout + plain.stderr);
    assert.deepEqual(stored().spec.consistencyModels, ['strict-serializable']);
    assert.deepEqual(stored().results.results.find((r) => r.checker === 'list-append')?.consistencyModels, ['strict-serializable']);

    const fromFile = await harness(['test', write(appendsFile("  consistencyModels: ['serializable', 'snapshot-isolation'],")), '--store', store()]);
    assert.equal(fromFile.code, 0, fromFile.stdout + fromFile.stderr);
    assert.deepEqual(stored().results.results.find((r) => r.checker === 'list-append')?.consistencyModels, ['serializable', 'snapshot-isolation']);

    const alias = await harness(['test', write(appendsFile("  consistencyModels: ['serializable'],")), '--consistency-model', 'read-committed', '--store', store()]);
    assert.equal(alias.code, 0, alias.stdout + alias.stderr);
    const { spec, results } = stored();
    assert.deepEqual(spec.consistencyModels, ['read-committed'], 'the flag wins over the file');
    assert.deepEqual(results.results.find((r) => r.checker === 'list-append')?.consistencyModels, ['read-committed']);
    assert.match(spec.command, /--consistency-models read-committed/, 'the replay command keeps it');
  });

  it('a test file with an unknown model names file and line (64)', async () => {
    const file = write(appendsFile("  consistencyModels: ['serialisable'],"));
    const { code, stderr } = await harness(['test', file, '--store', store()]);
    assert.equal(code, 64, stderr);
    assert.match(stderr, /t\.ts:10: 'consistencyModels' must be consistency models \(strict-serializable, .*unknown: serialisable/);
  });
});
