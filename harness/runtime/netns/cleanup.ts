/**
 * Remove everything a netns run created: its processes (found by namespace, so also those a
 * dead harness left), namespaces (which takes their iptables rules and veths with them), the
 * root-side client link and its route. Idempotent, and it goes on past a failed step.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { tryRun } from './command.js';
import { namePattern, type NetnsLayout } from './naming.js';
import { readRunRecord, runRecordFileName, writeRunRecord, type NetnsRunRecord } from './run-record.js';
import { existingNamespaces, isRunning, namespacesOf, pidsIn, rootLinkNames } from './topology.js';

/** How long killed processes get to disappear before their namespaces are deleted anyway. */
const processExitWaitMs = 5_000;

export interface CleanupReport {
  killedPids: number[];
  removedNamespaces: string[];
  removedLinks: string[];
  problems: string[];
}

/** Kill every process in these namespaces (SIGCONT first, so a paused one dies too), then SIGKILL. */
export async function killProcessesIn(namespaces: readonly string[], extraPids: readonly number[] = []): Promise<number[]> {
  const existing = await existingNamespaces();
  const pids = new Set<number>();
  for (const namespace of namespaces) if (existing.has(namespace)) for (const pid of await pidsIn(namespace)) pids.add(pid);
  for (const pid of extraPids) if (await inOneOf(pid, namespaces)) pids.add(pid);
  pids.delete(process.pid);
  for (const pid of pids) signal(pid, 'SIGCONT');
  for (const pid of pids) signal(pid, 'SIGKILL');
  const deadline = Date.now() + processExitWaitMs;
  for (const pid of pids) {
    while ((await isRunning(pid)) && Date.now() < deadline) await sleep(20);
  }
  return [...pids];
}

async function inOneOf(pid: number, namespaces: readonly string[]): Promise<boolean> {
  if (!(await isRunning(pid))) return false;
  const { stdout } = await tryRun('ip', ['netns', 'identify', String(pid)]);
  return namespaces.includes(stdout.trim());
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // Already gone.
  }
}

export async function removeLayout(layout: NetnsLayout, pids: readonly number[] = []): Promise<CleanupReport> {
  const report: CleanupReport = { killedPids: [], removedNamespaces: [], removedLinks: [], problems: [] };
  const namespaces = namespacesOf(layout);
  report.killedPids = await killProcessesIn(namespaces, pids);
  const existing = await existingNamespaces();
  for (const namespace of namespaces) {
    if (!existing.has(namespace)) continue;
    const result = await tryRun('ip', ['netns', 'del', namespace]);
    if (result.ok) report.removedNamespaces.push(namespace);
    else if (!/No such file/.test(result.stderr)) report.problems.push(`ip netns del ${namespace}: ${result.stderr.trim()}`);
  }
  // The root end normally vanished with its peer in the router namespace; remove it if not.
  if ((await rootLinkNames()).includes(layout.client.rootLink)) {
    const result = await tryRun('ip', ['link', 'del', layout.client.rootLink]);
    if (result.ok) report.removedLinks.push(layout.client.rootLink);
    // The kernel removes the peer of a deleted namespace's veth asynchronously: gone is fine.
    else if ((await rootLinkNames()).includes(layout.client.rootLink)) report.problems.push(`ip link del ${layout.client.rootLink}: ${result.stderr.trim()}`);
  }
  return report;
}

/** Remove what one run record lists and mark the record removed. */
export async function cleanupRunRecord(runDir: string, record: NetnsRunRecord): Promise<CleanupReport> {
  const report = await removeLayout(record.layout, record.pids);
  if (report.problems.length === 0) await writeRunRecord(runDir, { ...record, state: 'removed' });
  return report;
}

/** Every netns.json (or another runtime's `fileName`) under `storeDir` (run folders are DIR/<test>/<start>/; symlinks are skipped). */
export async function findRunRecords(storeDir: string, depthMax = 4, fileName = runRecordFileName): Promise<string[]> {
  const found: string[] = [];
  const walk = async (dir: string, depth: number): Promise<void> => {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      if (entry.isFile() && entry.name === fileName) found.push(path.join(dir, entry.name));
      else if (entry.isDirectory() && depth < depthMax) await walk(path.join(dir, entry.name), depth + 1);
    }
  };
  await walk(storeDir, 0);
  return found.sort();
}

/**
 * Whether the harness process that wrote a record still runs (then the run is in progress,
 * not dead): its pid is alive and is a node process that started before the record was written.
 */
