/**
 * `harness replay DIR [--times N] [--parallel N]`: runs a stored run again N times with the
 * operations and faults it recorded (replay.json: what each client slot sent and when, each
 * fault with the node it resolved to), each replay stored as a run of its own beside it, and
 * ends with `reproduced K/N`: replays with the same verdict and, when invalid, an anomaly class
 * in common. Real processes are not deterministic: the rate says how often the failure comes
 * back on the same schedule. Exit code: the replays' combined verdict, as for a sweep.
 */
import { InvalidArgumentError, type Command } from 'commander';
import { readFileSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { composeValidity, type Validity } from '../interfaces.js';
import { storeFiles, type RunResults } from '../../results/store.js';
import { setExitCode } from '../cli.js';
import { BadInputError, UsageError } from '../exit-codes.js';
import { readReplayRecord } from '../replay/replay-record.js';
import { rejections, reproduces } from '../shrink/rejection.js';
import { testArgs } from '../spec-from-cli.js';
import { cellTimeoutMs, runSweep, type SweepCellResult } from '../sweep/sweep-runner.js';
import { formatSweepTable, sweepExitCode } from '../sweep/sweep-table.js';
import { isRunFolder } from '../shrink/run-folder.js';
import { verdictWord } from '../verdict-word.js';

/** The hidden `harness test` option through which each replay names the run it replays. */
export const replayFromOption = '--replay-from';

export function register(program: Command): void {
  program
    .command('replay')
    .description('run a stored run again with the operations and faults it recorded, N times; prints reproduced K/N')
    .argument('<dir>', 'a run folder of the store (test.json, replay.json), e.g. store/latest')
    .option('--times <n>', 'how many replays', parseCount, 1)
    .option('--parallel <n>', 'replays at a time', parseCount, 1)
    .action(async (dir: string, options: { times: number; parallel: number }) => {
      setExitCode(await replayAction(dir, options));
    });
}

function parseCount(text: string): number {
  const n = Number(text);
  if (!/^\d+$/.test(text.trim()) || n < 1 || n > 10_000) throw new InvalidArgumentError(`expected a whole number from 1 to 10000, got ${text}`);
  return n;
}

async function replayAction(dirGiven: string, options: { times: number; parallel: number }): Promise<number> {
  if (!isRunFolder(dirGiven)) throw new UsageError(`${dirGiven} is not a run folder (no ${storeFiles.spec}); give a folder of the store, e.g. store/latest`);
  const dir = realpathSync(dirGiven); // store/latest is a link: replays must name the run itself
  readReplayRecord(dir); // a missing or foreign record is bad input before anything starts
  const original = readJson<RunResults>(path.join(dir, storeFiles.results));
  const spec = original.spec;
  const storeDir = path.dirname(path.dirname(dir)); // DIR = <store>/<test>/<start time>
  const stderr = (line: string) => process.stderr.write(`${line}\n`);
  stderr(`harness: replaying ${dir} (${verdictWord(original.valid)}, seed ${spec.seed}) ${options.times} time${options.times === 1 ? '' : 's'}`);
  const cells = Array.from({ length: options.times }, () => ({
    tag: undefined,
    seed: spec.seed,
    args: [...testArgs(spec, false), replayFromOption, dir],
    storeDir,
    timeoutMs: cellTimeoutMs(spec),
  }));
  const results: SweepCellResult[] = await runSweep(cells, {
    parallel: options.parallel,
    onEnd: (result) => stderr(`harness:   replay ${result.position + 1}: ${verdictWord(result.verdict)}${reproduces(original, result.results) ? ' (reproduced)' : ''}`),
  });
  const out = (line: string) => process.stdout.write(`${line}\n`);
  out(formatSweepTable(results));
  const reproduced = results.filter((result) => reproduces(original, result.results)).length;
  const combined: Validity = composeValidity(results.map((result) => result.verdict));
  out(`original: ${verdictWord(original.valid)}${original.valid === false ? ` (${[...rejections(original.results)].map(([checker, kinds]) => `${checker}: ${kinds.join(', ')}`).join('; ')})` : ''}; replays: ${verdictWord(combined)}`);
  out(`reproduced ${reproduced}/${results.length}`);
  return sweepExitCode(results);
}

function readJson<T>(file: string): T {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch (cause) {
    throw new BadInputError(`cannot read: ${cause instanceof Error ? cause.message : String(cause)}`, file, undefined, { cause });
  }
}
