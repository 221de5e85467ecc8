/**
 * Replication matrix rows on the ssh runtime, against sshd hosts the script makes in network
 * namespaces (harness/runtime/ssh/namespace-hosts.ts; root + openssh-server): the replication
 * matrix's own code with --runtime ssh and the hosts' --hosts / --ssh-key, nothing copied.
 *
 * Usage: node dist/scripts/ssh-hosts-matrix.js [--seeds 1-5] [--time-limit 15]
 *        [--rows primary-backup-correct-register,primary-backup-no-fencing-register]
 * Exits 0 when every row holds, 1 when one does not, 64 on bad arguments.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { namespaceHostsUnavailableReason, startNamespaceHosts } from '../harness/runtime/ssh/namespace-hosts.js';
import { parseSeedList } from '../harness/seed-list.js';
import { formatMatrix, judgeRows, replicationRows, runMatrix } from './replication-matrix.js';

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      seeds: { type: 'string', default: '1-5' },
      'time-limit': { type: 'string', default: '15' },
      rows: { type: 'string', default: 'primary-backup-correct-register,primary-backup-no-fencing-register' },
      store: { type: 'string' },
    },
  });
  const seeds = parseSeedList(values.seeds!);
  const timeLimitS = Number(values['time-limit']);
  const wanted = values.rows!.split(',');
  const rows = replicationRows.filter((row) => wanted.includes(row.id));
  if (rows.length !== wanted.length || !(timeLimitS > 0)) {
    process.stderr.write(`usage: ssh-hosts-matrix [--seeds 1-5] [--time-limit S] [--rows ID,...] (rows: ${replicationRows.map((r) => r.id).join(', ')})\n`);
    return 64;
  }
  const unavailable = namespaceHostsUnavailableReason();
  if (unavailable !== undefined) {
    process.stderr.write(`ssh-hosts-matrix: ${unavailable}\n`);
    return 64;
  }
  const hosts = await startNamespaceHosts(['n1', 'n2', 'n3']);
  try {
    const storeDir = values.store ?? mkdtempSync(join(tmpdir(), 'ssh-hosts-matrix-'));
    process.stderr.write(`ssh hosts matrix: ${rows.length} rows x ${seeds.length} seeds on sshd hosts ${hosts.hosts}, store ${storeDir}\n`);
    const runs = await runMatrix({
      seeds, timeLimitS, runtime: 'ssh', parallel: 1, storeDir, rows,
      extraArgs: ['--hosts', hosts.hosts, '--ssh-key', hosts.keyFile],
      onRun: (run) => process.stderr.write(`  ${run.row.id} seed ${run.seed}: exit ${run.exitCode}\n`),
    });
    const verdicts = judgeRows(runs, rows);
    process.stdout.write(`${formatMatrix(verdicts, { timeLimitS, runtime: 'ssh' })}\n`);
    return verdicts.every((v) => v.holds) ? 0 : 1;
  } finally {
    await hosts.stop();
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await main();
}
