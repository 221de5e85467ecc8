/**
 * The runs in a store folder (DIR/<test>/<start>/), newest first, with what the results
 * browser lists: name, time, target, runtime, workload, nemesis, verdict, operation count.
 */
import { existsSync, lstatSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pairHistory } from '../../harness/history/pairing.js';
import { parseHistory } from '../../harness/history/read-history.js';

export interface RunListing {
  test: string;
  /** The run folder's name (start time, filesystem-safe). */
  start: string;
  startedAt: string;
  target: string;
  /** Where the nodes ran (test.json `runtime`: local, netns, docker...), '' when not saved. */
  runtime: string;
  workload: string;
  nemesis: string;
  verdict: 'valid' | 'invalid' | 'unknown' | 'not checked';
  /** The verdict is of a history cut short by an interrupt (results.json `partial`). */
  partial: boolean;
  ops: number;
  /** Client operations by outcome (results.json `counts`), null when the run was not checked. */
  counts: { ok: number; fail: number; info: number } | null;
  elapsedMs: number | null;
  seed: number | null;
  hasReport: boolean;
}

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

function readJsonOrNull(file: string): Json | null {
  try {
    const value: unknown = JSON.parse(readFileSync(file, 'utf8'));
    return isObject(value) ? value : null;
  } catch {
    return null; // missing or half-written: list the run anyway
  }
}

/** Run folder names are ISO times with ':' replaced; turn one back into an ISO time if it is one. */
export function isoFromFolderName(name: string): string | null {
  // results/store.ts writes 2026-11-22T04-02-00-000Z (':' and '.' replaced by '-').
  const match = /^(\d{4}-\d{2}-\d{2}T\d{2})[-:](\d{2})[-:](\d{2})(?:[-.,](\d+))?(Z|[+-]\d{2}[-:]?\d{2})?$/.exec(name);
  if (match === null) return null;
  const iso = `${match[1]}:${match[2]}:${match[3]}${match[4] === undefined ? '' : `.${match[4]}`}${(match[5] ?? 'Z').replace(/^([+-]\d{2})-?(\d{2})$/, '$1:$2')}`;
  return Number.isNaN(Date.parse(iso)) ? null : new Date(iso).toISOString();
}

/** 'rpc (at-least-once)': the target and the option that names its variant, if any. */
function targetWithVariant(spec: Json | null): string {
  if (typeof spec?.target !== 'string') return '';
  const options = isObject(spec.targetOptions) ? spec.targetOptions : {};
  const variant = [options.semantics, options.mode].find((v) => typeof v === 'string');
  return variant === undefined ? spec.target : `${spec.target} (${String(variant)})`;
}

/** Client operations of a run not checked yet (still running, or killed): 0 when its history cannot be read. */
function invokeCount(historyFile: string): number {
  if (!existsSync(historyFile)) return 0;
  try {
    // A run still writing, or killed mid-write, may end in a torn line.
    return pairHistory(parseHistory(readFileSync(historyFile, 'utf8'), 'jsonl', historyFile, { tornLastLine: 'drop' }).events).count;
  } catch {
    return 0;
  }
}

function isRunFolder(dir: string): boolean {
  return ['history.jsonl', 'test.json', 'results.json'].some((name) => existsSync(join(dir, name)));
}

export function listRuns(storeDir: string): RunListing[] {
  if (!existsSync(storeDir)) return [];
  const runs: RunListing[] = [];
  for (const test of readdirSync(storeDir)) {
    const testDir = join(storeDir, test);
    if (lstatSync(testDir).isSymbolicLink() || !statSync(testDir).isDirectory()) continue; // DIR/latest
    for (const start of readdirSync(testDir)) {
      const dir = join(testDir, start);
      if (lstatSync(dir).isSymbolicLink() || !statSync(dir).isDirectory() || !isRunFolder(dir)) continue;
      const spec = readJsonOrNull(join(dir, 'test.json'));
      const results = readJsonOrNull(join(dir, 'results.json'));
      const counts = isObject(results?.counts) ? (results.counts as Json) : null;
      const count = (k: string): number => (typeof counts?.[k] === 'number' ? (counts[k] as number) : 0);
      const ops = counts !== null ? count('ok') + count('fail') + count('info') : invokeCount(join(dir, 'history.jsonl'));
      const valid = results?.valid;
      const nemesis = spec?.nemesis;
      runs.push({
        test,
        start,
        startedAt: (typeof results?.startedAt === 'string' ? results.startedAt : null) ?? isoFromFolderName(start) ?? statSync(dir).mtime.toISOString(),
        target: targetWithVariant(spec),
        runtime: typeof spec?.runtime === 'string' ? spec.runtime : '',
        workload: typeof spec?.workload === 'string' ? spec.workload : '',
        nemesis: Array.isArray(nemesis) ? nemesis.join(',') : typeof nemesis === 'string' ? nemesis : '',
        verdict: results === null ? 'not checked' : valid === true ? 'valid' : valid === false ? 'invalid' : 'unknown',
        partial: results?.partial === true,
        ops,
        counts: counts === null ? null : { ok: count('ok'), fail: count('fail'), info: count('info') },
        elapsedMs: typeof results?.elapsedMs === 'number' ? results.elapsedMs : null,
        seed: typeof spec?.seed === 'number' ? spec.seed : null,
        hasReport: existsSync(join(dir, 'report.html')),
      });
    }
  }
  return runs.sort((a, b) => b.startedAt.localeCompare(a.startedAt) || a.test.localeCompare(b.test));
}
