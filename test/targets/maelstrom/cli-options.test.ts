import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const harness = fileURLToPath(new URL('../../../../bin/harness.js', import.meta.url));

/** Maelstrom's own option names must keep working: third-party instructions use them. */
describe('harness test takes Maelstrom option names', function () {
  this.timeout(30_000);
  it('-w/--workload, --bin, --node-count, --topology', () => {
    const help = execFileSync(process.execPath, [harness, 'test', '--help'], { encoding: 'utf8' });
    for (const option of ['-w, --workload', '--node-count', '--bin', '--topology', '--recovery']) assert.ok(help.includes(option), `${option} missing from harness test --help`);
  });
});
