import type { TargetDefinition } from '../../harness/interfaces.js';
import { RedisRegisterClient } from './redis-register-client.js';
import { defaultRedisTargetOptions, RedisTarget } from './redis-target.js';

/** `--target redis`: Debian's redis-server, a primary (first node) and asynchronous replicas. */
export const redisTargetDefinition: TargetDefinition = {
  name: 'redis',
  description: 'redis-server primary (first node) with replicas, no failover; clients on replicas read from them, so stale reads are expected to be flagged',
  defaultNodes: ['n1', 'n2', 'n3'],
  workloads: ['register'],
  ops: ['read', 'write', 'cas'],
  options: {},
  transport: 'tcp',
  createTarget: () => new RedisTarget(defaultRedisTargetOptions),
  createClient: (spec) => new RedisRegisterClient(spec.opTimeoutMs),
};
