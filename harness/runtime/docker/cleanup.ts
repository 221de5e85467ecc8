/**
 * Remove what docker runs created: every container and network labelled with a run's prefix
 * (or named in its docker.json), found through the engine, so also what a harness killed with
 * SIGKILL left running. Idempotent; it goes on past a failed step and reports it.
 */
import path from 'node:path';
import type Docker from 'dockerode';
import { writeJsonAtomically } from '../record-file.js';
import { findRunRecords, harnessStillRuns } from '../netns/cleanup.js';
import { rootLinkNames } from '../netns/topology.js';
import { dockerLinkPattern, removeLink } from './bridge.js';
import { imageLabel } from './node-image.js';
import { dockerRecordFileName, readDockerRecord, runLabel, type DockerRunRecord } from './run-record.js';

export interface DockerCleanupReport {
  removedContainers: string[];
  removedNetworks: string[];
  problems: string[];
}

const emptyReport = (): DockerCleanupReport => ({ removedContainers: [], removedNetworks: [], problems: [] });
const notFound = (error: unknown): boolean => (error as { statusCode?: number }).statusCode === 404;

/** Remove the containers, bridge and networks of one run prefix ('' = of every harness run). */
export async function removeDockerRun(docker: Docker, prefix: string, names: { containers?: readonly string[]; network?: string; bridge?: string } = {}): Promise<DockerCleanupReport> {
  const report = emptyReport();
  const label = prefix === '' ? runLabel : `${runLabel}=${prefix}`;
  const labelled = await docker.listContainers({ all: true, filters: { label: [label] } });
  const containers = new Set([...labelled.map((c) => c.Names[0]?.replace(/^\//, '') ?? c.Id), ...(names.containers ?? [])]);
  await Promise.all(
    [...containers].map(async (name) => {
      try {
        await docker.getContainer(name).remove({ force: true, v: true });
        report.removedContainers.push(name);
      } catch (error) {
        if (!notFound(error) && !/already in progress/.test(String(error))) report.problems.push(`docker rm -f ${name}: ${String(error)}`);
      }
    }),
  );
  const networks = new Set([...(await docker.listNetworks({ filters: { label: [label] } })).map((n) => n.Name), ...(names.network === undefined ? [] : [names.network])]);
  for (const name of networks) {
    try {
      await docker.getNetwork(name).remove();
      report.removedNetworks.push(name);
    } catch (error) {
      if (!notFound(error)) report.problems.push(`docker network rm ${name}: ${String(error)}`);
    }
  }
  // After the containers: the bridge, and host ends of veths the kernel has not yet removed with the containers' namespaces.
  const ofRun = (name: string): boolean => dockerLinkPattern.test(name) && (prefix === '' || name.startsWith(`${prefix}-`));
  const links = new Set([...(names.bridge === undefined ? [] : [names.bridge]), ...(await rootLinkNames()).filter(ofRun)]);
  for (const link of links) {
    const problem = await removeLink(link);
    if (problem === undefined) report.removedNetworks.push(link);
    else report.problems.push(problem);
  }
  report.removedContainers.sort();
  return report;
}

/** Clean up every active docker.json in a store; runs whose harness still runs are skipped unless `force`. */
export async function cleanupDockerStore(docker: Docker, storeDir: string, options: { force?: boolean } = {}): Promise<Array<{ file: string; report: DockerCleanupReport; skipped?: string }>> {
  const results: Array<{ file: string; report: DockerCleanupReport; skipped?: string }> = [];
  for (const file of await findRunRecords(storeDir, 4, dockerRecordFileName)) {
    let record: DockerRunRecord;
    try {
      record = await readDockerRecord(file);
    } catch (error) {
      results.push({ file, report: { ...emptyReport(), problems: [(error as Error).message] } });
      continue;
    }
    if (record.state === 'removed') continue;
    if (options.force !== true && (await harnessStillRuns(record))) {
      results.push({ file, report: emptyReport(), skipped: `run in progress (harness pid ${record.harnessPid} is alive); --force removes it anyway` });
      continue;
    }
    const report = await removeDockerRun(docker, record.prefix, { containers: record.containers, network: record.network, bridge: record.bridge });
    if (report.problems.length === 0) await writeJsonAtomically(path.join(path.dirname(file), dockerRecordFileName), { ...record, state: 'removed' });
    results.push({ file, report });
  }
  return results;
}

/** Remove every image the harness built (`harness cleanup --images`); they are rebuilt on the next docker run. */
export async function removeHarnessImages(docker: Docker): Promise<{ removed: string[]; problems: string[] }> {
  const removed: string[] = [];
  const problems: string[] = [];
  for (const image of await docker.listImages({ filters: { label: [imageLabel] } })) {
    const name = image.RepoTags?.[0] ?? image.Id;
    try {
      await docker.getImage(image.Id).remove({ force: true });
      removed.push(name);
    } catch (error) {
      if (!notFound(error)) problems.push(`docker rmi ${name}: ${String(error)}`);
    }
  }
  return { removed, problems };
}

/** What of a docker run still exists (empty lists = nothing left): for tests and checks after cleanup. Networks: the engine's and the run's root links. */
export async function dockerLeftoversOf(docker: Docker, prefix: string): Promise<{ containers: string[]; networks: string[] }> {
  const label = `${runLabel}=${prefix}`;
  const containers = (await docker.listContainers({ all: true, filters: { label: [label] } })).map((c) => c.Names[0] ?? c.Id);
  const networks = (await docker.listNetworks({ filters: { label: [label] } })).map((n) => n.Name);
  const links = (await rootLinkNames()).filter((name) => name.startsWith(`${prefix}-`) && dockerLinkPattern.test(name));
  return { containers, networks: [...networks, ...links] };
}
