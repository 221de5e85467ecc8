/**
 * The docker runtime's two figures: how long the node image takes to build (a fresh build
 * under a throwaway tag, removed afterwards), and how long a 3-node cluster (primary-backup)
 * takes to come up with the image already built: from the runtime's setup (network) to every
 * node answering. Goal: < 3 s. Best of `trials`, since other load only ever slows a trial.
 * Skipped, with the reason, where no Docker engine answers (root + `harness setup --docker`).
 * The best trial's time is split (setup with the run's bridge; each node's container create,
 * start, inspect (its pid), eth0 on the bridge, rules, and readiness: from its command let through to its first
 * answer), to see where time goes.
 *   node dist/bench/docker-cluster-up.js [--cluster-only]    (--cluster-only: no timed image build)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Logger, RunContext } from '../harness/interfaces.js';
import { DockerRuntime, type SpawnPhasesMs } from '../harness/runtime/docker-runtime.js';
import { connectEngine, dockerUnavailableReason } from '../harness/runtime/docker/engine.js';
import { buildNodeImage, ensureNodeImage, nodeImageInputs, nodeImageTag } from '../harness/runtime/docker/node-image.js';
import type { TestSpec } from '../harness/spec.js';
import { primaryBackupTargetDefinition } from '../targets/primary-backup/definition.js';

export const clusterUpGoalMs = 3_000;
const quiet: Logger = { info() {}, warn() {}, error() {} };

/** One trial: the whole time and its split, ms. */
interface ClusterUp {
  totalMs: number;
  /** The runtime's setup, network create included. */
  setupMs: number;
  networkCreateMs: number;
  nodes: Array<{ node: string; phases: SpawnPhasesMs; readyMs: number }>;
}

export async function benchDockerClusterUp(options: { trials?: number; build?: boolean; print?: (line: string) => void } = {}): Promise<{ buildMs?: number; clusterUpMs?: number; skipped?: string }> {
  const print = options.print ?? ((line: string) => process.stdout.write(`${line}\n`));
  const docker = connectEngine();
  const unavailable = await dockerUnavailableReason(docker);
  if (unavailable !== undefined) {
    print(`skipped: ${unavailable}`);
    return { skipped: unavailable };
  }
  const inputs = nodeImageInputs();
  let buildMs: number | undefined;
  if (options.build !== false) {
    const throwaway = `${nodeImageTag(inputs)}-bench`;
    const buildStartMs = performance.now();
    await buildNodeImage(docker, throwaway, inputs);
    buildMs = Math.round(performance.now() - buildStartMs);
    await docker.getImage(throwaway).remove({ force: true });
    print(`node image build (docker import of node + etcd + redis-server + their libraries + busybox): ${(buildMs / 1000).toFixed(1)} s`);
  }
  await ensureNodeImage(docker, inputs);

  const trials: ClusterUp[] = [];
  for (let trial = 0; trial < (options.trials ?? 3); trial += 1) trials.push(await clusterUpOnce());
  const best = trials.reduce((a, b) => (b.totalMs < a.totalMs ? b : a));
  print(`3-node primary-backup cluster up on docker, image built: best ${(best.totalMs / 1000).toFixed(2)} s of ${trials.map((t) => (t.totalMs / 1000).toFixed(2)).join(', ')} s (goal < ${clusterUpGoalMs / 1000} s): ${best.totalMs < clusterUpGoalMs ? 'MEETS' : 'MISSES'} the goal`);
  print(`  split of the best: setup ${best.setupMs} ms (bridge ${best.networkCreateMs}); ${best.nodes.map(({ node, phases, readyMs }) => `${node}: create ${phases.create}, start ${phases.start}, inspect ${phases.inspect}, network ${phases.network}, rules ${phases.rules}, ready ${readyMs} ms (bridge plug-in ${phases.plugIn} of it)`).join('; ')}`);
  return { buildMs, clusterUpMs: best.totalMs };
}

async function clusterUpOnce(): Promise<ClusterUp> {
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-docker-'));
  const spec: TestSpec = {
    name: 'bench-docker', nodes: ['n1', 'n2', 'n3'], target: 'primary-backup', targetOptions: { mode: 'correct' }, workload: 'register', nemesis: [], runtime: 'docker',
    concurrency: 1, timeLimitMs: 1, rateHz: 0, nemesisIntervalMs: 1000, opTimeoutMs: 1000, seed: 1, checkers: [], command: '',
  };
  const runtime = new DockerRuntime({ runDir: dir });
  const run: RunContext = { spec, runtime, log: quiet, dir, signal: new AbortController().signal, startNs: process.hrtime.bigint() };
  const target = primaryBackupTargetDefinition.createTarget(spec);
  const startMs = performance.now();
  try {
    await runtime.setup(spec, quiet);
    const setupEndMs = performance.now();
    const upAtMs = await Promise.all(spec.nodes.map((node) => target.setup(run, node).then(() => performance.now())));
    const totalMs = Math.round(performance.now() - startMs);
    const nodes = spec.nodes.map((node, i) => {
      const phases = runtime.spawnPhasesMs.get(node)!;
      // Readiness: from its command let through (phases.total) to its first answer; each spawn begins as setup ends.
      return { node, phases, readyMs: Math.round(upAtMs[i]! - setupEndMs - phases.total) };
    });
    return { totalMs, setupMs: Math.round(setupEndMs - startMs), networkCreateMs: runtime.networkCreateMs ?? 0, nodes };
  } finally {
    await Promise.all(spec.nodes.map((node) => target.teardown(run, node).catch(() => undefined)));
    await runtime.teardown();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await benchDockerClusterUp({ build: !process.argv.includes('--cluster-only') });
}
