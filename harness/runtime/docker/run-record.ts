/**
 * docker.json in a run's store folder: the run's prefix, bridge and containers, written
 * before any of them is created, so teardown, Ctrl-C and `harness cleanup` (also after the
 * harness was killed with SIGKILL) find them. Every object also carries the run's labels.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';

export const dockerRecordFileName = 'docker.json';
/** Labels on every container and network the docker runtime creates. */
export const runLabel = 'chaos-harness.run';
export const runDirLabel = 'chaos-harness.dir';

export interface DockerRunRecord {
  version: 1;
  state: 'active' | 'removed';
  createdAt: string;
  harnessPid: number;
  prefix: string;
  /** An engine network (runs before the run's own bridge was used; nothing new creates one). */
  network?: string;
  /** The run's bridge in the root namespace (docker/bridge.ts); the containers' veths die with them. */
  bridge?: string;
  subnet: string;
  /** Container names, every node's before any is created. */
  containers: string[];
}

export function dockerRecordPath(runDir: string): string {
  return path.join(runDir, dockerRecordFileName);
}

export async function readDockerRecord(file: string): Promise<DockerRunRecord> {
  const parsed = JSON.parse(await readFile(file, 'utf8')) as DockerRunRecord;
  if (parsed?.version !== 1 || typeof parsed.prefix !== 'string' || !Array.isArray(parsed.containers)) throw new Error(`${file}: not a docker run record`);
  return parsed;
}
