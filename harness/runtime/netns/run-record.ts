/**
 * The record of what a netns run creates, written to DIR/netns.json BEFORE anything is
 * created, so teardown, Ctrl-C and `harness cleanup` can remove what a run that died left.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { writeJsonAtomically } from '../record-file.js';
import type { NetnsLayout } from './naming.js';

export const runRecordFileName = 'netns.json';

export interface NetnsRunRecord {
  /** 1: this shape. */
  version: 1;
  /** 'active' until teardown or cleanup removed everything, then 'removed'. */
  state: 'active' | 'removed';
  createdAt: string;
  /** The harness process that created it (a dead pid means the run died). */
  harnessPid: number;
  layout: NetnsLayout;
  /** Processes spawned into the namespaces (they are also found with `ip netns pids`). */
  pids: number[];
}

export function runRecordPath(runDir: string): string {
  return path.join(runDir, runRecordFileName);
}

/** Write atomically (temp file + rename) so a run killed mid-write leaves the old record whole. */
export async function writeRunRecord(runDir: string, record: NetnsRunRecord): Promise<void> {
  await writeJsonAtomically(runRecordPath(runDir), record);
}

export async function readRunRecord(file: string): Promise<NetnsRunRecord> {
  const parsed = JSON.parse(await readFile(file, 'utf8')) as NetnsRunRecord;
  if (parsed?.version !== 1 || typeof parsed.layout?.prefix !== 'string') throw new Error(`${file}: not a netns run record`);
  return parsed;
}
