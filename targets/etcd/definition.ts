import type { TargetDefinition } from '../target-definition.js';
import { refuseUnproxiedNetworkFaults } from '../tcp-server-target.js';
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
    // Each link has its own proxy address, but every member must be given the same peer URLs
    // (--initial-cluster), so traffic between members cannot go through per-link proxies.
    refuseUnproxiedNetworkFaults(spec, 'etcd', 'its members must all name the same peer URLs (--initial-cluster), which per-link proxy addresses cannot give');
    return new EtcdTarget(defaultEtcdTargetOptions);
  },
  createClient: (spec) => new EtcdRegisterClient(spec.opTimeoutMs),
};
