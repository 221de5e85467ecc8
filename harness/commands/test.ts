/**
 * `harness test`: run a target under a workload and faults, check the history, store it.
 * Exit 0 valid, 1 invalid, 2 unknown, 64 usage, 70 internal error, 130 Ctrl-C, 143 SIGTERM.
 */
import type { Command } from 'commander';
import { Option } from 'commander';
import { constants as osConstants } from 'node:os';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { checkerByName, checkers as checkerRegistry } from '../../checkers/registry.js';
import { consistencyModelNames, defaultConsistencyModels } from '../../checkers/transactions/consistency-models.js';
import { txnKeysDefaults } from '../../workloads/txn-keys.js';
import { writeJunit } from '../../results/junit.js';
import { writeRunReport } from '../../results/report/write-report.js';
import { targetDefinition, targets } from '../../targets/registry.js';
import { workloadByName, workloads } from '../../workloads/registry.js';
import { setExitCode } from '../cli.js';
import { ExitCode, UsageError, exitCodeFor } from '../exit-codes.js';
import { noNemesisPlan, type NemesisFactory } from '../nemesis-plan.js';
import { runTest, type RunDependencies, type RunOutcome } from '../run.js';
import { createRuntime, describeRuntimes, runtimeDefinition, runtimes } from '../runtime/registry.js';
import { refuseUncarriedFaults } from '../runtime/runtime-abilities.js';
import { refuseFaultsNeedingOneAddress } from '../runtime/one-address-per-node.js';
import { defaultRuntimeName } from '../runtime/netns/availability.js';
import { kebab, specFromOptions, testDefaults, type TestCommandOptions } from '../spec-from-cli.js';
import type { TestSpec } from '../spec.js';
import type { TargetDefinition } from '../interfaces.js';
import { StatusLine } from '../status-line.js';
import { verdictWord } from '../verdict-word.js';
import { cellFileOption } from '../sweep/sweep-runner.js';
import { isSweep, perRunArgs, sweepAction } from '../sweep/sweep-command.js';
import { checkWritableFile, ensureWritableDir } from '../../results/writable-path.js';
import { checkOpCompatibility } from '../op-compatibility.js';
import { deadRunLeftovers, leftoversWarning } from '../runtime/netns/leftovers.js';
import { createNemesisPlan, faultPackagesNamed, replayNemesisFactory } from '../../nemesis/registry.js';
import { ClientScript, readReplayRecord, replayRunCommand } from '../replay/replay-record.js';
import { replayFromOption } from './replay.js';
import { loadTestFile } from '../test-file/load-test-file.js';
import { noInlineParts, optionsFromTestFile, replayFromFile, type InlineParts } from '../test-file/test-file-options.js';

/** Exit code of a run stopped by a signal: 128 + its number (Ctrl-C: 130, SIGTERM: 143). */
export function interruptedExitCode(signal: NodeJS.Signals = 'SIGINT'): number {
  return 128 + (osConstants.signals[signal] ?? 2);
}

