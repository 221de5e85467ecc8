/**
 * One run of a test, start to end (Jepsen's core/run!): set up the runtime and the target's
 * nodes, open the clients, run the workload and the nemesis schedule side by side for the
 * time limit, heal everything, let in-flight operations settle (bounded), run the workload's
 * final operations, tear down, check, store. Ctrl-C (options.signal) or an error still heals,
 * kills every process and keeps the history.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import path from 'node:path';
import { type CheckContext, type Checker, type CheckerResult, type Completion, composeValidity, type Op, type RunContext, type Runtime, type Target, type TargetDefinition, type Validity, type Workload } from './interfaces.js';
import { storeFiles, createRunDir, dropNodeData, updateLatest, writeExecutionLog, writeResults, writeSpec, type RunResults } from '../results/store.js';
import { ClientPool } from './client-pool.js';
import { replayRecordOf, writeReplayRecord, type ClientScript } from './replay/replay-record.js';
import type { HistoryEvent } from './event.js';
import { FaultWindowTracker } from './history/fault-windows.js';
import { countOutcomes } from './history/pairing.js';
import { errorMessage, healAll, runNemesisSchedule, type NemesisFactory, type NemesisPlan } from './nemesis-plan.js';
import { RateLimiter } from './rate-limiter.js';
import { lifecycleTimeoutsMs, withinMs } from './time-bound.js';
import { checkOpCompatibility } from './op-compatibility.js';
import { FileLogger } from './run-logger.js';
import { ensureWritableDir } from '../results/writable-path.js';
import { RunHistory } from './run-history.js';
import type { TestSpec } from './spec.js';
import type { StatusLine } from './status-line.js';

/** Everything a run is built from, resolved from the spec's names (or fakes, in tests). */
export interface RunDependencies {
  target: TargetDefinition;
  workload: Workload;
  /** Checkers by name, one for each of spec.checkers. */
  checkers: Readonly<Record<string, Checker>>;
  /** runDir: this run's store folder (the netns runtime records what it creates there). */
  createRuntime(spec: TestSpec, runDir: string): Runtime;
  createNemesis: NemesisFactory;
  /** A replay (harness replay): the slots send these recorded operations instead of drawing them. */
  clientScript?: ClientScript;
}

export interface RunOptions {
  storeDir: string;
  /**
   * Aborted on Ctrl-C / SIGTERM (no reason), or with an Error as reason for a failure seen
   * outside the loop (e.g. an uncaught exception): the run stops, heals, tears down and keeps
   * its history.
   */
  signal?: AbortSignal;
  status?: StatusLine;
  /** Where warnings and errors of harness.log are echoed (stderr in the CLI). */
  echo?: (line: string) => void;
  /** Extra time past opTimeoutMs before the loop gives up on an operation its client did not end (default 2000). */
  clientGraceMs?: number;
  /** Keep the nodes' data folders of a valid run too (they are always kept for invalid or unknown runs). */
  keepData?: boolean;
}

export interface RunOutcome {
  dir: string;
  results: RunResults;
  history: readonly HistoryEvent[];
}

/** A client's final operation (final read) is retried this often as a fresh process. */
const finalOpAttempts = 5;
const defaultClientGraceMs = 2000;

