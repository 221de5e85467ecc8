/**
 * Reads a linearizability checker's explanation of a violation (the longest linearizable
 * prefix per part, the operations none of which could go next, the model state before them)
 * into the report's LinearizabilityPart. Tolerant of naming: the checker's result shape is
 * owned elsewhere and may grow, so fields are looked up by a few likely names and anything
 * missing is simply left empty.
 */
import type { LinearizabilityPart, LinearizedStep, OpColumns } from './report-data.js';
import { truncatedJson } from './history-columns.js';
import { prefixStatesByReplay } from './prefix-states.js';

const prefixNames = ['prefix', 'longestPrefix', 'longestLinearizablePrefix', 'linearizedPrefix', 'linearized', 'linearization', 'path'];
const stuckNames = ['nextCandidates', 'stuck', 'couldNotLinearize', 'unlinearizable', 'nextOps', 'next', 'candidates', 'failedOps', 'notLinearizable', 'pending'];
const stateNames = ['stateBefore', 'state', 'modelState', 'stateAfterPrefix', 'lastState', 'model'];
const partNames = ['part', 'key', 'partition', 'partKey', 'partIndex'];
const indexNames = ['callIndex', 'invokeIndex', 'index', 'returnIndex'];
const stepStateNames = ['stateAfter', 'state', 'after', 'modelState'];

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

function firstField(object: Json, names: readonly string[]): unknown {
  for (const name of names) if (object[name] !== undefined) return object[name];
  return undefined;
}

function describe(value: unknown): string {
  if (value === undefined) return '';
  if (isObject(value) && typeof value.description === 'string') return value.description;
  return truncatedJson(value, 400);
}

/** Finds the op an explanation step names: by history index, else by process, f and value. */
export class OpMatcher {
  private readonly nsToMs: (ns: number) => number;
  private readonly byIndex = new Map<number, number>();
  private readonly byProcessF = new Map<string, number[]>();

  /** logicalTime: the history's times are event positions, used as they are (see hasLogicalTime). */
  constructor(private readonly ops: OpColumns, private readonly processes: readonly string[], private readonly fs: readonly string[], logicalTime = false) {
    this.nsToMs = logicalTime ? (ns) => ns : (ns) => ns / 1e6;
    for (let i = 0; i < ops.proc.length; i++) {
      this.byIndex.set(ops.invokeIndex[i], i);
      if (ops.completeIndex[i] >= 0) this.byIndex.set(ops.completeIndex[i], i);
      const key = `${processes[ops.proc[i]]}\u0000${fs[ops.f[i]]}`;
      const list = this.byProcessF.get(key);
      if (list === undefined) this.byProcessF.set(key, [i]);
      else list.push(i);
    }
  }

  match(step: unknown): number {
    if (typeof step === 'number') return this.byIndex.get(step) ?? -1;
    if (!isObject(step)) return -1;
    for (const name of indexNames) {
      const index = step[name];
      if (typeof index === 'number' && this.byIndex.has(index)) {
        const position = this.byIndex.get(index)!;
        // Only trust an index if process and time agree: a checker may number a per-key sub-history.
        const timeMs = timeOfStep(step, this.nsToMs);
        const sameProcess = step.process === undefined || String(step.process) === this.processes[this.ops.proc[position]];
        const sameTime = timeMs === undefined || Math.abs(this.ops.startMs[position] - timeMs) < 0.002 || Math.abs(this.ops.endMs[position] - timeMs) < 0.002;
        if (sameProcess && sameTime) return position;
      }
    }
    if (step.process === undefined || typeof step.f !== 'string') return -1;
    const candidates = this.byProcessF.get(`${String(step.process)}\u0000${step.f}`) ?? [];
    const input = step.input ?? step.value;
    const valueText = input === undefined ? undefined : truncatedJson(input);
    const sameValue = valueText === undefined ? candidates : candidates.filter((i) => this.ops.invokeValue[i] === valueText);
    const pool = sameValue.length > 0 ? sameValue : candidates;
    const timeMs = timeOfStep(step, this.nsToMs);
    if (timeMs === undefined || pool.length <= 1) return pool[0] ?? -1;
    // A completion event is timed at its op's end, an invoke (or an explained op) at its start.
    const isCompletion = step.type === 'ok' || step.type === 'fail' || step.type === 'info';
    const timeOf = (i: number): number => (isCompletion ? this.ops.endMs[i] : this.ops.startMs[i]);
    let best = pool[0];
    for (const i of pool) if (Math.abs(timeOf(i) - timeMs) < Math.abs(timeOf(best) - timeMs)) best = i;
    return best;
  }
}

/** The step's invoke time in the units of OpColumns (ms, or event positions for clockless histories). */
function timeOfStep(step: Json, nsToMs: (ns: number) => number): number | undefined {
  for (const name of ['callTimeNs', 'invokeNs', 'startNs', 'callNs', 'timeNs', 'call']) {
    if (typeof step[name] === 'number') return nsToMs(step[name] as number);
  }
  return typeof step.startMs === 'number' ? step.startMs : undefined;
}