export async function harnessStillRuns(record: Pick<NetnsRunRecord, 'harnessPid' | 'createdAt'>): Promise<boolean> {
  if (record.harnessPid === process.pid) return true;
  if (!(await isRunning(record.harnessPid))) return false;
  try {
    const command = await readFile(`/proc/${record.harnessPid}/cmdline`, 'utf8');
    return /node/.test(command) && (await processStartMs(record.harnessPid)) <= Date.parse(record.createdAt) + 1000;
  } catch {
    return false;
  }
}

/** When a process started, ms since the epoch: /proc/PID/stat field 22 (clock ticks after boot) + btime. */
async function processStartMs(pid: number): Promise<number> {
  const statLine = await readFile(`/proc/${pid}/stat`, 'utf8');
  const fields = statLine.slice(statLine.lastIndexOf(')') + 2).split(' ');
  const startTicks = Number(fields[19]); // field 22 overall; fields here start at field 3
  const bootSeconds = Number(/^btime (\d+)$/m.exec(await readFile('/proc/stat', 'utf8'))?.[1]);
  const ticksPerSecond = 100; // USER_HZ: 100 on every Linux architecture Node supports
  return (bootSeconds + startTicks / ticksPerSecond) * 1000;
}

/** Clean up every active run record in a store; runs whose harness still runs are skipped unless `force`. */
export async function cleanupStore(storeDir: string, options: { force?: boolean } = {}): Promise<Array<{ file: string; report: CleanupReport; skipped?: string }>> {
  const results: Array<{ file: string; report: CleanupReport; skipped?: string }> = [];
  for (const file of await findRunRecords(storeDir)) {
    let record: NetnsRunRecord;
    try {
      record = await readRunRecord(file);
    } catch (error) {
      results.push({ file, report: { killedPids: [], removedNamespaces: [], removedLinks: [], problems: [String((error as Error).message)] } });
      continue;
    }
    if (record.state === 'removed') continue;
    if (options.force !== true && (await harnessStillRuns(record))) {
      results.push({ file, report: { killedPids: [], removedNamespaces: [], removedLinks: [], problems: [] }, skipped: `run in progress (harness pid ${record.harnessPid} is alive); --force removes it anyway` });
      continue;
    }
    results.push({ file, report: await cleanupRunRecord(path.dirname(file), record) });
  }
  return results;
}

/**
 * Remove every namespace and root link whose name matches the harness's pattern, recorded or
 * not (a store that was deleted). Only for `harness cleanup --all`: it also takes runs in progress.
 */
export async function cleanupAllByName(): Promise<CleanupReport> {
  const report: CleanupReport = { killedPids: [], removedNamespaces: [], removedLinks: [], problems: [] };
  const namespaces = [...(await existingNamespaces())].filter((name) => namePattern.test(name));
  report.killedPids = await killProcessesIn(namespaces);
  for (const namespace of namespaces) {
    const result = await tryRun('ip', ['netns', 'del', namespace]);
    if (result.ok) report.removedNamespaces.push(namespace);
    else report.problems.push(`ip netns del ${namespace}: ${result.stderr.trim()}`);
  }
  for (const link of (await rootLinkNames()).filter((name) => /^hx[0-9a-z]{4}c$/.test(name))) {
    const result = await tryRun('ip', ['link', 'del', link]);
    if (result.ok) report.removedLinks.push(link);
    else if ((await rootLinkNames()).includes(link)) report.problems.push(`ip link del ${link}: ${result.stderr.trim()}`);
  }
  return report;
}

/** What of a layout still exists (empty lists = nothing left); used by tests and `cleanup --check`. */
export async function leftoversOf(layout: NetnsLayout, pids: readonly number[] = []): Promise<{ namespaces: string[]; links: string[]; pids: number[]; routes: string[] }> {
  const existing = await existingNamespaces();
  const links = await rootLinkNames();
  const { stdout: routes } = await tryRun('ip', ['-4', 'route', 'show']);
  const alive: number[] = [];
  for (const pid of pids) if (await isRunning(pid)) alive.push(pid);
  const subnetStart = layout.subnet.replace(/0\/24$/, '');
  return {
    namespaces: namespacesOf(layout).filter((n) => existing.has(n)),
    links: links.filter((l) => l.startsWith(layout.prefix)),
    pids: alive,
    routes: routes.split('\n').filter((line) => line.includes(subnetStart)),
  };
}
