/**
 * Fault packages by name, and the factory the run loop calls (`--nemesis partition,drop,crash,pause`).
 *
 * Contract with the run loop (harness/nemesis-plan.ts, harness/run.ts):
 * - createNemesisPlan(spec, target, log) (a NemesisFactory) returns { nemesis, schedule }. The schedule is computed
 *   up front, purely from spec.seed, spec.timeLimitMs, spec.nemesisIntervalMs and spec.nodes
 *   (nemesis/schedule.ts): steps { atMs, op: { f: 'start-<kind>' | 'stop-<kind>', value } },
 *   ascending atMs, all before the time limit, each kind alternating start and stop.
 * - The loop (runNemesisSchedule) calls nemesis.setup(run) once (clears network faults), then
 *   at each step's time nemesis.invoke(run, step.op), and records ONE history event
 *   { process: 'nemesis', type: 'info', f: op.f, value: completion.value, error? }.
 *   completion.type is 'info' (done; `error` set if it only partly worked) or 'fail'
 *   (skipped: not a kind this nemesis holds; the loop records nothing).
 * - Event values: partition { kind, blocked: {from: [to...]}, description }; drop
 *   { loss: {from: {to: fraction}} }; crash / pause { nodes: [...] }. The stop event carries
 *   the same value as its start. Faults aimed at the primary (nemesis/primary-faults.ts)
 *   resolve their node when they start; their events carry the resolved value, plus
 *   { primary, chosenBy: 'target' | 'seed' }.
 * - At the end (time limit, Ctrl-C, error) the loop calls nemesis.teardown(run): it stops
 *   every active fault (restarts killed nodes, resumes paused ones, heals the network), never
 *   throws, and leaves the network with no faults. The loop records 'stop-<kind>' for kinds
 *   still active.
 * - A kind the target cannot do (crash without Target.kill/start, pause without
 *   Target.pause/resume, *-primary without Target.primary) is left out of the schedule with a warning in the log.
 */
import type { Logger, Target } from '../harness/interfaces.js';
import type { NemesisFactory, NemesisPlan, ScheduledFault } from '../harness/nemesis-plan.js';
import { UsageError } from '../harness/exit-codes.js';
import type { TestSpec } from '../harness/spec.js';
import { CombinedNemesis } from './combined.js';
import { crashFault } from './crash.js';
import { dropFault } from './drop.js';
import type { FaultPackage } from './fault-package.js';
import { partitionFault } from './partition.js';
import { pauseFault } from './pause.js';
import { crashPrimaryFault, partitionPrimaryFault, pausePrimaryFault } from './primary-faults.js';
import { computeSchedule } from './schedule.js';

export const faultPackages: Readonly<Record<string, FaultPackage<any>>> = {
  partition: partitionFault,
  drop: dropFault,
  crash: crashFault,
  pause: pauseFault,
  'partition-primary': partitionPrimaryFault,
  'crash-primary': crashPrimaryFault,
  'pause-primary': pausePrimaryFault,
};

/** Other names users type for a package: Maelstrom's and Jepsen's `kill` is our crash. */
export const faultAliases: Readonly<Record<string, string>> = { kill: 'crash' };

/** `names` with every alias replaced by the package it names (the spec keeps these). */
export function canonicalFaultNames(names: readonly string[]): string[] {
  return [...new Set(names.map((name) => faultAliases[name] ?? name))];
}

/** The fault packages named in `names`; a UsageError names the known ones for an unknown name. */
export function faultPackagesNamed(names: readonly string[]): FaultPackage[] {
  return [...new Set(names)].map((name) => {
    const fault = faultPackages[name];
    if (fault === undefined) throw new UsageError(`unknown nemesis '${name}' (known: ${[...Object.keys(faultPackages), ...Object.keys(faultAliases)].join(', ')})`);
    return fault;
  });
}

/** Packages whose required Target methods exist; the others are logged and left out. */
export function faultsTheTargetCanDo(faults: readonly FaultPackage[], target: Target, log: Logger): FaultPackage[] {
  return faults.filter((fault) => {
    const missing = fault.requires.filter((ability) => typeof target[ability] !== 'function');
    if (missing.length > 0) log.warn(`nemesis '${fault.name}' skipped: the target has no ${missing.join('/')}`, { nemesis: fault.name });
    return missing.length === 0;
  });
}

/** The NemesisFactory of harness/nemesis-plan.ts: the combined nemesis and its seeded schedule. */
export const createNemesisPlan: NemesisFactory = (spec: TestSpec, target: Target, log: Logger): NemesisPlan => {
  const faults = faultsTheTargetCanDo(faultPackagesNamed(spec.nemesis), target, log);
  const schedule = computeSchedule({
    seed: spec.seed,
    timeLimitMs: spec.timeLimitMs,
    intervalMs: spec.nemesisIntervalMs,
    nodes: spec.nodes,
    faults,
  });
  return { nemesis: new CombinedNemesis(faults, target, log), schedule };
};

/**
 * A replay's nemesis (harness replay): the spec's fault packages, stepping through the faults a
 * run recorded, at their recorded times, with the nodes they resolved to then.
 */
export function replayNemesisFactory(recorded: readonly ScheduledFault[]): NemesisFactory {
  return (spec: TestSpec, target: Target, log: Logger): NemesisPlan => {
    const faults = faultsTheTargetCanDo(faultPackagesNamed(spec.nemesis), target, log);
    return { nemesis: new CombinedNemesis(faults, target, log, true), schedule: recorded };
  };
}

/** Colours for report shading, by fault kind. */
export function faultShades(): Record<string, string> {
  return Object.fromEntries(Object.values(faultPackages).map((f) => [f.name, f.shade]));
}
