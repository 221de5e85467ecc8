import type { TargetDefinition } from '../../harness/interfaces.js';
import { EtcdRegisterClient } from './etcd-register-client.js';
import { defaultEtcdTargetOptions, EtcdTarget } from './etcd-target.js';

/** `--target etcd`: a real 3-member etcd 3.4 cluster (Debian's etcd-server) through its v3 JSON gateway. */
export const etcdTargetDefinition: TargetDefinition = {
  name: 'etcd',
  description: "3-member etcd cluster (Debian etcd-server 3.4, pre-vote on) driven through its v3 JSON gateway; network faults reach it where the runtime carries TCP",
  defaultNodes: ['n1', 'n2', 'n3'],
  workloads: ['register'],
  ops: ['read', 'write', 'cas'],
  options: {},
  transport: 'tcp',
  needsOneAddressPerNode: 'its members must all name the same peer URLs (--initial-cluster), which per-link proxy addresses cannot give',
  createTarget: () => new EtcdTarget(defaultEtcdTargetOptions),
  createClient: (spec) => new EtcdRegisterClient(spec.opTimeoutMs),
};
