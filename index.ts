/**
 * chaos-harness as a library: `import { defineTest, type Target, ... } from 'chaos-harness'`.
 * The contracts a test file or a target of your own is written against, in one place; this
 * file only re-exports.
 */
export { defineTest, type TestFile, type InlineTarget, type InlineWorkload, type InlineChecker } from './harness/test-file/define-test.js';
export type {
  Address, Checker, CheckContext, CheckerResult, Client, Completion, Logger, NetworkFaults, Nemesis, NodeProcess, Op,
  RunContext, Runtime, Target, TargetDefinition, TargetOption, Validity, Workload,
} from './harness/interfaces.js';
export type { TestSpec } from './harness/spec.js';
export type { HistoryEvent, EventType, ProcessId } from './harness/event.js';
export { StopRunError } from './harness/stop-run-error.js';
export { NodeProcesses, ProcessTarget } from './targets/node-processes.js';
export { waitUntil } from './targets/tcp-server-target.js';
export { registerWorkload } from './workloads/register.js';
export { kvWorkload } from './workloads/kv.js';
