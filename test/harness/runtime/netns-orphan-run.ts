/**
 * Helper process for netns-runtime.test.ts (not a test itself): sets up a netns run in the
 * folder given as argv[2], starts two servers, prints their pids, then waits to be SIGKILLed.
 */
import { noFaults } from '../../../harness/interfaces.js';
import { NetnsRuntime } from '../../../harness/runtime/netns-runtime.js';

const runDir = process.argv[2]!;
const runtime = new NetnsRuntime({ runDir });
await runtime.setup(
  { name: 'orphan', nodes: ['n1', 'n2', 'n3'], target: 'none', targetOptions: {}, workload: 'none', nemesis: [], runtime: 'netns', concurrency: 1, timeLimitMs: 1, rateHz: 1, nemesisIntervalMs: 1, opTimeoutMs: 1, seed: 1, checkers: [], command: '' },
  { info() {}, warn() {}, error() {} },
);
await runtime.setNetworkFaults({ ...noFaults(), blocked: { n1: ['n2'] } });
const pids: number[] = [];
for (const node of ['n1', 'n2']) {
  const p = await runtime.spawn(node, process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { logFile: `${runDir}/nodes/${node}.log` });
  pids.push(p.pid);
}
process.stdout.write(`${JSON.stringify({ pids })}\n`);
setInterval(() => {}, 1000);
