/**
 * The linearizability checker's benchmark (`npm run bench [-- DIR]`): every reference file of
 * DIR (MANIFEST.tsv + files, default ../shared/porcupine-data) is parsed once, then checked
 * after a warm-up, at least 5 times, and the mean printed as `file<TAB>ms_per_check` (as
 * Porcupine's `go test -bench` does). Verdicts are verified against MANIFEST.tsv. When DIR has
 * porcupine-go-timings.tsv, the three ratios against Porcupine follow (goal: each <= 0.5).
 * Then the scale figure: a seeded synthetic kv history of 1,000,000 operations.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkLinearizability, type LinearizabilityOptions } from '../checkers/linearizability/check.js';
import { isModelName, makeModel } from '../checkers/models/registry.js';
import type { Model } from '../checkers/models/model.js';
import type { HistoryEvent } from '../harness/event.js';
import { readHistoryFile, type HistoryFormat } from '../harness/history/read-history.js';
import { failReadingOf } from '../harness/history/fail-reading.js';
import { isHistoryFormat } from '../harness/history/history-format.js';
import type { ScaleFigure } from './linearizability-scale.js';

export interface LinearizabilityBenchOptions {
  dataDir: string;
  print?: (line: string) => void;
  /** Operations in the synthetic scale history (0 skips it). */
  scaleOperations?: number;
}

interface ManifestRow {
  file: string;
  format: HistoryFormat;
  model: string;
  expected: 'linearizable' | 'not-linearizable';
}

function readManifest(dataDir: string): ManifestRow[] {
  const lines = readFileSync(path.join(dataDir, 'MANIFEST.tsv'), 'utf8').split('\n').filter((line) => line.trim() !== '');
  const header = lines[0]!.split('\t');
  const column = (name: string): number => {
    const i = header.indexOf(name);
    if (i < 0) throw new Error(`MANIFEST.tsv has no ${name} column`);
    return i;
  };
  const [file, format, model, expected] = [column('file'), column('format'), column('model'), column('expected')];
  return lines.slice(1).map((line) => {
    const cells = line.split('\t');
    const row = { file: cells[file]!, format: cells[format]!, model: cells[model]!.split(' ')[0]!, expected: cells[expected]! };
    if (!isHistoryFormat(row.format) || !isModelName(row.model) || (row.expected !== 'linearizable' && row.expected !== 'not-linearizable')) {
      throw new Error(`MANIFEST.tsv: cannot use row ${JSON.stringify(line)}`);
    }
    return row as ManifestRow;
  });
}

/** Porcupine's ms per check by file, when the folder has porcupine-go-timings.tsv. */
function readGoTimings(dataDir: string): Map<string, number> | undefined {
  const file = path.join(dataDir, 'porcupine-go-timings.tsv');
  if (!existsSync(file)) return undefined;
  const lines = readFileSync(file, 'utf8').split('\n').filter((line) => line.trim() !== '');
  const header = lines[0]!.split('\t');
  const fileColumn = header.indexOf('file');
  const msColumn = header.indexOf('ms_per_check');
  return new Map(lines.slice(1).map((line) => [line.split('\t')[fileColumn]!, Number(line.split('\t')[msColumn])]));
}

const minChecks = 5;
const minTimedMs = 100;
const maxChecks = 2000;

/** Mean ms per check after one warm-up: at least 5 checks, more for fast files (up to ~100 ms of checks). */
function timeChecks(events: readonly HistoryEvent[], model: Model<any>, options: LinearizabilityOptions): { msPerCheck: number; valid: unknown } {
  let valid = checkLinearizability(events, model, options).valid;
  let checks = 0;
  const startMs = performance.now();
  while (checks < minChecks || (performance.now() - startMs < minTimedMs && checks < maxChecks)) {
    valid = checkLinearizability(events, model, options).valid;
    checks++;
  }
  return { msPerCheck: (performance.now() - startMs) / checks, valid };
}

const verdictOf = (valid: unknown): string => (valid === true ? 'linearizable' : valid === false ? 'not-linearizable' : 'unknown');

