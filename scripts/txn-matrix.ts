/**
 * The txn-store matrix of issue 13: the correct mode must be valid under partition,crash,pause
 * in 20 of 20 seeds for each transactional workload (list-append, rw-register, bank); each bug
 * must be caught (exit 1) in at least 18 of 20 under the workload and nemesis that expose it.
 * Rows run through the one sweep runner and are judged as the replication matrix judges its rows
 * (scripts/replication-matrix.ts): exit code and results.json must agree.
 *
 * Usage: node dist/scripts/txn-matrix.js [--seeds 1..20] [--time-limit 10] [--runtime local|netns|...]
 *        [--parallel 1] [--store DIR] [--rows txn-store-correct-list-append,...]
 */
import { fileURLToPath } from 'node:url';
import { matrixMain, type Row } from './replication-matrix.js';

const allFaults = 'partition,crash,pause';

export const txnRows: readonly Row[] = [
  ...['list-append', 'rw-register', 'bank'].map((workload): Row => ({
    id: `txn-store-correct-${workload}`,
    target: 'txn-store',
    mode: 'correct',
    workload,
    nemesis: allFaults,
    expect: 'valid',
    requiredOf20: 20,
  })),
  // Write skew needs concurrent transactions on a few hot keys, no fault: both read, both write.
  // (list-append: its version orders make every such cycle visible; rw-register's inference misses some.)
  { id: 'txn-store-no-read-locks-list-append', target: 'txn-store', mode: 'no-read-locks', workload: 'list-append', nemesis: 'none', expect: 'flagged', requiredOf20: 18 },
  // A balance read across shards while transfers commit: short read locks see one half.
  { id: 'txn-store-read-committed-bank', target: 'txn-store', mode: 'read-committed', workload: 'bank', nemesis: 'none', expect: 'flagged', requiredOf20: 18 },
  // Locks gone at the yes vote: reads and writes around prepared appends.
  { id: 'txn-store-early-lock-release-list-append', target: 'txn-store', mode: 'early-lock-release', workload: 'list-append', nemesis: 'none', expect: 'flagged', requiredOf20: 18 },
  // The crash at a commit point (txn-store-target.ts) forgets an undurable decision.
  { id: 'txn-store-no-durable-decision-list-append', target: 'txn-store', mode: 'no-durable-decision', workload: 'list-append', nemesis: 'crash', expect: 'flagged', requiredOf20: 18 },
];

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.exitCode = await matrixMain('txn matrix', txnRows, { timeLimitS: 10, parallel: 1 });
}
