/**
 * Every reference history in ../shared/porcupine-data gets the verdict its MANIFEST.tsv gives.
 * The file list comes from the MANIFEST, never from this test; PORCUPINE_DATA_DIR points the
 * test at another folder laid out the same way.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkLinearizability } from '../../checkers/linearizability/check.js';
import { isModelName, makeModel } from '../../checkers/models/registry.js';
import { isClientEvent } from '../../harness/event.js';
import { failReadingOf } from '../../harness/history/fail-reading.js';
import { isHistoryFormat } from '../../harness/history/history-format.js';
import { readHistoryFile } from '../../harness/history/read-history.js';

// dist/test/checkers/ -> the repo -> its sibling shared/.
const dataDir = process.env.PORCUPINE_DATA_DIR ?? fileURLToPath(new URL('../../../../shared/porcupine-data/', import.meta.url));
const manifestPath = join(dataDir, 'MANIFEST.tsv');

interface ManifestRow {
  file: string;
  format: string;
  model: string;
  ops: number;
  expected: string;
}

function readManifest(): ManifestRow[] {
  const [header, ...lines] = readFileSync(manifestPath, 'utf8').split('\n').filter((line) => line.trim() !== '');
  const columns = header!.split('\t');
  const column = (name: string): number => {
    const at = columns.indexOf(name);
    assert.ok(at >= 0, `${manifestPath}: no "${name}" column in ${header}`);
    return at;
  };
  const [file, format, model, ops, expected] = ['file', 'format', 'model', 'ops', 'expected'].map(column) as [number, number, number, number, number];
  return lines.map((line) => {
    const cells = line.split('\t');
    return { file: cells[file]!, format: cells[format]!, model: cells[model]!, ops: Number(cells[ops]), expected: cells[expected]! };
  });
}

describe(`reference histories (${manifestPath})`, function () {
  this.timeout(120_000);
  if (!existsSync(manifestPath)) {
    it('finds MANIFEST.tsv', () => assert.fail(`${manifestPath} does not exist; set PORCUPINE_DATA_DIR to the reference data folder`));
    return;
  }
  const rows = readManifest();
  it('lists files', () => assert.ok(rows.length > 0, `${manifestPath} lists no files`));
  for (const row of rows) {
    it(`${row.file}: ${row.expected}`, async () => {
      assert.ok(isHistoryFormat(row.format), `unknown format ${row.format}`);
      // "kv (get/put/append per key)" -> kv
      const modelName = row.model.split(/\s+/)[0]!;
      assert.ok(isModelName(modelName), `unknown model ${row.model}`);
      assert.ok(row.expected === 'linearizable' || row.expected === 'not-linearizable', `unknown verdict ${row.expected}`);
      const { events, format } = await readHistoryFile(join(dataDir, row.file), row.format);
      assert.equal(format, row.format);
      assert.equal(events.filter((event) => isClientEvent(event) && event.type === 'invoke').length, row.ops, 'operations read');
      const result = checkLinearizability(events, makeModel(modelName), { failReading: failReadingOf[format] });
      assert.equal(result.ops, row.ops, 'operations checked');
      assert.equal(result.valid, row.expected === 'linearizable', result.summary);
      // Detection must agree with the MANIFEST too: `harness check` runs without --format.
      assert.equal((await readHistoryFile(join(dataDir, row.file))).format, row.format, 'detected format');
    });
  }
});
