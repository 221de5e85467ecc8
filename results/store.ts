/**
 * The results store: DIR/<test name>/<start time>/{test.json, history.jsonl, results.json,
 * harness.log, nodes/<node>/...} and DIR/latest -> the newest run folder.
 */
import { lstatSync, mkdirSync, readdirSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { CheckerResult, Validity } from '../harness/interfaces.js';
import type { TestSpec } from '../harness/spec.js';
import { ensureWritableDir } from './writable-path.js';

export const storeFiles = {
  spec: 'test.json',
  history: 'history.jsonl',
  results: 'results.json',
  log: 'harness.log',
  /** The server's own record of what it executed (Target.executionLog), one JSON entry a line. */
  executionLog: 'execution-log.jsonl',
  /** The smallest sub-history the run's checkers still reject (harness shrink). */
  minimalHistory: 'minimal-history.jsonl',
  /** The smallest command found to still fail, with its rate and every candidate tried (harness shrink --rerun). */
  shrinkRun: 'shrink-run.json',
  /** The store of the candidate runs of harness shrink --rerun (a store of its own: the main store's latest stays). */
  shrinkRunStore: 'shrink-runs',
  nodes: 'nodes',
  /** nodes/<node>/data: what a node keeps on disk (WAL, snapshots, execution log); its logs sit beside it. */
  nodeData: 'data',
} as const;

/** What results.json holds. */
export interface RunResults {
  valid: Validity;
  results: CheckerResult[];
  counts: { ok: number; fail: number; info: number };
  startedAt: string;
  elapsedMs: number;
  spec: TestSpec;
  /** Set when the run did not finish normally: 'interrupted' (Ctrl-C / SIGTERM) or 'error'. */
  aborted?: { reason: 'interrupted' | 'error'; message: string };
  /**
   * Set when the checkers saw a history cut short by an interrupt: `results` are their verdicts
   * on what was recorded, and `valid` is false if they found a violation, else 'unknown'.
   */
  partial?: true;
}

/** A start time as a folder name: ISO 8601 with ':' and '.' made filesystem-safe. */
export function runFolderName(startedAt: Date): string {
  return startedAt.toISOString().replace(/[:.]/g, '-');
}

/** A test name as a folder name: letters, digits, '-', '_', '.' only. */
export function safeTestName(name: string): string {
  const safe = name.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[.-]+/, '');
  return safe === '' ? 'test' : safe;
}

/** Creates a fresh run folder (suffix -1, -2, ... if two runs start in the same millisecond). */
export function createRunDir(storeDir: string, testName: string, startedAt: Date): string {
  const parent = path.join(storeDir, safeTestName(testName));
  ensureWritableDir(parent, 'store folder'); // not mkdir -p: that spins forever under /proc
  const base = runFolderName(startedAt);
  for (let attempt = 0; attempt < 1000; attempt += 1) {
    const dir = path.join(parent, attempt === 0 ? base : `${base}-${attempt}`);
    try {
      mkdirSync(dir);
      mkdirSync(path.join(dir, storeFiles.nodes));
      return dir;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  throw new Error(`could not create a run folder under ${parent}`);
}

/** Points DIR/latest at runDir (relative link, replaced atomically by rename). */
export function updateLatest(storeDir: string, runDir: string): void {
  const link = path.join(storeDir, 'latest');
  const temporary = `${link}.${process.pid}.tmp`;
  rmSync(temporary, { force: true });
  symlinkSync(path.relative(storeDir, runDir), temporary);
  renameSync(temporary, link);
}

export function writeJson(file: string, value: unknown): void {
  const temporary = `${file}.tmp`;
  writeFileSync(temporary, JSON.stringify(value, null, 2) + '\n');
  renameSync(temporary, file);
}

export function writeSpec(runDir: string, spec: TestSpec): void {
  writeJson(path.join(runDir, storeFiles.spec), spec);
}

export function writeResults(runDir: string, results: RunResults): void {
  writeJson(path.join(runDir, storeFiles.results), results);
}

export function writeExecutionLog(runDir: string, entries: readonly unknown[]): void {
  const file = path.join(runDir, storeFiles.executionLog);
  writeFileSync(`${file}.tmp`, entries.map((entry) => `${JSON.stringify(entry)}\n`).join(''));
  renameSync(`${file}.tmp`, file);
}

/**
 * Removes every node's data folder (nodes/<node>/data: each etcd member preallocates 64 MB WAL
 * files, ~370 MB a run) and keeps the node logs; for valid runs, whose data nobody needs again.
 * Returns the bytes removed.
 */
export function dropNodeData(runDir: string): number {
  const nodesDir = path.join(runDir, storeFiles.nodes);
  let bytes = 0;
  for (const node of readdirOrEmpty(nodesDir)) {
    const data = path.join(nodesDir, node, storeFiles.nodeData);
    bytes += sizeOf(data);
    rmSync(data, { recursive: true, force: true });
  }
  return bytes;
}

function readdirOrEmpty(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

function sizeOf(file: string): number {
  let stats;
  try {
    stats = lstatSync(file);
  } catch {
    return 0;
  }
  if (!stats.isDirectory()) return stats.size;
  return readdirOrEmpty(file).reduce((sum, name) => sum + sizeOf(path.join(file, name)), 0);
}
