import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { harness } from '../run-cli.js';

describe('harness test FILE (test files)', function () {
  this.timeout(60_000);
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'test-file-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const write = (name: string, text: string) => {
    const file = path.join(dir, name);
    writeFileSync(file, text);
    return file;
  };
  const run = (file: string, ...flags: string[]) => harness(['test', file, '--store', path.join(dir, 'store'), ...flags]);

  it('runs a .json test; flags override its fields', async () => {
    const file = write('t.json', JSON.stringify({ name: 'from-json', target: 'noop', nemesis: [], timeLimitMs: 5000, rateHz: 50, seed: 9 }));
    const { code, stderr } = await run(file, '--time-limit', '0.3');
    assert.equal(code, 0, stderr);
    const spec = JSON.parse(readFileSync(path.join(dir, 'store', 'latest', 'test.json'), 'utf8')) as { name: string; timeLimitMs: number; rateHz: number; seed: number; command: string };
    assert.equal(spec.name, 'from-json');
    assert.equal(spec.timeLimitMs, 300, 'the flag won');
    assert.equal(spec.rateHz, 50, 'the file gave the rest');
    assert.equal(spec.seed, 9);
    assert.match(spec.command, /^harness test \S+t\.json --time-limit 0\.3 --store \S+ --runtime local --seed 9$/);
  });

  it('runs a .ts test with an inline target, client, workload and checker (through tsx)', async () => {
    const file = write(
      't.ts',
      `import type {} from 'node:fs';
const value: number = 1;
let calls = 0;
export default {
  name: 'inline',
  target: { name: 'in-file', defaultNodes: ['a'], runtimes: ['local'], createTarget: () => ({ setup: async () => {}, teardown: async () => {} }) },
  client: () => ({ open: async () => {}, close: async () => {}, invoke: async (_run: unknown, op: { f: string; value: unknown }) => ({ type: 'ok' as const, value: op.value }) }),
  workload: { name: 'pings', nextOp: () => ({ f: 'ping', value: value }) },
  checkers: [{ name: 'counted', check: (_spec: unknown, history: unknown[]) => ({ valid: history.length > 0, summary: String(history.length) + ' events, ' + String(++calls) }) }],
  nemesis: [],
  timeLimitMs: 300,
};
`,
    );
    const { code, stdout, stderr } = await run(file);
    assert.equal(code, 0, stdout + stderr);
    assert.match(stdout, /counted: valid - \d+ events/);
  });

  it('a syntax error names the file and line (exit 64)', async () => {
    const file = write('bad.ts', `export default {\n  name: 'x',\n  nodes: [1 2],\n};\n`);
    const { code, stderr } = await run(file);
    assert.equal(code, 64);
    assert.match(stderr, new RegExp(`${path.basename(file)}:3: syntax error`));
  });

  it('a throw while loading names the file and line (exit 64)', async () => {
    const file = write('throws.mjs', `const a = 1;\nthrow new Error('no config here');\nexport default {};\n`);
    const { code, stderr } = await run(file);
    assert.equal(code, 64);
    assert.match(stderr, /throws\.mjs:2: threw while loading: Error: no config here/);
  });

  it('an ill-typed, unknown or missing field names the file, line and field (exit 64)', async () => {
    let { code, stderr } = await run(write('a.ts', `export default {\n  name: 'x',\n  timeLimitMs: 'ten',\n};\n`));
    assert.equal(code, 64);
    assert.match(stderr, /a\.ts:3: 'timeLimitMs' must be a finite number, got "ten"/);
    ({ code, stderr } = await run(write('b.json', `{\n  "name": "x",\n  "timelimit": 3\n}\n`)));
    assert.equal(code, 64);
    assert.match(stderr, /b\.json:3: unknown field 'timelimit' \(known: name, nodes/);
    ({ code, stderr } = await run(write('c.mjs', `export default {\n  target: { name: 'mine' },\n};\n`)));
    assert.equal(code, 64);
    assert.match(stderr, /c\.mjs:2: 'target' must be a string or an object with a field 'createTarget'/);
    ({ code, stderr } = await run(write('d.json', `{ "target": "command",\n  "targetOptions": { "nodeComand": "x" } }`)));
    assert.equal(code, 64);
    assert.match(stderr, /d\.json:2: targetOptions\.nodeComand is not an option of target 'command'/);
    ({ code, stderr } = await run(write('e.json', `{ "name": 1`)));
    assert.equal(code, 64);
    assert.match(stderr, /e\.json:1: not valid JSON/);
    ({ code, stderr } = await run(write('f.mjs', `export const nothing = 1;\n`)));
    assert.equal(code, 64);
    assert.match(stderr, /f\.mjs:1: the file must export a test/);
  });
});
