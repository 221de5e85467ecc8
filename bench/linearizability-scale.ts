/**
 * The scale figure, run in a child process of the bench so that its time and peak memory are
 * its own (not inflated by the heap of the other sections): generates the seeded synthetic kv
 * history, checks it, and prints one JSON line. Run: node dist/bench/linearizability-scale.js OPS
 */
import { pathToFileURL } from 'node:url';
import { checkLinearizability } from '../checkers/linearizability/check.js';
import { makeModel } from '../checkers/models/registry.js';
import { syntheticKvHistory } from './synthetic-kv-history.js';

export interface ScaleFigure {
  operations: number;
  keys: number;
  clients: number;
  seed: number;
  valid: boolean | 'unknown';
  parts: number;
  checkSeconds: number;
  checkCpuSeconds: number;
  peakRssMiB: number;
}

export function measureScale(operations: number): ScaleFigure {
  const [keys, clients, seed] = [1000, 50, 1];
  const history = syntheticKvHistory({ operations, keys, clients, seed });
  const startMs = performance.now();
  const startCpu = process.cpuUsage();
  const result = checkLinearizability(history, makeModel('kv'));
  const cpu = process.cpuUsage(startCpu);
  return {
    operations: result.ops,
    keys,
    clients,
    seed,
    valid: result.valid,
    parts: result.parts,
    checkSeconds: (performance.now() - startMs) / 1000,
    checkCpuSeconds: (cpu.user + cpu.system) / 1e6,
    peakRssMiB: process.resourceUsage().maxRSS / 1024,
  };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.stdout.write(`${JSON.stringify(measureScale(Number(process.argv[2] ?? 1_000_000)))}\n`);
}
