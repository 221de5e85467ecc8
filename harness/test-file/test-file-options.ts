/**
 * A loaded test file as `harness test` options: the file's fields fill in what the command
 * line left at its defaults, the flags typed on the command line win. Inline parts (target,
 * client, workload, checkers) are handed back as registries that stand over the built-in ones
 * for this run only. Also the replay command of a run from a file: the file, the flags given,
 * the resolved runtime and the seed.
 */
import type { Checker, TargetDefinition, Workload } from '../interfaces.js';
import { UsageError } from '../exit-codes.js';
import { shellQuote } from '../shell-quote.js';
import { kebab, type TestCommandOptions } from '../spec-from-cli.js';
import type { TestSpec } from '../spec.js';
import type { InlineTarget, InlineWorkload, TestFile } from './define-test.js';
import { lineOf } from './validate-test-file.js';

/** Parts written in a test file, by name, looked up before the registries. */
export interface InlineParts {
  targets: Record<string, TargetDefinition>;
  workloads: Record<string, Workload>;
  checkers: Record<string, Checker>;
}

export const noInlineParts = (): InlineParts => ({ targets: {}, workloads: {}, checkers: {} });

/**
 * `lookupTarget` finds a registered target by name (the file's own target comes first), so
 * targetOptions can be checked against the options the target has.
 */
export function optionsFromTestFile(
  test: TestFile,
  where: { file: string; source: string },
  cli: TestCommandOptions,
  givenOnCli: ReadonlySet<string>,
  lookupTarget: (name: string) => TargetDefinition,
  lookupWorkload: (name: string) => Workload | undefined,
): { options: TestCommandOptions; parts: InlineParts } {
  const parts = noInlineParts();
  const fromFile: Record<string, unknown> = {};
  const set = (option: string, value: string | undefined) => {
    if (value !== undefined) fromFile[option] = value;
  };
  let target: TargetDefinition | undefined;
  if (typeof test.target === 'object') {
    if (test.target.createClient === undefined && test.client === undefined) {
      throw new UsageError(`${where.file}:${lineOf(where.source, 'target')}: inline target '${test.target.name}' has no createClient; give it one, or a client in the test file`);
    }
    target = completeTarget(test.target);
    parts.targets[target.name] = target;
  }
  if (test.client !== undefined) {
    const base = target ?? lookupTarget(typeof test.target === 'string' ? test.target : cli.target);
    target = { ...base, createClient: test.client };
    parts.targets[target.name] = target;
  }
  if (typeof test.workload === 'object') {
    const workload = completeWorkload(test.workload);
    parts.workloads[workload.name] = workload;
  }
  // An inline target that names no operations serves what the file's workload sends.
  if (target !== undefined && typeof test.target === 'object' && test.target.ops === undefined) {
    const workloadName = typeof test.workload === 'object' ? test.workload.name : (test.workload ?? target.workloads[0]);
    target.ops = (workloadName === undefined ? undefined : (parts.workloads[workloadName] ?? lookupWorkload(workloadName))?.ops) ?? [];
  }
  for (const checker of test.checkers ?? []) if (typeof checker === 'object') parts.checkers[checker.name] = checker.check;

  set('name', test.name);
  set('target', typeof test.target === 'object' ? test.target.name : test.target);
  set('workload', typeof test.workload === 'object' ? test.workload.name : test.workload);
  set('nodes', test.nodes === undefined ? undefined : Array.isArray(test.nodes) ? test.nodes.join(',') : String(test.nodes));
  set('nemesis', test.nemesis === undefined ? undefined : test.nemesis.length === 0 ? 'none' : test.nemesis.join(','));
  set('runtime', test.runtime);
  set('concurrency', numberText(test.concurrency));
  set('timeLimit', numberText(test.timeLimitMs, 1000));
  set('rate', numberText(test.rateHz));
  set('nemesisInterval', numberText(test.nemesisIntervalMs, 1000));
  set('opTimeout', numberText(test.opTimeoutMs));
  set('seed', numberText(test.seed));
  set('consistencyModels', test.consistencyModels?.join(','));
  set('checkers', test.checkers?.map((checker) => (typeof checker === 'string' ? checker : checker.name)).join(','));

  const targetName = givenOnCli.has('target') ? cli.target : ((fromFile.target as string | undefined) ?? cli.target);
  const targetOptions = parts.targets[targetName]?.options ?? lookupTarget(targetName).options;
  for (const [name, value] of Object.entries(test.targetOptions ?? {})) {
    if (!(name in targetOptions)) {
      throw new UsageError(`${where.file}:${lineOf(where.source, name)}: targetOptions.${name} is not an option of target '${targetName}' (its options: ${Object.keys(targetOptions).join(', ') || 'none'})`);
    }
    if (value !== undefined) fromFile[name] = Array.isArray(value) ? value.join(',') : String(value);
  }

  const options: TestCommandOptions = { ...cli, ...fromFile };
  for (const name of givenOnCli) options[name] = cli[name];
  return { options, parts };
}

/** `harness test FILE <the flags given> --runtime R --seed N`: the file plus these give the same spec. */
export function replayFromFile(file: string, givenOnCli: ReadonlySet<string>, spec: TestSpec, options: TestCommandOptions): string {
  const flags = [...givenOnCli].filter((name) => name !== 'seed' && name !== 'runtime').map((name) => `--${kebab(name)} ${shellQuote(String(options[name]))}`);
  return ['harness test', shellQuote(file), ...flags, `--runtime ${spec.runtime}`, `--seed ${spec.seed}`].join(' ');
}

/** Fills in what an inline target leaves out; createClient is there or replaced by the file's client (checked above). */
function completeTarget(target: InlineTarget): TargetDefinition {
  return { description: '', defaultNodes: ['n1', 'n2', 'n3'], workloads: ['register'], ops: [], options: {}, transport: 'tcp', createClient: () => undefined as never, ...target };
}

function completeWorkload(workload: InlineWorkload): Workload {
  return { description: '', checkers: [], ops: [], ...workload };
}

/** A number in the flag's unit (seconds for the fields in ms when `per` is 1000). */
function numberText(value: number | undefined, per = 1): string | undefined {
  return value === undefined ? undefined : String(value / per);
}
