/**
 * The Python store (kv.py) under partitions, crashes and pauses, checked for linearizability:
 *   npx harness test examples/python-kv/test.ts
 *   PYTHON_KV_MODE=stale-reads npx harness test examples/python-kv/test.ts    # exit 1: stale reads
 * Flags override these fields, e.g. --seed 7 --runtime local --time-limit 20.
 */
import { fileURLToPath } from 'node:url';
import { defineTest } from 'chaos-harness';

const server = fileURLToPath(new URL('./kv.py', import.meta.url));
const mode = process.env.PYTHON_KV_MODE ?? 'correct';

export default defineTest({
  name: `python-kv-${mode}`,
  target: 'command',
  targetOptions: {
    // The path is quoted here; the placeholders are quoted by the harness.
    nodeCommand: `python3 '${server.replace(/'/g, `'\\''`)}' --id {node} --listen {host}:{port} --peers {peers} --data {dataDir} --mode ${mode}`,
    ops: ['read', 'write', 'cas'],
  },
  nodes: ['n1', 'n2', 'n3'],
  workload: 'register',
  nemesis: ['partition', 'crash', 'pause'],
  timeLimitMs: 10_000,
  nemesisIntervalMs: 2_000,
});
