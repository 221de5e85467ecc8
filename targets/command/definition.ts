/**
 * `--target command`: any server, one process per node, started from --node-command and
 * spoken to with the http-kv protocol (docs/http-kv.md). The options are parsed here once;
 * the target and client only read typed values.
 */
import { UsageError } from '../../harness/exit-codes.js';
import { userImageOption } from '../../harness/runtime/docker/user-image.js';
import type { TestSpec } from '../../harness/spec.js';
import { workloads } from '../../workloads/registry.js';
import { HttpKvClient } from '../http-kv/http-kv-client.js';
import { httpKvOps } from '../http-kv/http-kv-ops.js';
import type { TargetDefinition } from '../../harness/interfaces.js';
import { addressFrom, CommandTarget, type CommandTargetOptions } from './command-target.js';
import { checkNodeCommand } from './node-command.js';
import { readinessKinds, type Readiness } from './readiness.js';

export const protocols = ['http-kv'] as const;


export const commandTargetDefinition: TargetDefinition = {
  name: 'command',
  description: 'your own server, one process per node, started from --node-command and spoken to over http-kv (docs/http-kv.md)',
  defaultNodes: ['n1', 'n2', 'n3'],
  workloads: ['register', 'kv'],
  ops: httpKvOps,
  options: {
    nodeCommand: {
      description: 'shell command that starts one node, run with /bin/sh -c; placeholders {node} {host} {port} {peers} {dataDir}, replaced by shell-quoted values',
      default: '',
    },
    [userImageOption]: {
      description: "docker runtime only: run each node's command in a container of this image, used as it is (it must exist locally: never pulled, built or removed by the harness); '' = the harness's own node image",
      default: '',
    },
    protocol: { description: 'how clients talk to the nodes', values: [...protocols], default: 'http-kv' },
    ready: { description: "when a (re)started node is ready: 'http' = GET /health answers 200, 'tcp' = its port accepts", values: [...readinessKinds], default: 'http' },
    readyTimeoutMs: { description: 'how long a node may take to get ready after each start, milliseconds', default: 10_000 },
    ops: {
      description: "operations the server serves, comma-separated, e.g. 'read,write' (default: all of the workload's)",
      default: [],
      parse: (text) => text.split(',').map((s) => s.trim()).filter((s) => s !== ''),
    },
  },
  transport: 'tcp',
  servedOps: (spec) => {
    const ops = spec.targetOptions.ops;
    return Array.isArray(ops) && ops.length > 0 ? (ops as string[]) : httpKvOps;
  },
  createTarget: (spec) => new CommandTarget(commandOptions(spec)),
  createClient: (spec) => new HttpKvClient(spec.opTimeoutMs, (run, node) => addressFrom(run, 'client', node)),
};

/** The typed options of a spec; UsageError for what cannot run. */
export function commandOptions(spec: TestSpec): CommandTargetOptions {
  const { nodeCommand, ready, readyTimeoutMs, ops, protocol } = spec.targetOptions as { nodeCommand: unknown; ready: unknown; readyTimeoutMs: unknown; ops: unknown; protocol: unknown };
  if (typeof nodeCommand !== 'string') throw new UsageError(`--node-command must be a string, got ${JSON.stringify(nodeCommand)}`);
  checkNodeCommand(nodeCommand);
  checkImage(spec);
  if (!(protocols as readonly unknown[]).includes(protocol)) throw new UsageError(`--protocol must be one of ${protocols.join(', ')}, got ${JSON.stringify(protocol)}`);
  if (!(readinessKinds as readonly unknown[]).includes(ready)) throw new UsageError(`--ready must be one of ${readinessKinds.join(', ')}, got ${JSON.stringify(ready)}`);
  if (typeof readyTimeoutMs !== 'number' || !(readyTimeoutMs > 0)) throw new UsageError(`--ready-timeout-ms must be a number > 0, got ${JSON.stringify(readyTimeoutMs)}`);
  checkOps(spec.workload, ops);
  return { nodeCommand, ready: ready as Readiness, readyTimeoutMs };
}

/** --image runs the node commands in containers of that image: only the docker runtime has containers. */
function checkImage(spec: TestSpec): void {
  const image = spec.targetOptions[userImageOption] ?? '';
  if (typeof image !== 'string' || /\s/.test(image)) throw new UsageError(`--image must be an image name (repository[:tag] or an id), got ${JSON.stringify(image)}`);
  if (image !== '' && spec.runtime !== 'docker') {
    throw new UsageError(`--image ${image} runs each node's command in a container of that image: it needs --runtime docker (this run's runtime is ${spec.runtime})`);
  }
}

/** --ops must name operations of the workload, and every one it cannot do without (its optionalOps aside). */
function checkOps(workloadName: string, ops: unknown): void {
  if (!Array.isArray(ops) || ops.some((op) => typeof op !== 'string')) throw new UsageError(`--ops must be a list of operation names, got ${JSON.stringify(ops)}`);
  const workload = workloads[workloadName];
  if (ops.length === 0 || workload === undefined) return; // an unknown workload is named elsewhere
  const unknown = ops.filter((op) => !workload.ops.includes(op));
  if (unknown.length > 0) throw new UsageError(`--ops: the ${workloadName} workload has no operation ${unknown.join(', ')} (its operations: ${workload.ops.join(', ')})`);
  const needed = workload.ops.filter((op) => !(workload.optionalOps ?? []).includes(op) && !ops.includes(op));
  if (needed.length > 0) throw new UsageError(`--ops must include ${needed.map((op) => `'${op}'`).join(', ')}: the ${workloadName} workload cannot do without ${needed.length === 1 ? 'it' : 'them'} (only ${(workload.optionalOps ?? []).join(', ') || 'none'} may be left out)`);
}
