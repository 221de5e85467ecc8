/**
 * checkLinearizability: pairs the history's operations, lets the model split them into
 * independent parts (P-compositionality), and searches each part for a linearization
 * (search.ts). A time budget that runs out gives 'unknown', never a guess.
 */
import type { HistoryEvent } from '../../harness/event.js';
import { failedOperationConstrains, type FailReading } from '../../harness/history/fail-reading.js';
import { canonicalJson, type Model, type ModelOperation } from '../models/model.js';
import { makeModel, type ModelName } from '../models/registry.js';
import { pairOperations, type ClientOperation } from './operations.js';
import type { ExplainedOperation, LinearizabilityResult, NextCandidate, PartCounterexample } from './result.js';
import { startSearch, type PruningCounts, type StuckPoint } from './search.js';
import { ILLEGAL, StateSpace } from './state-space.js';

export type { LinearizabilityResult } from './result.js';

/** Search steps each part gets in the first round; most parts finish in it. */
const firstRoundSteps = 4096;

export interface LinearizabilityOptions {
  /** Give up (valid: 'unknown') after this long; default no limit. */
  timeoutMs?: number;
  /** Keep checking the other parts after a part is found not linearizable (default: stop at the first). */
  allViolations?: boolean;
  /**
   * What a failed operation tells the model, by the history's source (failReadingOf[format]);
   * default 'harness', the reading of the harness's own history.
   */
  failReading?: FailReading;
}

/**
 * The operations of one part, numbered for the search: known outcomes first, then unknown ones.
 * Parallel arrays rather than one wrapper object per operation: a million-operation history
 * would otherwise allocate a million more long-lived objects.
 */
interface Part {
  key: string | undefined;
  sources: ClientOperation[];
  prepared: ModelOperation[];
  finiteCount: number;
}

function splitIntoParts(model: Model<unknown>, operations: readonly ClientOperation[], failReading: FailReading): Part[] {
  const byKey = new Map<string | undefined, { part: Part; unknownSources: ClientOperation[]; unknownPrepared: ModelOperation[] }>();
  for (const source of operations) {
    // The one place where the source's meaning of fail applies: a fail that says nothing never reaches the model.
    if (source.outcome === 'fail' && !failedOperationConstrains(failReading, source.f, source.error)) continue;
    const prepared = model.prepare(source);
    if (prepared === undefined) continue;
    const key = model.partitioned ? prepared.partKey : undefined;
    let lists = byKey.get(key);
    if (lists === undefined) byKey.set(key, (lists = { part: { key, sources: [], prepared: [], finiteCount: 0 }, unknownSources: [], unknownPrepared: [] }));
    if (source.returnIndex === Infinity) {
      lists.unknownSources.push(source);
      lists.unknownPrepared.push(prepared);
    } else {
      lists.part.sources.push(source);
      lists.part.prepared.push(prepared);
    }
  }
  const parts: Part[] = [];
  for (const { part, unknownSources, unknownPrepared } of byKey.values()) {
    part.finiteCount = part.sources.length;
    for (let i = 0; i < unknownSources.length; i++) {
      part.sources.push(unknownSources[i]!);
      part.prepared.push(unknownPrepared[i]!);
    }
    parts.push(part);
  }
  return parts;
}

function explain(model: Model<unknown>, part: Part, op: number): ExplainedOperation {
  const source = part.sources[op]!;
  const prepared = part.prepared[op]!;
  const explained: ExplainedOperation = {
    id: source.id,
    process: source.process,
    f: source.f,
    value: source.invokeValue ?? null,
    output: source.completionValue ?? null,
    outcome: source.outcome,
    description: model.describeOperation(prepared.input, prepared.output),
    callIndex: source.callIndex,
    returnIndex: source.returnIndex === Infinity ? null : source.returnIndex,
    callTimeNs: source.callTimeNs,
    returnTimeNs: source.returnTimeNs === Infinity ? null : source.returnTimeNs,
  };
  if (source.callLine !== undefined) explained.callLine = source.callLine;
  if (source.returnLine !== undefined) explained.returnLine = source.returnLine;
  return explained;
}

