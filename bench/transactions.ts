/**
 * `npm run bench` section for the transactional checker: a seeded synthetic list-append history
 * of 1,000,000 transactions (50 clients, 100 active keys, Zipf, at most 32 appends a key) checked
 * for strict serializability in a child process, so that its time and peak RSS are its own.
 * Goal (issue 13): under 10 s and 2 GiB. The child runs with a 64 MiB young generation: the
 * check builds a few hundred MB of tables that all survive, and V8's default 16 MiB semi-space
 * copies them through dozens of scavenges (Elle, likewise, is run with a large JVM heap).
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { TransactionsScaleFigure } from './transactions-scale.js';

export function benchTransactions(txns = 1_000_000, print: (line: string) => void = console.log): void {
  const script = fileURLToPath(new URL('./transactions-scale.js', import.meta.url));
  const child = spawnSync(process.execPath, ['--max-semi-space-size=64', script, String(txns)], { encoding: 'utf8', timeout: 600_000 });
  if (child.status !== 0) {
    print(`# transactions: FAILED (exit ${child.status ?? child.signal}): ${child.stderr.trim().split('\n').slice(-3).join(' / ')}`);
    process.exitCode = 1;
    return;
  }
  const figure = JSON.parse(child.stdout.trim().split('\n').pop()!) as TransactionsScaleFigure;
  const verdict = figure.valid === true ? 'valid' : figure.valid === false ? `INVALID (${figure.anomalyTypes.join(', ')}; the synthetic history is strict serializable: a checker bug)` : 'unknown';
  if (figure.valid !== true) process.exitCode = 1;
  print(
    `# transactions: synthetic list-append history, ${figure.txns} txns, ${figure.clients} clients, ${figure.activeKeys} active keys (Zipf), <= ${figure.appendsPerKeyMax} appends a key, seed ${figure.seed}, strict-serializable: ` +
      `${verdict} in ${figure.checkSeconds.toFixed(2)} s (CPU ${figure.checkCpuSeconds.toFixed(2)} s; goal < 10 s), peak RSS ${figure.peakRssMiB.toFixed(0)} MiB (goal < 2048, includes the history itself)`,
  );
}
