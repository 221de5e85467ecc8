/**
 * Knossos' example histories get Knossos' verdicts, read the way Knossos' own test suite reads
 * them (jepsen-io/knossos test/knossos/core_test.clj, test-examples): every `.edn` file under
 * `<dir>/cas-register/{good,bad}/` with (cas-register 0) and under `<dir>/multi-register/{good,bad}/`
 * with (multi-register {:x 0 :y 0}); good = linearizable, bad = not. The file list comes from
 * the folder, never from this test; KNOSSOS_DATA_DIR points it at another folder laid out the
 * same way (Knossos' own data/). When the folder's README.md has a `| file | verdict |` table,
 * its verdicts must agree with the folders.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkLinearizability } from '../../checkers/linearizability/check.js';
import { makeModel, type ModelName } from '../../checkers/models/registry.js';
import { failReadingOf } from '../../harness/history/fail-reading.js';
import { parseHistory, readHistoryFile } from '../../harness/history/read-history.js';

// dist/test/checkers/ -> the repo -> its sibling shared/.
const dataDir = process.env.KNOSSOS_DATA_DIR ?? fileURLToPath(new URL('../../../../shared/knossos-data/', import.meta.url));

/** Knossos' test-examples: the model and initial state of each folder. */
const examples: { folder: string; model: ModelName; init: unknown }[] = [
  { folder: 'cas-register', model: 'cas-register', init: 0 },
  { folder: 'multi-register', model: 'multi-register', init: { x: 0, y: 0 } },
];

interface Example {
  file: string;
  model: ModelName;
  init: unknown;
  linearizable: boolean;
}

function listExamples(): Example[] {
  const found: Example[] = [];
  for (const { folder, model, init } of examples) {
    for (const [verdictFolder, linearizable] of [['good', true], ['bad', false]] as const) {
      const dir = join(dataDir, folder, verdictFolder);
      if (!existsSync(dir)) continue;
      for (const name of readdirSync(dir).sort()) {
        if (name.endsWith('.edn')) found.push({ file: `${folder}/${verdictFolder}/${name}`, model, init, linearizable });
      }
    }
  }
  return found;
}

/** `| cas-register/good/x.edn | linearizable |` rows of README.md, when there is one. */
function readmeVerdicts(): Map<string, boolean> {
  const readme = join(dataDir, 'README.md');
  const verdicts = new Map<string, boolean>();
  if (!existsSync(readme)) return verdicts;
  for (const line of readFileSync(readme, 'utf8').split('\n')) {
    const match = /^\|\s*(\S+\.edn)\s*\|\s*(linearizable|not linearizable)\s*\|/.exec(line);
    if (match !== null) verdicts.set(match[1]!, match[2] === 'linearizable');
  }
  return verdicts;
}

describe(`Knossos example histories (${dataDir})`, function () {
  this.timeout(120_000);
  if (!existsSync(dataDir)) {
    it('finds the data folder', () => assert.fail(`${dataDir} does not exist; set KNOSSOS_DATA_DIR to a folder laid out like Knossos' data/`));
    return;
  }
  const found = listExamples();
  it('lists good and bad histories', () => {
    assert.ok(found.some((example) => example.linearizable) && found.some((example) => !example.linearizable), `${dataDir}: ${found.length} histories`);
  });
  it("README.md's verdicts agree with the good/bad folders", () => {
    for (const [file, linearizable] of readmeVerdicts()) {
      const example = found.find((candidate) => candidate.file === file);
      assert.ok(example !== undefined, `README.md lists ${file}, which is not in the folder`);
      assert.equal(example.linearizable, linearizable, file);
    }
  });
  for (const example of found) {
    it(`${example.file}: ${example.linearizable ? 'linearizable' : 'not linearizable'}`, async () => {
      const { events, format } = await readHistoryFile(join(dataDir, example.file));
      assert.equal(format, 'jepsen-edn');
      const result = checkLinearizability(events, makeModel(example.model, example.init), { failReading: failReadingOf[format] });
      assert.equal(result.valid, example.linearizable, result.summary);
    });
  }
});

/** Knossos' data/multi-register histories, in miniature: :read / :write micro-ops, keyword keys, nemesis infos, failures. */
describe("Knossos' multi-register histories (inline)", () => {
  const check = (text: string) => {
    const { events, format } = parseHistory(text, undefined, 'multi-register.edn');
    return checkLinearizability(events, makeModel('multi-register', { x: 0, y: 0 }), { failReading: failReadingOf[format] });
  };
  const good = `; A multi-register with x=0 and y=0
[{:type :invoke, :f :txn, :value [[:read :x nil] [:read :y nil]], :process 0, :time 1}
{:type :invoke, :f :txn, :value [[:write :y 2]], :process 4, :time 2}
{:type :ok, :f :txn, :value [[:read :x 0] [:read :y 2]], :process 0, :time 3}
{:type :ok, :f :txn, :value [[:write :y 2]], :process 4, :time 4}
{:type :info, :f :start, :process :nemesis, :time 5}
{:type :invoke, :f :txn, :value [[:write :x 1] [:read :y nil]], :process 3, :time 6}
{:type :info, :f :txn, :value [[:write :x 1] [:read :y nil]], :process 3, :time 7, :error :conn-lost}
{:type :invoke, :f :txn, :value [[:write :x 2]], :process 6, :time 8}
{:type :fail, :f :txn, :value [[:write :x 2]], :process 6, :time 9, :error :no-conns}
{:type :invoke, :f :txn, :value [[:read :x nil]], :process 2, :time 10}
{:type :ok, :f :txn, :value [[:read :x 1]], :process 2, :time 11}
{:type :info, :f :stop, :process :nemesis, :time 12, :value "fully connected"}]`;

  it('a history Knossos calls linearizable is linearizable: the info write may have happened, the failed one did not', () => {
    const result = check(good);
    assert.equal(result.valid, true, result.summary);
    assert.equal(result.ops, 5);
  });

  it('a read of the failed write, or of a value never written, is not linearizable', () => {
    assert.equal(check(good.replace('[[:read :x 1]], :process 2, :time 11', '[[:read :x 2]], :process 2, :time 11')).valid, false);
    assert.equal(check(good.replace('[[:read :x 0] [:read :y 2]]', '[[:read :x 0] [:read :y 1]]')).valid, false);
  });
});
