/**
 * How many operations per second the harness itself drives: the whole per-operation path
 * (rate limiter, workload generator, history append + synchronous write to history.jsonl,
 * client pool) against the no-op in-process target, whose invoke answers at once.
 * Goal: >= 20,000 ops/s on a 2-core machine, so the harness is never the bottleneck.
 * Run: `node dist/bench/harness-throughput.js` (the lead wires benchHarnessThroughput into `npm run bench`).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { noNemesisPlan } from '../harness/nemesis-plan.js';
import { runTest } from '../harness/run.js';
import { createRuntime } from '../harness/runtime/registry.js';
import type { TestSpec } from '../harness/spec.js';
import { noopTargetDefinition } from '../targets/noop-target.js';
import { registerWorkload } from '../workloads/register.js';

export interface HarnessThroughput {
  opsPerSecond: number;
  /** Operations per second of CPU time this process used: what the harness costs, whatever else the machine runs. */
  opsPerCpuSecond: number;
  operations: number;
  seconds: number;
  goalOpsPerSecond: number;
}

export const goalOpsPerSecond = 20_000;

export async function benchHarnessThroughput(options: { seconds?: number; concurrency?: number; print?: (line: string) => void } = {}): Promise<HarnessThroughput> {
  const seconds = options.seconds ?? 5;
  const print = options.print ?? ((line: string) => process.stdout.write(`${line}\n`));
  const store = mkdtempSync(path.join(tmpdir(), 'harness-throughput-'));
  const spec: TestSpec = {
    name: 'harness-throughput',
    nodes: ['n1'],
    target: 'noop',
    targetOptions: {},
    workload: 'register',
    nemesis: [],
    runtime: 'local',
    concurrency: options.concurrency ?? 10,
    timeLimitMs: seconds * 1000,
    rateHz: 0,
    nemesisIntervalMs: 1000,
    opTimeoutMs: 1000,
    seed: 1,
    checkers: [],
    command: 'node dist/bench/harness-throughput.js',
  };
  try {
    const cpuBefore = process.cpuUsage();
    const outcome = await runTest(
      spec,
      { target: noopTargetDefinition, workload: { ...registerWorkload, finalOps: undefined }, checkers: {}, createRuntime, createNemesis: () => noNemesisPlan() },
      { storeDir: store },
    );
    // Completed client operations during the main phase, over the time limit.
    const operations = outcome.results.counts.ok + outcome.results.counts.fail + outcome.results.counts.info;
    const opsPerSecond = operations / seconds;
    const cpu = process.cpuUsage(cpuBefore);
    const opsPerCpuSecond = operations / ((cpu.user + cpu.system) / 1e6);
    print(
      `harness throughput (no-op target, concurrency ${spec.concurrency}, history written per event): ` +
        `${Math.round(opsPerSecond).toLocaleString('en-US')} ops/s (${operations.toLocaleString('en-US')} ops in ${seconds} s, ${Math.round(opsPerCpuSecond).toLocaleString('en-US')} ops per CPU-second; goal >= ${goalOpsPerSecond.toLocaleString('en-US')} ops/s: ${opsPerSecond >= goalOpsPerSecond ? 'met' : 'NOT met'})`,
    );
    return { opsPerSecond, opsPerCpuSecond, operations, seconds, goalOpsPerSecond };
  } finally {
    rmSync(store, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const result = await benchHarnessThroughput();
  process.exitCode = result.opsPerSecond >= goalOpsPerSecond ? 0 : 1;
}
