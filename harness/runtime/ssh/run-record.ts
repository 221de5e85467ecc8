/**
 * ssh.json in a run's store folder, written before anything is started on a host: the hosts,
 * the key, the run's prefix (every node process carries HX_RUN=<prefix> in its environment, so
 * cleanup finds them on the host whoever started them) and the remote folder of node logs.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';

export const sshRecordFileName = 'ssh.json';

export interface SshRunRecord {
  version: 1;
  state: 'active' | 'removed';
  createdAt: string;
  harnessPid: number;
  prefix: string;
  /** node -> user@address[:port] */
  hosts: Record<string, string>;
  keyFile: string;
  /** On every host: node logs, removed once collected into the store. */
  remoteDir: string;
}

export function sshRecordPath(runDir: string): string {
  return path.join(runDir, sshRecordFileName);
}

export async function readSshRecord(file: string): Promise<SshRunRecord> {
  const parsed = JSON.parse(await readFile(file, 'utf8')) as SshRunRecord;
  if (parsed?.version !== 1 || typeof parsed.prefix !== 'string' || typeof parsed.hosts !== 'object') throw new Error(`${file}: not an ssh run record`);
  return parsed;
}
