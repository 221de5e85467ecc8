/**
 * The docker runtime's two figures: how long the node image takes to build (a fresh build
 * under a throwaway tag, removed afterwards), and how long a 3-node cluster (primary-backup)
 * takes to come up with the image already built: from the runtime's setup (network) to every
 * node answering. Goal: < 3 s. Best of `trials`, since other load only ever slows a trial.
 * Skipped, with the reason, where no Docker engine answers (root + `harness setup --docker`).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Logger, RunContext } from '../harness/interfaces.js';
import { DockerRuntime } from '../harness/runtime/docker-runtime.js';
import { connectEngine, dockerUnavailableReason } from '../harness/runtime/docker/engine.js';
import { buildNodeImage, ensureNodeImage, nodeImageInputs, nodeImageTag } from '../harness/runtime/docker/node-image.js';
import type { TestSpec } from '../harness/spec.js';
import { primaryBackupTargetDefinition } from '../targets/primary-backup/definition.js';

export const clusterUpGoalMs = 3_000;
const quiet: Logger = { info() {}, warn() {}, error() {} };

export async function benchDockerClusterUp(options: { trials?: number; print?: (line: string) => void } = {}): Promise<{ buildMs?: number; clusterUpMs?: number; skipped?: string }> {
  const print = options.print ?? ((line: string) => process.stdout.write(`${line}\n`));
  const docker = connectEngine();
  const unavailable = await dockerUnavailableReason(docker);
  if (unavailable !== undefined) {
    print(`skipped: ${unavailable}`);
    return { skipped: unavailable };
  }
  const inputs = nodeImageInputs();
  const throwaway = `${nodeImageTag(inputs)}-bench`;
  const buildStartMs = performance.now();
  await buildNodeImage(docker, throwaway, inputs);
  const buildMs = Math.round(performance.now() - buildStartMs);
  await docker.getImage(throwaway).remove({ force: true });
  print(`node image build (docker import of node + etcd + redis-server + their libraries + busybox): ${(buildMs / 1000).toFixed(1)} s`);
  await ensureNodeImage(docker, inputs);

  const times: number[] = [];
  for (let trial = 0; trial < (options.trials ?? 3); trial += 1) times.push(await clusterUpOnce());
  const best = Math.min(...times);
  print(`3-node primary-backup cluster up on docker, image built: best ${(best / 1000).toFixed(2)} s of ${times.map((t) => (t / 1000).toFixed(2)).join(', ')} s (goal < ${clusterUpGoalMs / 1000} s): ${best < clusterUpGoalMs ? 'MEETS' : 'MISSES'} the goal`);
  return { buildMs, clusterUpMs: best };
}

async function clusterUpOnce(): Promise<number> {
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
    await Promise.all(spec.nodes.map((node) => target.setup(run, node)));
    return Math.round(performance.now() - startMs);
  } finally {
    await Promise.all(spec.nodes.map((node) => target.teardown(run, node).catch(() => undefined)));
    await runtime.teardown();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await benchDockerClusterUp();
}