export function register(program: Command): void {
  const command = program
    .command('test')
    .description('run a target under a workload and faults, record the history, check it and store the run')
    .argument('[file]', 'a test file (.ts, .js, .json) exporting defineTest({...}); the flags given override its fields')
    .option('--name <name>', 'test name, the store folder under --store (default: <target>-<variant>-<workload>)')
    .option('--target <name>', `system under test (${Object.keys(targets).sort().join(', ')})`, testDefaults.target)
    .option('-w, --workload <name>', "what the clients do (default: the target's first workload)")
    .option('--nodes <list|count>', "node names 'n1,n2,n3' or a count (default: the target's nodes)")
    .option('--node-count <n>', "Maelstrom's name for --nodes <count>")
    .addOption(new Option('--runtime <name>', `where nodes run: auto (netns as root, else local, unless the target prefers one), or ${describeRuntimes().join('; ')}`).default(testDefaults.runtime))
    .option('--hosts <list>', "ssh runtime: the host of each node, 'n1=user@address[:port],n2=...'")
    .option('--ssh-key <file>', 'ssh runtime: private key file for logging in to every host')
    .option('--nemesis <list>', `faults combined, comma-separated: partition, drop, crash (or kill, Maelstrom's name), pause, and aimed at the target's primary: partition-primary, crash-primary, pause-primary; 'none' for none (default: ${withTargetDefaults('nemesis')})`)
    .option('--nemesis-interval <seconds>', `mean time between fault starts, and how long a fault lasts, seconds (default: ${withTargetDefaults('nemesisIntervalS')})`)
    .option('--time-limit <seconds>', 'how long clients and faults run, seconds (final reads come after)', testDefaults.timeLimitS)
    .option('--concurrency <n>', `number of concurrent client processes, or Kn: K per node (Jepsen's 2n) (default: ${withTargetDefaults('concurrency')})`)
    .option('--rate <Hz>', 'target operation rate over all clients, operations per second (0 = unlimited)', testDefaults.rateHz)
    .option('--op-timeout <ms>', 'a client gives up on an operation after this long and records it as info, milliseconds', testDefaults.opTimeoutMs)
    .option('--seed <int>', 'seed of every random choice (operations, fault schedule, message loss); default: random, printed', undefined)
    .option('--checkers <list>', "checkers to run, comma-separated (default: the workload's checkers and perf)")
    .option('--availability <total|fraction>', "Maelstrom's: 'total' = every client operation must succeed, or the least fraction that must (0..1); judged by the availability checker")
    .option('--consistency-models <list>', `transactional workloads: consistency models the history must satisfy, comma-separated (default ${defaultConsistencyModels.join(',')}); one of ${consistencyModelNames.join(', ')}`)
    .option('--consistency-model <list>', 'alias of --consistency-models (Elle and Maelstrom spell it so)')
    .option('--key-count <n>', `transactional workloads: keys in use at a time (Maelstrom's and Jepsen's key-count; default ${txnKeysDefaults.activeKeyCount})`)
    .option('--max-txn-length <n>', `transactional workloads: micro-ops per transaction, at most (default ${txnKeysDefaults.microOpsMax})`)
    .option('--max-writes-per-key <n>', `transactional workloads: writes a key gets before it retires (default ${txnKeysDefaults.maxWritesPerKey})`)
    .option('--store <dir>', 'results store folder: <dir>/<test>/<start time>/, <dir>/latest', testDefaults.store)
    .option('--junit <file>', 'also write a JUnit XML report (one test case per checker; for a sweep, one per run) to this file')
    .option('--seeds <list>', "a sweep: one run per seed, e.g. '1..20', '1-20', '3,7,9..12'; prints a table, exits 1 if any run was invalid, else 2 if any unknown")
    .option('--repeat <n>', 'a sweep: run each seed (--seed, or each of --seeds) this many times')
    .option('--parallel <n>', 'a sweep: runs at a time', '1')
    .option('--until-fail', 'a sweep: start no further run once one is invalid')
    .option('--test-count <n>', "Jepsen's and Maelstrom's: run the test n times, seeds --seed (or a random one) and up, stopping at the first invalid run (a sweep)")
    .addOption(new Option(`${replayFromOption} <dir>`, 'replay the operations and faults this run folder recorded (set by harness replay)').hideHelp())
    .addOption(new Option(`${cellFileOption} <file>`, 'where a sweep run names the folder it stored (set by the sweep)').hideHelp())
    .option('--keep-data', "keep the nodes' data folders (nodes/<node>/data) of a valid run too; invalid and unknown runs always keep them");
  addTargetOptions(command);
  command.action(async (file: string | undefined, cliOptions: TestCommandOptions, self: Command) => {
    const givenOnCli = new Set(Object.keys(cliOptions).filter((name) => self.getOptionValueSource(name) === 'cli'));
    foldConsistencyModelAlias(cliOptions, givenOnCli);
    const testFile = file === undefined ? undefined : { file, givenOnCli };
    if (isSweep(cliOptions)) {
      const { spec } = preflight(await withTestFile(cliOptions, testFile)); // every usage error before the first run starts
      setExitCode(await sweepAction({ ...cliOptions, timeLimitMs: spec.timeLimitMs, opTimeoutMs: spec.opTimeoutMs }, perRunArgs(self)));
      return;
    }
    setExitCode(await testAction(cliOptions, testFile));
  });
}