function stepLabel(step: unknown): string {
  if (!isObject(step)) return describe(step);
  const op = isObject(step.op) ? step.op : step;
  if (typeof op.description === 'string' && op.process !== undefined) return `p${String(op.process)} ${op.description}`;
  if (op.f === undefined) return describe(step);
  const input = op.input ?? op.value;
  const output = op.output ?? op.result;
  return `p${String(op.process ?? '?')} ${String(op.f)}(${input === undefined ? '' : truncatedJson(input, 80)})${output === undefined ? '' : ` → ${truncatedJson(output, 80)}`}`;
}

function toStep(raw: unknown, matcher: OpMatcher): LinearizedStep {
  const op = isObject(raw) && isObject(raw.op) ? raw.op : raw;
  const stateAfter = isObject(raw) ? firstField(raw, stepStateNames) : undefined;
  let note = '';
  if (isObject(raw) && typeof raw.legalFromState === 'boolean') {
    note = raw.legalFromState ? `allowed from this state${stateAfter === undefined ? '' : ` (→ ${describe(stateAfter)})`}, but nothing linearizes after it` : 'not allowed from this state';
  }
  const position = matcher.match(op);
  // A matched op is shown from the history; the label is only kept for ops the history lacks.
  return { op: position, label: position >= 0 ? '' : stepLabel(raw), stateAfter: stateAfter === undefined ? '' : describe(stateAfter), note };
}

/** Objects anywhere in the result (depth-limited) that carry a prefix or stuck list. */
function explanationObjects(value: unknown, depth: number, found: Json[]): void {
  if (depth > 6) return;
  if (Array.isArray(value)) {
    for (const item of value.slice(0, 1000)) explanationObjects(item, depth + 1, found);
    return;
  }
  if (!isObject(value)) return;
  const hasPrefix = prefixNames.some((name) => Array.isArray(value[name]));
  const hasStuck = stuckNames.some((name) => Array.isArray(value[name]));
  if (hasPrefix && hasStuck) {
    found.push(value);
    return;
  }
  for (const child of Object.values(value)) explanationObjects(child, depth + 1, found);
}

/** Ops of one part: those whose value is a [key, v] tuple with this key, else all ops. */
function opsOfPart(ops: OpColumns, part: string): number[] {
  const all = ops.row.map((_, i) => i);
  if (part === '') return all;
  const keyPrefix = `[${JSON.stringify(part)},`;
  const numericPrefix = `[${part},`;
  const matching = all.filter((i) => ops.invokeValue[i].startsWith(keyPrefix) || ops.invokeValue[i].startsWith(numericPrefix));
  return matching.length > 0 ? matching : all;
}

/** Every explained violation in a checker result (a result may hold one per part). */
export function linearizabilityParts(result: unknown, ops: OpColumns, processes: readonly string[], fs: readonly string[], logicalTime = false): LinearizabilityPart[] {
  const found: Json[] = [];
  explanationObjects(result, 0, found);
  if (found.length === 0) return [];
  const matcher = new OpMatcher(ops, processes, fs, logicalTime);
  return found.map((explanation) => {
    const rawPart = firstField(explanation, partNames);
    const part = rawPart === undefined || rawPart === null ? '' : typeof rawPart === 'string' ? rawPart : truncatedJson(rawPart, 100);
    const prefix = (firstField(explanation, prefixNames.filter((n) => Array.isArray(explanation[n]))) as unknown[]).map((s) => toStep(s, matcher));
    const stuck = (firstField(explanation, stuckNames.filter((n) => Array.isArray(explanation[n]))) as unknown[]).map((s) => toStep(s, matcher));
    const state = firstField(explanation, stateNames);
    // The checker gives the state at the end only: replay the prefix for the states in between.
    const rawPrefix = firstField(explanation, prefixNames.filter((n) => Array.isArray(explanation[n]))) as unknown[];
    if (prefix.every((step) => step.stateAfter === '')) {
      const states = prefixStatesByReplay(isObject(result) ? result.model : undefined, rawPrefix, state);
      if (states !== null) prefix.forEach((step, k) => (step.stateAfter = states[k]));
    }
    // A checker that gives only the final state: it is the state after the last prefix op.
    if (state !== undefined && prefix.length > 0 && prefix[prefix.length - 1].stateAfter === '') prefix[prefix.length - 1].stateAfter = describe(state);
    const note = firstField(explanation, ['explanation', 'message', 'reason', 'summary', 'note']);
    return {
      part,
      ops: opsOfPart(ops, part),
      prefix,
      stuck,
      stateBefore: state === undefined ? (prefix.at(-1)?.stateAfter ?? '') : describe(state),
      note: typeof note === 'string' ? note : '',
    };
  });
}
