/**
 * `harness check FILE...`: checks history files for linearizability against a model, or, for
 * transaction histories (--model list-append|rw-register), for the anomalies Elle names, and
 * prints one line (or one JSON object) a file. Exit code: 0 all linearizable, 1 any not,
 * 2 any unknown and none not, 64 usage, 65 a file could not be read (the other files are
 * still checked and printed first).
 */
import { InvalidArgumentError, Option, type Command } from 'commander';
import { checkLinearizability, type LinearizabilityOptions } from '../../checkers/linearizability/check.js';
import { makeModel, modelNames, type ModelName } from '../../checkers/models/registry.js';
import { keyedCasRegisterModel } from '../../checkers/models/keyed-cas-register.js';
import { setExitCode } from '../cli.js';
import { isClientEvent } from '../event.js';
import { BadInputError, ExitCode, exitCodeFor, UsageError } from '../exit-codes.js';
import { failReadingOf } from '../history/fail-reading.js';
import { historyFormats, type HistoryFormat } from '../history/history-format.js';
import { readHistoryFile } from '../history/read-history.js';
import { historySummary } from '../history/history-summary.js';
import { tornLastLineWarning } from '../history/jsonl.js';
import { defaultModelFor, isKeyedRegisterHistory } from './check-model.js';
import { writeLinearizabilityHtml, writeTransactionsHtml } from '../../results/report/write-report.js';
import type { HistoryEvent } from '../event.js';
import { verdictJson, verdictText, type FileVerdict } from './check-output.js';
import { checkRunFolderFile, minimalFileOf, runFolderFor } from './check-run-folder.js';
import { shrinkBudgetMsDefault } from './shrink.js';
import type { Model } from '../../checkers/models/model.js';
import { writeHistoryFile } from '../history/history-writer.js';
import { shrinkHistory } from '../shrink/shrink-history.js';
import { validateModelNames } from '../../checkers/transactions/check.js';
import { consistencyModelNames } from '../../checkers/transactions/consistency-models.js';
import { txnModels, type TxnModel } from '../../checkers/transactions/txn.js';
import { checkTransactionsFile, txnVerdictJson, txnVerdictText } from './check-transactions.js';

interface CheckOptions {
  model?: ModelName | TxnModel;
  consistencyModels?: string[];
  consistencyModel?: string[];
  anomalies?: string[];
  format?: HistoryFormat;
  init?: unknown;
  timeoutMs?: number;
  json?: boolean;
  html?: string;
  shrink?: boolean;
  shrinkBudgetMs: number;
}

/** When files end differently, the worst wins, in this order. */
const exitCodePriority: readonly number[] = [ExitCode.usage, ExitCode.badInput, ExitCode.internal, ExitCode.invalid, ExitCode.unknown, ExitCode.valid];

function parseInit(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new InvalidArgumentError(`not JSON: ${text} (e.g. 3, "x", null, {"k":"v"}, true; quote it for the shell)`);
  }
}

function parseNames(text: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), ...text.split(',').map((name) => name.trim()).filter((name) => name !== '')];
}

function isTxnModel(name: string | undefined): name is TxnModel {
  return (txnModels as readonly string[]).includes(name ?? '');
}

function parseTimeoutMs(text: string): number {
  const ms = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(ms) || ms <= 0) throw new InvalidArgumentError(`expected a whole number of milliseconds > 0, got ${text}`);
  return ms;
}

