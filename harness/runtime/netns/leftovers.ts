/**
 * What runs that died (SIGKILL, a crashed machine) left behind in a store: namespaces and
 * processes a netns run recorded in its netns.json and could not remove. A new run says so
 * before it starts and names `harness cleanup`, instead of failing later in odd ways (ports or
 * subnets in use, a leftover etcd member answering).
 */
import path from 'node:path';
import { findRunRecords, harnessStillRuns, leftoversOf } from './cleanup.js';
import { readRunRecord } from './run-record.js';

export interface DeadRunLeftovers {
  /** The run folder whose netns.json lists them. */
  runDir: string;
  namespaces: string[];
  pids: number[];
}

/** Leftovers of every recorded netns run in `storeDir` whose harness is gone; runs in progress are not counted. */
export async function deadRunLeftovers(storeDir: string): Promise<DeadRunLeftovers[]> {
  const found: DeadRunLeftovers[] = [];
  for (const file of await findRunRecords(storeDir)) {
    let record;
    try {
      record = await readRunRecord(file);
    } catch {
      continue; // `harness cleanup` reports an unreadable record
    }
    if (record.state === 'removed' || (await harnessStillRuns(record))) continue;
    const left = await leftoversOf(record.layout, record.pids);
    if (left.namespaces.length > 0 || left.pids.length > 0) found.push({ runDir: path.dirname(file), namespaces: left.namespaces, pids: left.pids });
  }
  return found;
}

/** One line for the user, or undefined when nothing is left. */
export function leftoversWarning(storeDir: string, leftovers: readonly DeadRunLeftovers[]): string | undefined {
  if (leftovers.length === 0) return undefined;
  const namespaces = leftovers.flatMap((l) => l.namespaces);
  const pids = leftovers.flatMap((l) => l.pids);
  const what = [namespaces.length > 0 ? `namespaces ${namespaces.join(' ')}` : '', pids.length > 0 ? `processes ${pids.join(' ')}` : ''].filter(Boolean).join(' and ');
  const runs = leftovers.map((l) => l.runDir).join(', ');
  return `${leftovers.length === 1 ? 'a killed run' : `${leftovers.length} killed runs`} (${runs}) left ${what}: remove them with \`harness cleanup --store ${storeDir}\``;
}