function counterexampleOf(model: Model<unknown>, part: Part, states: StateSpace<unknown>, stuck: StuckPoint): PartCounterexample {
  const nextCandidates = stuck.candidates.map((op): NextCandidate => {
    const after = states.step(stuck.stateId, op);
    const candidate: NextCandidate = { ...explain(model, part, op), legalFromState: after !== ILLEGAL };
    if (after !== ILLEGAL) candidate.stateAfter = model.describeState(states.states[after]);
    return candidate;
  });
  return {
    key: part.key ?? null,
    ops: part.sources.length,
    linearizedPrefix: stuck.prefix.map((op) => explain(model, part, op)),
    state: model.describeState(states.states[stuck.stateId]),
    nextCandidates,
  };
}

type PartVerdict =
  | { valid: true; configurations: number; pruning: PruningCounts }
  | { valid: 'unknown'; configurations: number; pruning: PruningCounts }
  | { valid: false; configurations: number; pruning: PruningCounts; counterexample: PartCounterexample }
  | { valid: 'paused' };

/** Starts the search of one part; the returned function continues it for a number of steps. */
function startPart(model: Model<unknown>, part: Part, deadlineMs: number): (steps: number) => PartVerdict {
  const count = part.sources.length;
  // Plain loops into preallocated arrays: this runs once per part, and most parts are small.
  const inputs = new Array<unknown>(count);
  const outputs = new Array<unknown>(count);
  const callPosition = new Array<number>(count);
  const returnPosition = new Array<number>(count);
  const readOnly = new Uint8Array(count);
  const blindWrite = new Uint8Array(count);
  for (let op = 0; op < count; op++) {
    const { input, output } = part.prepared[op]!;
    const source = part.sources[op]!;
    inputs[op] = input;
    outputs[op] = output;
    callPosition[op] = source.callIndex;
    // An optional operation (HistoryEvent.optional) has a deadline where others have no return.
    returnPosition[op] = op < part.finiteCount ? source.returnIndex : source.effectDeadlineIndex;
    readOnly[op] = model.readOnly(input, output) ? 1 : 0;
    blindWrite[op] = model.blindWrite(input, output) ? 1 : 0;
  }
  const states = new StateSpace(model, inputs, outputs);
  const initialState = states.intern(model.init(part.key));
  // Twins among unknown-outcome operations (pruning rule 2 in search.ts).
  const previousTwin = new Int32Array(count).fill(-1);
  if (part.finiteCount < count) {
    const lastTwinByKey = new Map<string, number>();
    for (let op = part.finiteCount; op < count; op++) {
      // Optional operations have deadlines of their own: an earlier twin may not stand in for a later one.
      if (returnPosition[op] !== Infinity) continue;
      const twinKey = canonicalJson([inputs[op], outputs[op]]);
      previousTwin[op] = lastTwinByKey.get(twinKey) ?? -1;
      lastTwinByKey.set(twinKey, op);
    }
  }
  const mayBecomeLegal = model.mayBecomeLegal;
  const search = startSearch({
    ...(mayBecomeLegal === undefined
      ? {}
      : {
          mayBecomeLegal: (stateId: number, op: number, blindWriteAvailable: boolean) =>
            mayBecomeLegal(states.states[stateId], inputs[op], outputs[op], blindWriteAvailable),
        }),
    readOnly,
    blindWrite,
    callPosition,
    returnPosition,
    finiteCount: part.finiteCount,
    previousTwin,
    states,
    initialState,
    deadlineMs,
  });
  return (steps) => {
    const outcome = search(steps);
    switch (outcome.result) {
      case 'paused':
        return { valid: 'paused' };
      case 'linearizable':
        return { valid: true, configurations: outcome.configurations, pruning: outcome.pruning };
      case 'timed-out':
        return { valid: 'unknown', configurations: outcome.configurations, pruning: outcome.pruning };
      case 'not-linearizable':
        return { valid: false, configurations: outcome.configurations, pruning: outcome.pruning, counterexample: counterexampleOf(model, part, states, outcome.stuck) };
    }
  };
}

