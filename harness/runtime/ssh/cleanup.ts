/**
 * `harness cleanup` for ssh runs: for every active ssh.json in a store, log in to each host
 * with the run's key, kill the run's node processes (found by HX_RUN in their environment),
 * remove the fault chains, collect the node's log into the store and remove the remote folder.
 */
import path from 'node:path';
import { writeJsonAtomically } from '../record-file.js';
import { findRunRecords, harnessStillRuns } from '../netns/cleanup.js';
import { cleanHost, removeRemoteDir } from '../ssh-runtime.js';
import { readSshRecord, sshRecordFileName, type SshRunRecord } from './run-record.js';
import { parseHost, SshHost } from './ssh-host.js';

export interface SshCleanupReport {
  killedPids: string[];
  problems: string[];
}

export async function cleanupSshStore(storeDir: string, options: { force?: boolean } = {}): Promise<Array<{ file: string; report: SshCleanupReport; skipped?: string }>> {
  const results: Array<{ file: string; report: SshCleanupReport; skipped?: string }> = [];
  for (const file of await findRunRecords(storeDir, 4, sshRecordFileName)) {
    let record: SshRunRecord;
    try {
      record = await readSshRecord(file);
    } catch (error) {
      results.push({ file, report: { killedPids: [], problems: [(error as Error).message] } });
      continue;
    }
    if (record.state === 'removed') continue;
    if (options.force !== true && (await harnessStillRuns(record))) {
      results.push({ file, report: { killedPids: [], problems: [] }, skipped: `run in progress (harness pid ${record.harnessPid} is alive); --force removes it anyway` });
      continue;
    }
    const runDir = path.dirname(file);
    const report: SshCleanupReport = { killedPids: [], problems: [] };
    const hosts = Object.entries(record.hosts).map(([node, text]) => ({ node, text, host: new SshHost(node, parseHost(text), record.keyFile) }));
    const noteProblem = (node: string, text: string, error: unknown) => report.problems.push(`${node} (${text}): ${error instanceof Error ? error.message : String(error)}`);
    // Every log first, then the remote folders: hosts may share one filesystem.
    const connected = await Promise.all(
      hosts.map(async ({ node, text, host }) => {
        try {
          await host.connect();
          const killed = await cleanHost(host, record, path.join(runDir, 'nodes', node, 'node.log'));
          report.killedPids.push(...killed.map((pid) => `${node}:${pid}`));
          return true;
        } catch (error) {
          noteProblem(node, text, error);
          return false;
        }
      }),
    );
    await Promise.all(
      hosts.map(async ({ node, text, host }, i) => {
        try {
          if (connected[i]) await removeRemoteDir(host, record);
        } catch (error) {
          noteProblem(node, text, error);
        } finally {
          host.close();
        }
      }),
    );
    if (report.problems.length === 0) await writeJsonAtomically(file, { ...record, state: 'removed' });
    results.push({ file, report });
  }
  return results;
}
