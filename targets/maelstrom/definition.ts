/**
 * `--target maelstrom --bin 'CMD ARGS'`: nodes written for Maelstrom (jepsen-io/maelstrom), run
 * unmodified as real processes under the runtime's faults, with Maelstrom's workloads.
 */
import { UsageError } from '../../harness/exit-codes.js';
import type { TestSpec } from '../../harness/spec.js';
import { maelstromOps, maelstromWorkloads } from '../../workloads/maelstrom/registry.js';
import type { TargetDefinition } from '../../harness/interfaces.js';
import { MaelstromClient } from './client.js';
import { MaelstromTarget } from './maelstrom-target.js';
import { topologyNames } from '../../workloads/maelstrom/topology.js';
import { latencyDistributions, parseLatencyDistribution, parseLatencyMs } from './latency.js';

const defaults = { initPatienceMs: 60_000, initRetryMs: 500, stdinLimitBytes: 64 << 20 };

function workloadOf(spec: TestSpec) {
  const workload = maelstromWorkloads[spec.workload];
  if (workload === undefined) throw new UsageError(`maelstrom target: --workload must be one of ${Object.keys(maelstromWorkloads).join(', ')}, got '${spec.workload}'`);
  return workload;
}

export const maelstromTargetDefinition: TargetDefinition = {
  name: 'maelstrom',
  description: 'any Maelstrom node (--bin), one real process per node, its messages over the runtime network; Maelstrom workloads and services',
  defaultNodes: ['n1', 'n2', 'n3', 'n4', 'n5'],
  workloads: Object.keys(maelstromWorkloads),
  // Maelstrom's defaults: no faults unless --nemesis asks (its nemesis set starts empty), faults
  // every 10 s on average when asked, and Jepsen's one client per node.
  testDefaults: { nemesis: 'none', nemesisIntervalS: '10', concurrency: '1n' },
  options: {
    bin: { description: "the node's command line, run with /bin/sh -c (Maelstrom's --bin)", default: '' },
    // No `values`: the test's name stays maelstrom-<workload>; broadcast checks the name.
    topology: { description: `broadcast neighbours sent in the topology message: ${topologyNames.join(', ')}`, default: 'grid' },
    recovery: { description: 'wait after the heal before the final reads, seconds', default: 10 },
    initTimeout: { description: 'how long a node may take to start and answer init at setup, seconds (a JVM on a loaded machine needs a while)', default: 30 },
    // Maelstrom's own network and logging options (latency.ts, log-tail.ts).
    latency: { description: "Maelstrom's: every message waits this long on its way (its network's normal latency: a client's request and the reply each wait), ms", default: 0, parse: parseLatencyMs },
    latencyDist: { description: `Maelstrom's: how --latency varies per message: ${latencyDistributions.join(', ')} (uniform: in [0, 2 x latency); exponential: mean latency)`, default: 'constant', parse: parseLatencyDistribution },
    logStderr: { description: "Maelstrom's: print the nodes' stderr as it comes, each line after its node's name (always kept in nodes/<node>/node.log)", default: false },
    logNetSend: { description: "Maelstrom's: print every message a node sends (always kept in nodes/<node>/messages.jsonl)", default: false },
    logNetRecv: { description: "Maelstrom's: print every message a node receives (always kept in nodes/<node>/messages.jsonl)", default: false },
  },
  // Every Maelstrom workload's operations: each is refused or accepted by its own list.
  ops: maelstromOps,
  transport: 'udp',
  createTarget(spec: TestSpec) {
    const bin = spec.targetOptions.bin;
    if (typeof bin !== 'string' || bin.trim() === '') throw new UsageError("maelstrom target: --bin 'CMD ARGS' is required (the node's command line, run with /bin/sh -c)");
    const initTimeoutS = spec.targetOptions.initTimeout ?? 30;
    if (typeof initTimeoutS !== 'number' || !(initTimeoutS > 0)) throw new UsageError(`maelstrom target: --init-timeout must be a number of seconds > 0, got ${JSON.stringify(initTimeoutS)}`);
    const { latency = 0, latencyDist = 'constant', logStderr = false, logNetSend = false, logNetRecv = false } = spec.targetOptions;
    return new MaelstromTarget({
      bin,
      workload: workloadOf(spec),
      initTimeoutMs: initTimeoutS * 1000,
      latencyMs: Number(latency),
      latencyDist: parseLatencyDistribution(String(latencyDist), '--latency-dist'),
      echo: { stderr: logStderr === true, netSend: logNetSend === true, netRecv: logNetRecv === true },
      ...defaults,
    });
  },
  createClient(spec: TestSpec, target, processId: number) {
    if (!(target instanceof MaelstromTarget)) throw new Error('maelstrom client needs the maelstrom target');
    return new MaelstromClient(spec, workloadOf(spec), () => target.endpoint(), processId);
  },
};