export function register(program: Command): void {
  program
    .command('check')
    .description('check history files for linearizability against a model (Porcupine search, P-compositional), or transactional histories for Elle\'s anomalies (--model list-append|rw-register)')
    .argument('<file...>', "history files (format detected from the content unless --format is given), or run folders of the store: a run folder, or a history inside one, is judged by the run's own checkers")
    .addOption(
      new Option(
        '--model <name>',
        'sequential model, or a transactional one (Elle: list-append, rw-register); default: cas-register for jepsen-log, kv for edn-kv, else the one the operations make obvious (read/write[/cas], get/put/append, acquire/release; txn of :append -> list-append, of :r/:w with unique writes -> rw-register, else multi-register)',
      ).choices([...modelNames, ...txnModels]),
    )
    .addOption(
      new Option('--consistency-models <list>', `transactional models: comma-separated consistency models the history must satisfy (default strict-serializable); one of ${consistencyModelNames.join(', ')}`).argParser(parseNames),
    )
    .addOption(new Option('--consistency-model <list>', 'alias of --consistency-models').argParser(parseNames).hideHelp())
    .addOption(new Option('--anomalies <list>', 'transactional models: comma-separated anomalies to look for besides those the models forbid (e.g. G2,G1c-process)').argParser(parseNames))
    .addOption(new Option('--format <format>', 'history format (default: detected from the content; see docs/history-format.md)').choices(historyFormats))
    .option(
      '--init <json>',
      'initial state as JSON: register/cas-register a value (default null = empty); kv an object {"key":"value"} (default every key ""); mutex true = held, false = free (default); multi-register an object {"key":value} (default every key null)',
      parseInit,
    )
    .option('--timeout-ms <ms>', 'time budget per file for the search, in milliseconds; when it runs out the verdict is unknown (exit 2). Default: no limit', parseTimeoutMs)
    .option('--json', 'print one JSON object a line per file: {"file","format","model","ops","valid","elapsedMs","summary","counterexample",...}')
    .option('--shrink', 'for a rejected history, also write the smallest sub-history still rejected the same way: FILE.minimal.jsonl (for a run folder DIR/minimal-history.jsonl)')
    .option('--shrink-budget-ms <ms>', 'with --shrink: stop refining after this long and keep the smallest history so far, milliseconds', parseTimeoutMs, shrinkBudgetMsDefault)
    .option('--html <file>', 'also write an HTML page of the history: timeline and, for a violation, where no linearization exists, or for a transactional model the dependency cycles drawn (one history file only)')
    .action(async (files: string[], options: CheckOptions) => {
      if (options.html !== undefined && files.length !== 1) throw new UsageError(`--html takes exactly one history file, got ${files.length}`);
      // A bad --init for an explicit --model is a usage error before any file is read.
      if (options.model !== undefined && !isTxnModel(options.model)) makeModel(options.model, options.init);
      if (options.consistencyModel !== undefined) options.consistencyModels = [...(options.consistencyModels ?? []), ...options.consistencyModel];
      validateModelNames(options.consistencyModels ?? [], options.anomalies ?? []);
      const codes: number[] = [];
      for (const file of files) codes.push(await checkFile(file, options));
      setExitCode(exitCodePriority.find((code) => codes.includes(code)) ?? ExitCode.valid);
    });
}

