/**
 * Node-to-node messages per second through the Maelstrom relays (issue 14): 5 nodes on the
 * local runtime, each flooding broadcast-style gossip to the 4 others as fast as its stdout
 * takes it (bench/fixtures/flood-node.mjs), every message relay -> link proxy -> relay -> the
 * peer's stdin. Prints delivered messages/s next to Maelstrom's ~60,000 msgs/s on its simulated
 * in-JVM network, and a CPU profile: seconds of CPU per component (relays, nodes, the harness
 * with its proxies) from /proc, which says what bounds the figure on this machine.
 *
 *   node dist/bench/maelstrom-relay-throughput.js [seconds=5]
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger, RunContext } from '../harness/interfaces.js';
import { LocalRuntime } from '../harness/runtime/local-runtime.js';
import type { TestSpec } from '../harness/spec.js';
import { MaelstromTarget } from '../targets/maelstrom/maelstrom-target.js';
import { echoWorkload } from '../workloads/maelstrom/echo.js';

/** Maelstrom's own figure for its simulated network (doc: about 60,000 messages/s). */
export const maelstromSimulatedMsgsPerS = 60_000;
const floodNode = fileURLToPath(new URL('../../bench/fixtures/flood-node.mjs', import.meta.url));
const clockTicksPerS = 100; // USER_HZ on Linux

/** utime + stime of one process, and its process group, from /proc/<pid>/stat. */
function stat(pid: number): { cpuS: number; group: number } {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return { cpuS: (Number(fields[11]) + Number(fields[12])) / clockTicksPerS, group: Number(fields[2]) };
  } catch {
    return { cpuS: 0, group: -1 };
  }
}

const cpuSeconds = (pid: number): number => stat(pid).cpuS;

/** CPU of every process in the group (the node's shell and whatever it started). */
function groupCpuSeconds(group: number): number {
  let total = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const { cpuS, group: g } = stat(Number(entry));
    if (g === group) total += cpuS;
  }
  return total;
}

export async function benchMaelstromRelays(options: { seconds?: number; nodes?: number } = {}): Promise<{ msgsPerS: number }> {
  const seconds = options.seconds ?? 5;
  const nodes = Array.from({ length: options.nodes ?? 5 }, (_, i) => `n${i + 1}`);
  const dir = mkdtempSync(join(tmpdir(), 'maelstrom-bench-'));
  const quiet: Logger = { info: () => {}, warn: () => {}, error: () => {} };
  const spec = { name: 'bench', nodes, seed: 1, runtime: 'local', targetOptions: {} } as unknown as TestSpec;
  const runtime = new LocalRuntime();
  const abort = new AbortController();
  const run: RunContext = { spec, runtime, log: quiet, dir, signal: abort.signal, startNs: process.hrtime.bigint() };
  const target = new MaelstromTarget({ bin: `${JSON.stringify(process.execPath)} ${JSON.stringify(floodNode)}`, workload: echoWorkload, initTimeoutMs: 30_000, initPatienceMs: 60_000, initRetryMs: 1000, stdinLimitBytes: 64 << 20, latencyMs: 0, latencyDist: 'constant', echo: { stderr: false, netSend: false, netRecv: false } });
  try {
    await runtime.setup(spec, quiet);
    await Promise.all(nodes.map((node) => target.setup(run, node)));
    const endpoint = target.endpoint();
    const relayPids = runtime.livePids();
    const nodePids = nodes.map((node) => Number(readFileSync(join(dir, 'nodes', node, 'node.pid'), 'utf8')));
    const before = { relays: relayPids.map(cpuSeconds), nodes: nodePids.map(groupCpuSeconds), harness: process.cpuUsage() };
    const startMs = performance.now();
    const floods = await Promise.all(nodes.map((node) => endpoint.rpc('c1', node, { type: 'flood', duration_ms: seconds * 1000 }, seconds * 1000 + 30_000)));
    const floodMs = performance.now() - startMs;
    await new Promise((resolve) => setTimeout(resolve, 500)); // what is still in flight lands
    const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
    const after = { relays: relayPids.map(cpuSeconds), nodes: nodePids.map(groupCpuSeconds), harness: process.cpuUsage(before.harness) };
    const counts = await Promise.all(nodes.map((node) => endpoint.rpc('c1', node, { type: 'count' }, 10_000)));
    const sent = sum(floods.map((f) => (f.kind === 'reply' ? Number(f.body.sent) : 0)));
    const received = sum(counts.map((c) => (c.kind === 'reply' ? Number(c.body.received) : 0)));
    const msgsPerS = received / (floodMs / 1000);
    const cpu = {
      relays: sum(after.relays) - sum(before.relays),
      nodes: sum(after.nodes) - sum(before.nodes),
      harness: (after.harness.user + after.harness.system) / 1e6,
    };
    const total = cpu.relays + cpu.nodes + cpu.harness;
    const cores = cpus().length;
    const row = (label: string, value: string) => console.log(`  ${label.padEnd(44)} ${value}`);
    row(`${nodes.length} nodes flooding for ${(floodMs / 1000).toFixed(1)} s`, `sent ${sent}, delivered ${received} (${(100 * (1 - received / Math.max(1, sent))).toFixed(1)}% lost in socket buffers)`);
    row('node-to-node messages/s through the relays', `${Math.round(msgsPerS).toLocaleString('en-US')} msgs/s (goal >= 20,000; Maelstrom's simulated network ~${maelstromSimulatedMsgsPerS.toLocaleString('en-US')})`);
    row('CPU seconds: relays / nodes / harness+proxies', `${cpu.relays.toFixed(2)} / ${cpu.nodes.toFixed(2)} / ${cpu.harness.toFixed(2)} (${((100 * cpu.relays) / total).toFixed(0)}% / ${((100 * cpu.nodes) / total).toFixed(0)}% / ${((100 * cpu.harness) / total).toFixed(0)}%)`);
    const perMessageUs = (1e6 * total) / Math.max(1, received);
    row('CPU this run got of what the machine has', `${((100 * total) / (cores * (floodMs / 1000))).toFixed(0)}% of ${cores} cores (the rest went to other processes)`);
    row('CPU per delivered message (all processes)', `${perMessageUs.toFixed(1)} us: ${Math.round((cores * 1e6) / perMessageUs).toLocaleString('en-US')} msgs/s if the run had all ${cores} cores`);
    return { msgsPerS };
  } finally {
    await Promise.all(nodes.map((node) => target.teardown(run, node).catch(() => undefined)));
    await runtime.teardown();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  await benchMaelstromRelays({ seconds: Number(process.argv[2] ?? 5) });
}