/** --consistency-model (Elle's and Maelstrom's spelling) is --consistency-models: one option from here on, so a test file's field yields to either. */
function foldConsistencyModelAlias(options: TestCommandOptions, givenOnCli: Set<string>): void {
  if (options.consistencyModel === undefined) return;
  options.consistencyModels = [options.consistencyModels, options.consistencyModel].filter((text) => text !== undefined).join(',');
  delete options.consistencyModel;
  givenOnCli.delete('consistencyModel');
  givenOnCli.add('consistencyModels');
}

/** A default of harness test, and the targets' own where they differ (TargetDefinition.testDefaults), for --help. */
function withTargetDefaults(name: 'nemesis' | 'nemesisIntervalS' | 'concurrency'): string {
  const own = Object.values(targets)
    .filter((definition) => definition.testDefaults?.[name] !== undefined)
    .map((definition) => `${definition.testDefaults![name]} for ${definition.name}`);
  return [testDefaults[name], ...own].join('; ');
}

/** --semantics, --mode, ...: every registered target's options, passed into spec.targetOptions. */
function addTargetOptions(command: Command): void {
  const byName = new Map<string, Array<{ target: string; option: TargetDefinition['options'][string] }>>();
  for (const definition of Object.values(targets)) {
    for (const [name, option] of Object.entries(definition.options)) {
      byName.set(name, [...(byName.get(name) ?? []), { target: definition.name, option }]);
    }
  }
  const describe = (option: TargetDefinition['options'][string]) =>
    `${option.description}${option.values === undefined ? '' : ` (${option.values.join(' | ')})`}, default ${JSON.stringify(option.default)}`;
  for (const [name, uses] of [...byName].sort(([a], [b]) => a.localeCompare(b))) {
    const texts = new Set(uses.map((use) => describe(use.option)));
    const help =
      texts.size === 1
        ? `target option for ${uses.map((use) => use.target).join(', ')}: ${[...texts][0]}`
        : `target option; ${uses.map((use) => `${use.target}: ${describe(use.option)}`).join('; ')}`;
    // An option that is off unless asked (Maelstrom's --log-stderr) is a flag, as its users type it.
    const isFlag = uses.every((use) => use.option.default === false);
    command.option(isFlag ? `--${kebab(name)}` : `--${kebab(name)} <value>`, help);
  }
}

/** The options with a test file's fields filled in (flags given win), and its inline parts. */
interface ResolvedOptions {
  options: TestCommandOptions;
  parts: InlineParts;
  testFile?: { file: string; givenOnCli: ReadonlySet<string> };
}

async function withTestFile(cliOptions: TestCommandOptions, testFile?: { file: string; givenOnCli: ReadonlySet<string> }): Promise<ResolvedOptions> {
  if (testFile === undefined) return { options: cliOptions, parts: noInlineParts() };
  const { test, source } = await loadTestFile(testFile.file);
  const { options, parts } = optionsFromTestFile(test, { file: testFile.file, source }, cliOptions, testFile.givenOnCli, (name) => targetDefinition(name), (name) => workloads[name]);
  return { options, parts, testFile };
}

/** A replay's operations and faults, from the run folder `harness replay` names (--replay-from). */
function replayOf(dir: string, spec: TestSpec): { clientScript: ClientScript; createNemesis: NemesisFactory } {
  const record = readReplayRecord(dir);
  if (record.concurrency !== spec.concurrency) throw new UsageError(`--replay-from ${dir}: recorded with --concurrency ${record.concurrency}, not ${spec.concurrency}`);
  return {
    clientScript: new ClientScript(record),
    createNemesis: spec.nemesis.length === 0 ? () => noNemesisPlan() : replayNemesisFactory(record.faults.map((fault) => ({ atMs: fault.atMs, op: { f: fault.f, value: fault.value } }))),
  };
}