function summarize(result: LinearizabilityResult, timeoutMs: number | undefined, gaveUp: string | undefined): string {
  const where = `${result.ops} operations, ${result.parts} part${result.parts === 1 ? '' : 's'}, ${result.elapsedMs.toFixed(1)} ms`;
  if (result.valid === true) return `linearizable (${result.model}; ${where})`;
  if (result.valid === 'unknown') {
    const checked = `${result.partsChecked} of ${result.parts} parts checked; ${where}`;
    if (gaveUp !== undefined) return `unknown: the search outgrew what it can hold (${gaveUp}; ${checked}); check fewer operations per key`;
    return `unknown: the search did not finish within the ${timeoutMs} ms budget (${checked}); raise --timeout-ms`;
  }
  const first = result.counterexample![0]!;
  const keyText = first.key === null ? '' : `key ${JSON.stringify(first.key)}: `;
  const candidates = first.nextCandidates.map((candidate) => `${candidate.description} (process ${candidate.process}${candidate.callLine === undefined ? '' : `, line ${candidate.callLine}`})`);
  return (
    `not linearizable (${result.model}; ${where}): ${keyText}after ${first.linearizedPrefix.length} operations linearized, in state ${first.state}, ` +
    `none of these can be linearized next: ${candidates.join('; ')}`
  );
}

/** Checks a history against a model; see LinearizabilityResult for what comes back. */
export function checkLinearizability(events: readonly HistoryEvent[], model: Model<any>, options: LinearizabilityOptions = {}): LinearizabilityResult {
  const startMs = performance.now();
  const deadlineMs = options.timeoutMs === undefined ? Infinity : startMs + options.timeoutMs;
  const operations = pairOperations(events);
  const parts = splitIntoParts(model, operations, options.failReading ?? 'harness');
  let configurations = 0;
  const pruning: PruningCounts = { readOnlyForced: 0, twinSkipped: 0, noEffectSkipped: 0, blindWriteSkipped: 0, unreachableRead: 0, dominated: 0 };
  let partsChecked = 0;
  let timedOut = false;
  // Set when a part's search outgrew a JavaScript limit (a Map or array past its maximum size):
  // that part is undecided, so the verdict is 'unknown', never a guess and never a crash.
  let gaveUp: string | undefined;
  const counterexample: PartCounterexample[] = [];
  // Parts take turns with a step budget that doubles every round, so a violation in any part is
  // found about as fast as that part alone would take (Porcupine runs parts in parallel for this).
  // A part's search starts on its first turn, so parts that finish at once never coexist in memory.
  let running: (Part | ((steps: number) => PartVerdict))[] = parts;
  let steps = firstRoundSteps;
  rounds: while (running.length > 0) {
    const stillRunning: ((steps: number) => PartVerdict)[] = [];
    for (const partOrSearch of running) {
      const resume = typeof partOrSearch === 'function' ? partOrSearch : startPart(model, partOrSearch, deadlineMs);
      let verdict: PartVerdict;
      try {
        verdict = resume(steps);
      } catch (error) {
        if (!(error instanceof RangeError)) throw error;
        gaveUp = `${error.name}: ${error.message}`;
        timedOut = true;
        break rounds;
      }
      if (verdict.valid === 'paused') {
        stillRunning.push(resume);
        continue;
      }
      configurations += verdict.configurations;
      for (const rule of Object.keys(pruning) as (keyof PruningCounts)[]) pruning[rule] += verdict.pruning[rule];
      if (verdict.valid === 'unknown') {
        timedOut = true;
        break rounds;
      }
      partsChecked++;
      if (verdict.valid === false) {
        counterexample.push(verdict.counterexample);
        if (options.allViolations !== true) break rounds;
      }
    }
    running = stillRunning;
    steps *= 2;
  }
  const valid = counterexample.length > 0 ? false : timedOut ? 'unknown' : true;
  const result: LinearizabilityResult = {
    checker: 'linearizable',
    summary: '',
    valid,
    model: model.name,
    ops: operations.length,
    parts: parts.length,
    partsChecked,
    configurations,
    pruning,
    elapsedMs: performance.now() - startMs,
  };
  if (valid === false) result.counterexample = counterexample;
  result.summary = summarize(result, options.timeoutMs, gaveUp);
  return result;
}

/** A pure checker for the run loop: history in, result out. */
export function linearizableChecker(modelName: ModelName, init?: unknown, options: LinearizabilityOptions = {}): (history: readonly HistoryEvent[]) => LinearizabilityResult {
  const model = makeModel(modelName, init);
  return (history) => checkLinearizability(history, model, options);
}