async function checkFile(file: string, options: CheckOptions): Promise<number> {
  try {
    // A run folder, or a history in one (its minimal history): the run's own checkers judge it.
    const runDir = options.model === undefined && options.format === undefined ? runFolderFor(file) : undefined;
    if (runDir !== undefined) return checkRunFolderFile(file, runDir, options);
    // A history.jsonl of a run killed mid-write ends in a torn line: the rest is checked, as the report shows it.
    const { events, format, tornLastLine } = await readHistoryFile(file, options.format, { tornLastLine: 'drop' });
    if (tornLastLine !== undefined) process.stderr.write(`harness: ${tornLastLineWarning(file, tornLastLine)}\n`);
    const modelName = options.model ?? defaultModelFor(format, events);
    if (isTxnModel(modelName)) {
      const result = checkTransactionsFile(file, format, events, modelName, options);
      process.stdout.write(`${options.json === true ? txnVerdictJson(file, format, result) : txnVerdictText(file, result)}\n`);
      if (options.html !== undefined) writeTransactionsHtml(options.html, file, events, result);
      if (options.shrink === true && result.valid === false) {
        // Still rejected the same way: not valid, with one of the anomaly types the whole history showed.
        const rejects = (candidate: readonly HistoryEvent[]) => {
          const judged = checkTransactionsFile(file, format, candidate, modelName, options);
          return judged.valid === false && judged.anomalyTypes.some((type) => result.anomalyTypes.includes(type));
        };
        writeShrunk(file, events, rejects, options);
      }
      return exitCodeFor(result.valid);
    }
    const verdict = verdictFor(file, events, format, modelName, options);
    process.stdout.write(`${options.json === true ? verdictJson({ ...verdict, history: historySummary(events) }) : verdictText(verdict)}\n`);
    if (options.html !== undefined) writeLinearizabilityHtml(options.html, file, verdict.events, verdict.result);
    if (options.shrink === true && verdict.result.valid === false) shrinkFile(file, verdict, options);
    return exitCodeFor(verdict.result.valid);
  } catch (error) {
    const exitCode = error instanceof BadInputError || error instanceof UsageError ? error.exitCode : ExitCode.internal;
    let message = error instanceof Error ? error.message : String(error);
    if (!message.startsWith(file)) message = `${file}: ${message}`;
    if (exitCode === ExitCode.internal) message = `internal error: ${error instanceof Error ? (error.stack ?? message) : message}`;
    process.stderr.write(`harness: ${message}\n`);
    if (options.json === true) process.stdout.write(`${JSON.stringify({ file, error: message, exitCode })}\n`);
    return exitCode;
  }
}

/** The search's options for a file: its format's reading of fail, and the time budget. */
function linearizabilityOptions(format: HistoryFormat, options: CheckOptions): LinearizabilityOptions {
  return { failReading: failReadingOf[format], ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }) };
}

/** FILE.minimal.jsonl: the smallest sub-history the same model still finds not linearizable. */
function shrinkFile(file: string, verdict: { events: readonly HistoryEvent[]; format: HistoryFormat; modelUsed?: Model<unknown> }, options: CheckOptions): void {
  const model = verdict.modelUsed;
  if (model === undefined) return;
  const rejects = (events: readonly HistoryEvent[]) => checkLinearizability(events, model, linearizabilityOptions(verdict.format, options)).valid === false;
  writeShrunk(file, verdict.events, rejects, options);
}

/** Shrinks a rejected history file's events and writes FILE.minimal.jsonl. */
function writeShrunk(file: string, events: readonly HistoryEvent[], rejects: (events: readonly HistoryEvent[]) => boolean, options: CheckOptions): void {
  const shrunk = shrinkHistory(events, rejects, { timeBudgetMs: options.shrinkBudgetMs });
  const target = minimalFileOf(file);
  writeHistoryFile(target, shrunk.events);
  process.stderr.write(`harness: ${file}: shrunk ${shrunk.operationsBefore} operations to ${shrunk.operationsAfter} in ${(shrunk.elapsedMs / 1000).toFixed(2)} s: ${target}\n`);
}

function verdictFor(file: string, events: readonly HistoryEvent[], format: HistoryFormat, modelName: ModelName | undefined, options: CheckOptions): FileVerdict & { events: readonly HistoryEvent[]; modelUsed?: Model<unknown> } {
  if (modelName === undefined) {
    const functions = [...new Set(events.filter(isClientEvent).map((event) => event.f))];
    if (functions.length > 0) {
      throw new UsageError(`cannot tell the model from the operations (${functions.join(', ')}); give --model ${modelNames.join('|')}`);
    }
    // No client operations: every model accepts the empty history.
    return { file, format, model: null, result: { valid: true, ops: 0, elapsedMs: 0, summary: 'linearizable: no client operations' }, events };
  }
  let model = makeModel(modelName, options.init);
  if ((modelName === 'register' || modelName === 'cas-register') && isKeyedRegisterHistory(events)) {
    // The harness's register workload: values [key, v], one independent register per key.
    model = keyedCasRegisterModel(options.init ?? null);
  }
  const result = checkLinearizability(events, model, linearizabilityOptions(format, options));
  return { file, format, model: model.name, result, events, modelUsed: model };
}