/** Every usage error of a test, before anything starts (a sweep checks once, before its first run). */
function preflight({ options, parts, testFile }: ResolvedOptions): { spec: TestSpec; createNemesis: NemesisFactory; dependencies: Pick<RunDependencies, 'target' | 'workload' | 'checkers'> } {
  const spec = resolveSpec(options, parts);
  if (testFile !== undefined) {
    spec.command = replayFromFile(testFile.file, testFile.givenOnCli, spec, options);
    spec.testFile = path.resolve(testFile.file); // harness replay runs it again from there
  }
  const createNemesis = nemesisFactory(spec); // before anything starts: unknown names are usage errors
  for (const name of spec.checkers) if (parts.checkers[name] === undefined) checkerByName(name);
  const dependencies = {
    target: parts.targets[spec.target] ?? targetDefinition(spec.target),
    workload: parts.workloads[spec.workload] ?? workloadByName(spec.workload),
    checkers: { ...checkerRegistry, ...parts.checkers },
  };
  // Checked again by runTest; here so that a usage error comes before the seed and replay lines.
  checkOpCompatibility(dependencies.target, dependencies.workload, spec.checkers, dependencies.checkers);
  ensureWritableDir(options.store, 'store folder');
  if (options.junit !== undefined) checkWritableFile(options.junit, '--junit'); // now, not after the run
  return { spec, createNemesis, dependencies };
}

