import { UsageError } from '../../harness/exit-codes.js';
import type { TestSpec } from '../../harness/spec.js';
import type { TargetDefinition } from '../target-definition.js';
import { RedisRegisterClient } from './redis-register-client.js';
import { defaultRedisTargetOptions, RedisTarget } from './redis-target.js';

/** `--target redis`: Debian's redis-server, a primary (first node) and asynchronous replicas. */
export const redisTargetDefinition: TargetDefinition = {
  name: 'redis',
  description: 'redis-server primary (first node) with replicas, no failover; clients on replicas read from them, so stale reads are expected to be flagged',
  defaultNodes: ['n1', 'n2', 'n3'],
  workloads: ['register'],
  options: {},
  runtimes: ['netns', 'local'],
  createTarget: (spec) => {
    refuseUnreachableNetworkFaults(spec);
    return new RedisTarget(defaultRedisTargetOptions);
  },
  createClient: (spec) => new RedisRegisterClient(spec.opTimeoutMs),
};

/**
 * On 'local' the link proxies carry UDP only and redis speaks TCP to its peers and clients, so
 * partition and drop would never reach it: refuse them rather than report a meaningless valid.
 */
function refuseUnreachableNetworkFaults(spec: TestSpec): void {
  const network = spec.nemesis.filter((n) => n === 'partition' || n === 'drop');
  if (spec.runtime === 'local' && network.length > 0) {
    throw new UsageError(`redis speaks TCP, which the local runtime's UDP proxies do not carry: --nemesis ${network.join(',')} needs --runtime netns (root); crash and pause work on local`);
  }
}