export async function benchLinearizability(options: LinearizabilityBenchOptions): Promise<{ ratios: Record<string, number>; mismatches: string[] }> {
  const print = options.print ?? ((line: string) => process.stdout.write(`${line}\n`));
  const rows = readManifest(options.dataDir);
  print(`# linearizability checker: ${rows.length} reference files in ${options.dataDir} (mean of >= ${minChecks} checks after a warm-up pass over all files and one more check of the file; parsing not timed)`);
  print('file\tms_per_check');
  const measured = new Map<string, number>();
  const mismatches: string[] = [];
  // Parse everything first, then one untimed pass over all files so that the JIT has seen every
  // path before the first file is timed (otherwise the first files pay for compilation).
  const histories: { row: ManifestRow; events: HistoryEvent[]; model: Model<any>; options: LinearizabilityOptions }[] = [];
  for (const row of rows) {
    const { events, format } = await readHistoryFile(path.join(options.dataDir, row.file), row.format);
    histories.push({ row, events, model: makeModel(row.model as Parameters<typeof makeModel>[0]), options: { failReading: failReadingOf[format] } });
  }
  for (const { events, model, options: checkOptions } of histories) checkLinearizability(events, model, checkOptions);
  for (const { row, events, model, options: checkOptions } of histories) {
    const { msPerCheck, valid } = timeChecks(events, model, checkOptions);
    measured.set(row.file, msPerCheck);
    if (verdictOf(valid) !== row.expected) mismatches.push(`${row.file}: got ${verdictOf(valid)}, MANIFEST says ${row.expected}`);
    print(`${row.file}\t${msPerCheck.toFixed(3)}`);
  }
  print(
    mismatches.length === 0
      ? `# verdicts: all ${rows.length} match MANIFEST.tsv`
      : `# verdicts: ${mismatches.length} of ${rows.length} DO NOT match MANIFEST.tsv:\n${mismatches.map((m) => `#   ${m}`).join('\n')}`,
  );

  const ratios: Record<string, number> = {};
  const goTimings = readGoTimings(options.dataDir);
  if (goTimings === undefined) {
    print('# no porcupine-go-timings.tsv in this folder: no ratios');
  } else {
    const groups: [string, (file: string) => boolean][] = [
      ['etcd-sum', (file) => file.startsWith('jepsen-etcd/')],
      ['kv/c50-ok', (file) => file === 'kv/c50-ok.txt'],
      ['kv/c50-bad', (file) => file === 'kv/c50-bad.txt'],
    ];
    print('ratio\tours_ms\tporcupine_go_ms\tours/go (goal <= 0.5)');
    for (const [name, belongs] of groups) {
      const files = [...goTimings.keys()].filter((file) => belongs(file) && measured.has(file));
      if (files.length === 0) continue;
      const ours = files.reduce((sum, file) => sum + measured.get(file)!, 0);
      const go = files.reduce((sum, file) => sum + goTimings.get(file)!, 0);
      ratios[name] = ours / go;
      print(`${name}\t${ours.toFixed(2)}\t${go.toFixed(2)}\t${(ours / go).toFixed(3)}`);
    }
  }

  const scaleOperations = options.scaleOperations ?? 1_000_000;
  if (scaleOperations > 0) {
    // In a child process: its own clock and its own peak RSS, on a fresh heap.
    const script = fileURLToPath(new URL('./linearizability-scale.js', import.meta.url));
    const child = spawnSync(process.execPath, [script, String(scaleOperations)], { encoding: 'utf8', timeout: 300_000 });
    if (child.status !== 0) {
      print(`# scale: FAILED (exit ${child.status ?? child.signal}): ${child.stderr.trim().split('\n').slice(-3).join(' / ')}`);
    } else {
      const figure = JSON.parse(child.stdout.trim().split('\n').pop()!) as ScaleFigure;
      print(
        `# scale: synthetic kv history, ${figure.operations} operations, ${figure.keys} keys, ${figure.clients} clients, seed ${figure.seed}, ${figure.parts} parts: ` +
          `${verdictOf(figure.valid)} in ${figure.checkSeconds.toFixed(2)} s (CPU ${figure.checkCpuSeconds.toFixed(2)} s; goal < 10 s), ` +
          `peak RSS ${figure.peakRssMiB.toFixed(0)} MiB (goal < 2048, includes the history itself)`,
      );
    }
  }
  return { ratios, mismatches };
}
