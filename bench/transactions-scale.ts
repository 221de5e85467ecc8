/**
 * The transactional checker's scale figure, run in a child process of the bench so that its
 * time and peak memory are its own: generates the seeded synthetic list-append history, checks
 * it (strict serializable), prints one JSON line. Run: node dist/bench/transactions-scale.js TXNS
 */
import { pathToFileURL } from 'node:url';
import { checkTransactions } from '../checkers/transactions/check.js';
import { syntheticListAppendHistory } from './synthetic-list-append-history.js';

export interface TransactionsScaleFigure {
  txns: number;
  clients: number;
  activeKeys: number;
  appendsPerKeyMax: number;
  seed: number;
  valid: boolean | 'unknown';
  anomalyTypes: string[];
  checkSeconds: number;
  checkCpuSeconds: number;
  peakRssMiB: number;
}

export function measureTransactionsScale(txns: number): TransactionsScaleFigure {
  const [clients, activeKeys, appendsPerKeyMax, seed] = [50, 100, 32, 1];
  const history = syntheticListAppendHistory({ txns, clients, activeKeys, appendsPerKeyMax, seed });
  const startMs = performance.now();
  const startCpu = process.cpuUsage();
  const result = checkTransactions(history, { model: 'list-append', consistencyModels: ['strict-serializable'] });
  const cpu = process.cpuUsage(startCpu);
  return {
    txns: result.txns,
    clients,
    activeKeys,
    appendsPerKeyMax,
    seed,
    valid: result.valid,
    anomalyTypes: result.anomalyTypes,
    checkSeconds: (performance.now() - startMs) / 1000,
    checkCpuSeconds: (cpu.user + cpu.system) / 1e6,
    peakRssMiB: process.resourceUsage().maxRSS / 1024,
  };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.stdout.write(`${JSON.stringify(measureTransactionsScale(Number(process.argv[2] ?? 1_000_000)))}\n`);
}