export async function runTest(spec: TestSpec, dependencies: RunDependencies, options: RunOptions): Promise<RunOutcome> {
  checkOpCompatibility(dependencies.target, dependencies.workload, spec.checkers, dependencies.checkers);
  ensureWritableDir(options.storeDir, 'store folder');
  // Constructing the target only reads the spec; a target that rejects it (UsageError: e.g.
  // the wrong number of nodes) does so here, before anything is stored or started.
  const target: Target = dependencies.target.createTarget(spec);
  const startedAt = new Date();
  const startNs = process.hrtime.bigint();
  const startMs = performance.now();
  const dir = createRunDir(options.storeDir, spec.name, startedAt);
  writeSpec(dir, spec);
  updateLatest(options.storeDir, dir);
  const log = new FileLogger(path.join(dir, storeFiles.log), startNs, options.echo);
  const history = new RunHistory(path.join(dir, storeFiles.history), startNs);
  if (options.status !== undefined) history.subscribe(options.status.observe);

  const abort = new AbortController();
  let aborted: RunResults['aborted'];
  const onExternalAbort = () => {
    // abort() without a reason is Ctrl-C / SIGTERM; abort(error) is a failure seen outside the loop.
    const reason: unknown = options.signal?.reason;
    if (reason instanceof Error && reason.name !== 'AbortError') {
      aborted ??= { reason: 'error', message: reason.message };
      log.error('run failed outside the loop: stopping', { error: reason.stack ?? reason.message });
    } else {
      aborted ??= { reason: 'interrupted', message: 'interrupted (Ctrl-C or SIGTERM): healed, stopped every process, kept the history' };
      log.warn('interrupted: stopping');
    }
    abort.abort();
  };
  if (options.signal?.aborted) onExternalAbort();
  options.signal?.addEventListener('abort', onExternalAbort, { once: true });
  const fail = (error: unknown) => {
    if (aborted === undefined) {
      aborted = { reason: 'error', message: errorMessage(error) };
      log.error('run failed', { error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    }
    abort.abort();
  };

  log.info('run starting', { name: spec.name, seed: spec.seed, dir, command: spec.command });
  const runtime = dependencies.createRuntime(spec, dir);
  const run: RunContext = { spec, runtime, log, dir, signal: abort.signal, startNs };
  const activeFaults = new FaultWindowTracker(); // the faults recorded as started and not yet stopped
  let plan: NemesisPlan | undefined;
  let pool: ClientPool | undefined;
  let healed = false;
  let executionLog: unknown[] | undefined;
  const nodesSetUp: string[] = [];
  const opTimeoutMs = spec.opTimeoutMs;
  const clientGraceMs = options.clientGraceMs ?? defaultClientGraceMs;

  try {
    options.status?.setPhase('setting up');
    await withinMs(lifecycleTimeoutsMs.runtimeSetup, 'runtime setup', runtime.setup(spec, log));
    throwIfAborted(abort.signal);
    await Promise.all(
      spec.nodes.map(async (node) => {
        nodesSetUp.push(node);
        await withinMs(lifecycleTimeoutsMs.nodeSetup, `setup of node ${node}`, target.setup(run, node));
      }),
    );
    log.info('nodes up', { nodes: spec.nodes });
    throwIfAborted(abort.signal);
    plan = dependencies.createNemesis(spec, target, log);
    await withinMs(lifecycleTimeoutsMs.nemesis, 'nemesis setup', plan.nemesis.setup(run));

    // Main phase: clients and nemesis side by side until the time limit.
    const limiter = new RateLimiter(spec.rateHz);
    pool = new ClientPool(run, dependencies.target, target, dependencies.workload, history, limiter, opTimeoutMs + clientGraceMs, fail, dependencies.clientScript);
    const mainStop = new AbortController();
    const stopMain = () => {
      mainStop.abort();
      pool?.stop();
    };
    abort.signal.addEventListener('abort', stopMain, { once: true });
    const mainStartNs = history.elapsedNs();
    await pool.start();
    const mainStartMs = performance.now();
    options.status?.setPhase('running', mainStartMs + spec.timeLimitMs);
    log.info('clients running', { concurrency: spec.concurrency, timeLimitMs: spec.timeLimitMs, rateHz: spec.rateHz });
    const nemesisDone = runNemesisSchedule(run, plan, history, activeFaults, mainStartMs, mainStop.signal);
    // Ends early when the run is interrupted or fails (stopMain aborts the sleep).
    await sleep(spec.timeLimitMs, undefined, { signal: mainStop.signal }).catch(() => undefined);
    stopMain();
    const mainEndNs = history.elapsedNs();
    await nemesisDone;
    // What came from chance, for `harness replay` (the operations each slot sent, the faults as resolved).
    writeReplayRecord(dir, replayRecordOf(history.events, spec.concurrency, mainStartNs, mainEndNs));
    log.info('time limit reached; healing', { opsRecorded: history.events.length });

    options.status?.setPhase('healing');
    await healAll(run, plan, history, activeFaults);
    healed = true;
    options.status?.setPhase('settling');
    await pool.settle(aborted === undefined ? opTimeoutMs + clientGraceMs : Math.min(2000, opTimeoutMs));
    if (pool.failure !== undefined) throw pool.failure;

    if (aborted === undefined && dependencies.workload.finalOps !== undefined) {
      const recoveryMs = dependencies.workload.finalOpsDelayMs?.(spec) ?? 0;
      if (recoveryMs > 0) {
        options.status?.setPhase('waiting for recovery');
        await sleep(recoveryMs, undefined, { signal: abort.signal }).catch(() => undefined);
      }
      options.status?.setPhase('final operations');
      await runFinalOps(run, dependencies, target, history, dependencies.workload.finalOps(spec), pool.nextFreeProcess(), opTimeoutMs + clientGraceMs);
    }
  } catch (error) {
    fail(error);
  } finally {
    options.signal?.removeEventListener('abort', onExternalAbort);
    options.status?.setPhase('tearing down');
    if (!healed) await healAll(run, plan, history, activeFaults);
    if (pool !== undefined && !healed) await pool.settle(0).catch(() => undefined);
    if (nodesSetUp.length > 0) {
      const tornDown = target;
      await Promise.all(
        nodesSetUp.map((node) =>
          withinMs(lifecycleTimeoutsMs.teardown, `teardown of node ${node}`, tornDown.teardown(run, node)).catch((error) => log.error(`teardown of ${node} failed`, { error: errorMessage(error) })),
        ),
      );
      // After teardown the node processes are gone, so the server's own log is complete.
      if (tornDown.executionLog !== undefined) {
        try {
          executionLog = await withinMs(lifecycleTimeoutsMs.teardown, 'reading the execution log', tornDown.executionLog(run));
          writeExecutionLog(dir, executionLog); // beside the history: `harness check DIR` and shrink judge with it
        } catch (error) {
          log.error('reading the execution log failed', { error: errorMessage(error) });
        }
      }
    }
    try {
      await withinMs(lifecycleTimeoutsMs.teardown, 'runtime teardown', runtime.teardown());
    } catch (error) {
      log.error('runtime teardown failed', { error: errorMessage(error) });
    }
    history.close();
  }

  let checkerResults: CheckerResult[] = [];
  let valid: Validity = 'unknown';
  // An interrupted run's history is checked as far as it goes: a violation in it is one of the
  // whole run, but no violation proves nothing of the rest, so that is unknown, marked partial.
  const partial = aborted?.reason === 'interrupted';
  if (aborted === undefined || partial) {
    options.status?.setPhase(partial ? 'checking the partial history' : 'checking');
    checkerResults = runCheckers(spec, dependencies.checkers, history.events, executionLog, log);
    valid = composeValidity(checkerResults.map((r) => r.valid));
    if (partial && valid === true) valid = 'unknown';
  }
  const results: RunResults = {
    valid,
    results: checkerResults,
    counts: runCounts(history.events),
    startedAt: startedAt.toISOString(),
    elapsedMs: Math.round(performance.now() - startMs),
    spec,
    ...(aborted === undefined ? {} : { aborted }),
    ...(partial ? { partial: true as const } : {}),
  };
  writeResults(dir, results);
  if (valid === true && options.keepData !== true) {
    const droppedBytes = dropNodeData(dir);
    log.info('dropped the node data of a valid run (--keep-data keeps it)', { droppedBytes });
  }
  log.info('run done', { valid, counts: results.counts, elapsedMs: results.elapsedMs });
  log.close();
  return { dir, results, history: history.events };
}

/** Each final operation (e.g. the ledger's read) by a fresh process, retried until ok. */
async function runFinalOps(run: RunContext, dependencies: RunDependencies, target: Target, history: RunHistory, ops: readonly Op[], firstProcess: number, boundMs: number): Promise<void> {
  let process = firstProcess;
  for (const op of ops) {
    for (let attempt = 1; attempt <= finalOpAttempts && !run.signal.aborted; attempt += 1) {
      const processId = process++;
      const client = dependencies.target.createClient(run.spec, target, processId);
      try {
        // Each attempt asks the next node, in case the first one is still recovering.
        await withinMs(lifecycleTimeoutsMs.clientOpen, `opening client process ${processId}`, client.open(run, run.spec.nodes[(attempt - 1) % run.spec.nodes.length]));
      } catch (error) {
        run.log.warn(`final ${op.f}: opening a client failed`, { error: errorMessage(error) });
        continue;
      }
      history.append(processId, 'invoke', op.f, op.value);
      const completion = await invokeWithin(run, client, op, boundMs);
      history.append(processId, completion.type, op.f, completion.value === undefined ? op.value : completion.value, completion.error === undefined ? undefined : { error: completion.error });
      await withinMs(lifecycleTimeoutsMs.clientClose, 'closing a client', client.close(run)).catch(() => undefined);
      if (completion.type === 'ok') break;
      run.log.warn(`final ${op.f} attempt ${attempt} returned ${completion.type}`, { error: completion.error });
      await sleep(250 * attempt);
    }
  }
}

async function invokeWithin(run: RunContext, client: { invoke(run: RunContext, op: Op): Promise<Completion> }, op: Op, boundMs: number): Promise<Completion> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<Completion>((resolve) => {
    timer = setTimeout(() => resolve({ type: 'info', value: op.value, error: 'harness-timeout' }), boundMs);
  });
  try {
    return await Promise.race([client.invoke(run, op).catch((error): Completion => ({ type: 'info', value: op.value, error: `client-error: ${errorMessage(error)}` })), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Runs each checker; one that throws (or is missing) yields 'unknown', never valid. */
export function runCheckers(
  spec: TestSpec,
  checkers: Readonly<Record<string, Checker>>,
  events: readonly HistoryEvent[],
  executionLog: unknown[] | undefined,
  log?: { error(message: string, fields?: Record<string, unknown>): void },
  /** More of the checkers' context (a shrunk sub-history says so). */
  context: Omit<CheckContext, 'executionLog'> = {},
): CheckerResult[] {
  return spec.checkers.map((name) => {
    const checker = checkers[name];
    if (checker === undefined) return { checker: name, valid: 'unknown', summary: `no checker named '${name}'` };
    try {
      const result = checker(spec, events, executionLog === undefined ? context : { ...context, executionLog });
      return withoutEvidenceUnknown({ ...result, checker: result.checker ?? name }, checker.ops, events);
    } catch (error) {
      log?.error(`checker ${name} threw`, { error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
      return { checker: name, valid: 'unknown', summary: `the checker failed: ${errorMessage(error)}` };
    }
  });
}

/**
 * No valid without evidence: a checker that says valid although no operation of the kinds it
 * judges (all client operations when it names none) completed ok had nothing to judge (every
 * client timed out, or the target answered none of them): that is 'unknown', with the reason.
 * A violation it found stands (a phantom execution needs no ok operation to be one).
 */
function withoutEvidenceUnknown(result: CheckerResult, ops: readonly string[] | undefined, events: readonly HistoryEvent[]): CheckerResult {
  if (result.valid !== true) return result;
  const judged = (event: HistoryEvent) => typeof event.process === 'number' && (ops === undefined || ops.includes(event.f));
  const seen = { ok: 0, fail: 0, info: 0 };
  for (const event of events) if (event.type !== 'invoke' && judged(event)) seen[event.type] += 1;
  if (seen.ok > 0) return result;
  const kinds = ops === undefined ? 'client operation' : `${ops.join('/')} operation`;
  return {
    ...result,
    valid: 'unknown',
    summary: `no ${kinds} completed ok (${seen.fail} fail, ${seen.info} info): nothing to judge, so not valid; the checker said: ${result.summary}`,
    noEvidence: seen,
  };
}

/** Client operations by outcome (harness/history/pairing.ts); an invoke that never completed counts as info. */
function runCounts(events: readonly HistoryEvent[]): RunResults['counts'] {
  const { ok, fail, info, pending } = countOutcomes(events);
  return { ok, fail, info: info + pending };
}

function throwIfAborted(signal: AbortSignal): void {
  if (signal.aborted) throw new Error('aborted');
}
