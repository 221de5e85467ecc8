import { UsageError } from '../../harness/exit-codes.js';
import type { TestSpec } from '../../harness/spec.js';
import type { TargetDefinition } from '../target-definition.js';
import { EtcdRegisterClient } from './etcd-register-client.js';
import { defaultEtcdTargetOptions, EtcdTarget } from './etcd-target.js';

/** `--target etcd`: a real 3-member etcd 3.4 cluster (Debian's etcd-server) through its v3 JSON gateway. */
export const etcdTargetDefinition: TargetDefinition = {
  name: 'etcd',
  description: "3-member etcd cluster (Debian etcd-server 3.4, pre-vote on) driven through its v3 JSON gateway; faults reach it only on --runtime netns",
  defaultNodes: ['n1', 'n2', 'n3'],
  workloads: ['register'],
  options: {},
  runtimes: ['netns', 'local'],
  createTarget: (spec) => {
    refuseUnreachableNetworkFaults(spec);
    return new EtcdTarget(defaultEtcdTargetOptions);
  },
  createClient: (spec) => new EtcdRegisterClient(spec.opTimeoutMs),
};

/**
 * On 'local' the link proxies carry UDP only and etcd speaks TCP to its peers and clients, so
 * partition and drop would never reach it: refuse them rather than report a meaningless valid.
 */
function refuseUnreachableNetworkFaults(spec: TestSpec): void {
  const network = spec.nemesis.filter((n) => n === 'partition' || n === 'drop');
  if (spec.runtime === 'local' && network.length > 0) {
    throw new UsageError(`etcd speaks TCP, which the local runtime's UDP proxies do not carry: --nemesis ${network.join(',')} needs --runtime netns (root); crash and pause work on local`);
  }
}