export async function testAction(cliOptions: TestCommandOptions, testFile?: { file: string; givenOnCli: ReadonlySet<string> }): Promise<number> {
  const resolved = await withTestFile(cliOptions, testFile);
  const { options } = resolved;
  const { spec, createNemesis, dependencies } = preflight(resolved);
  const stderr = (line: string) => process.stderr.write(`${line}\n`);
  const leftovers = leftoversWarning(options.store, await deadRunLeftovers(options.store));
  if (leftovers !== undefined) stderr(`harness: warning: ${leftovers}`);
  stderr(`harness: ${spec.name}, seed ${spec.seed}`);
  stderr(`harness: run again with: ${spec.command} (same seed: the same operations and faults; timing differs)`);

  const interrupt = new AbortController();
  let interrupts = 0;
  let stoppedBy: NodeJS.Signals = 'SIGINT';
  const onSignal = (signal: NodeJS.Signals) => {
    interrupts += 1;
    stoppedBy = signal;
    if (interrupts > 1) {
      stderr(`harness: ${signal} again: exiting now (if namespaces or processes are left over: harness cleanup --store ${options.store})`);
      process.exit(interruptedExitCode(signal));
    }
    stderr(`harness: ${signal}: healing, stopping every process, keeping the history (again to exit at once)`);
    interrupt.abort();
  };
  // A stray exception (a socket handler, a timer) must not skip the heal and teardown: it ends
  // the run as an error instead of killing the process.
  const onStrayError = (error: unknown) => {
    stderr(`harness: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    if (!interrupt.signal.aborted) interrupt.abort(error instanceof Error ? error : new Error(String(error)));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  process.on('uncaughtException', onStrayError);
  process.on('unhandledRejection', onStrayError);
  const replay = typeof options.replayFrom === 'string' ? replayOf(options.replayFrom, spec) : undefined;
  const status = new StatusLine();
  status.start();
  let outcome: RunOutcome;
  try {
    outcome = await runTest(
      spec,
      {
        ...dependencies,
        createRuntime,
        ...(replay === undefined ? { createNemesis } : { createNemesis: replay.createNemesis, clientScript: replay.clientScript }),
      },
      { storeDir: options.store, keepData: options.keepData === true, signal: interrupt.signal, status, echo: (line) => { status.stop(); stderr(`harness: ${line}`); status.start(); } },
    );
  } finally {
    status.stop();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    process.off('uncaughtException', onStrayError);
    process.off('unhandledRejection', onStrayError);
  }
  const { results, dir } = outcome;
  if (typeof options.sweepCellFile === 'string') writeFileSync(options.sweepCellFile, JSON.stringify({ dir }));
  try {
    writeRunReport(dir); // report.html beside results.json; a report that fails to render changes no verdict
  } catch (error) {
    stderr(`harness: could not write report.html: ${error instanceof Error ? error.message : String(error)}`);
  }
  printSummary(outcome);
  const exitCode = results.aborted !== undefined ? (results.aborted.reason === 'interrupted' ? interruptedExitCode(stoppedBy) : ExitCode.internal) : exitCodeFor(results.valid);
  if (options.junit !== undefined) {
    try {
      writeJunit(options.junit, results, dir);
    } catch (error) {
      // Checked before the run, so rare (a disk that filled up): the verdict is printed and stored.
      stderr(`harness: could not write --junit ${options.junit}: ${error instanceof Error ? error.message : String(error)}`);
      return exitCode === ExitCode.valid ? ExitCode.internal : exitCode;
    }
  }
  return exitCode;
}

function resolveSpec(options: TestCommandOptions, parts: InlineParts): TestSpec {
  const target = parts.targets[options.target] ?? targetDefinition(options.target);
  const workloadName = options.workload ?? target.workloads[0];
  if (workloadName === undefined) throw new UsageError(`target '${target.name}' names no workload; pass --workload`);
  const workload = parts.workloads[workloadName] ?? workloadByName(workloadName);
  const allTargetOptionNames = new Set(Object.values(targets).flatMap((t) => Object.keys(t.options)));
  const spec = specFromOptions(options, { target, workload, runtime: resolveRuntime(options.runtime, target), allTargetOptionNames });
  // Before anything starts: a fault the runtime cannot deliver to this target, or a runtime
  // setting that is missing, is a usage error.
  const runtime = runtimeDefinition(spec.runtime);
  refuseUncarriedFaults(runtime, target.transport, faultPackagesNamed(spec.nemesis), Object.values(runtimes), target.name);
  for (const fault of faultPackagesNamed(spec.nemesis)) {
    const lacking = fault.requires.find((ability) => target.lacks?.includes(ability));
    if (lacking !== undefined) throw new UsageError(`nemesis '${fault.name}' needs the target's ${lacking}, and target '${target.name}' has none`);
  }
  refuseFaultsNeedingOneAddress(runtime, target, faultPackagesNamed(spec.nemesis), Object.values(runtimes));
  const problem = runtime.optionsProblem?.(spec);
  if (problem !== undefined) throw new UsageError(problem);
  return spec;
}

/** 'auto' = the target's preferred runtime, else netns when it can run here, else local. */
function resolveRuntime(name: string, target: TargetDefinition): TestSpec['runtime'] {
  if (name === 'auto') return target.defaultRuntime ?? defaultRuntimeName();
  if (runtimes[name] === undefined) throw new UsageError(`--runtime must be auto or one of ${Object.keys(runtimes).join(', ')}, got '${name}'`);
  return name;
}

/** The combined nemesis of spec.nemesis; unknown names are usage errors, before anything starts. */
function nemesisFactory(spec: TestSpec): NemesisFactory {
  if (spec.nemesis.length === 0) return () => noNemesisPlan();
  faultPackagesNamed(spec.nemesis);
  return createNemesisPlan;
}

function printSummary({ results, dir }: RunOutcome): void {
  const out = (line: string) => process.stdout.write(`${line}\n`);
  const { counts } = results;
  out(`${results.spec.name}: ${counts.ok} ok, ${counts.fail} fail, ${counts.info} info in ${(results.elapsedMs / 1000).toFixed(1)} s`);
  const partial = results.partial === true ? ' (partial history)' : '';
  for (const result of results.results) out(`  ${result.checker}: ${verdictWord(result.valid)}${partial} - ${result.summary}`);
  if (results.aborted !== undefined) out(`  run ${results.aborted.reason}: ${results.aborted.message}`);
  if (results.partial === true) out(`verdict: ${verdictWord(results.valid)} (partial: interrupted; ${results.valid === false ? 'a violation in what was recorded is one of the run' : 'no violation in what was recorded, which proves nothing of the rest'})`);
  else out(`verdict: ${results.aborted !== undefined ? 'aborted' : verdictWord(results.valid)}`);
  const shown = path.relative(process.cwd(), dir) || dir;
  out(`store: ${shown} (report.html: open it in a browser)`);
  out(`replay: ${replayRunCommand(shown)} (the operations each client sent and the faults as they hit, on the same schedule)`);
}
