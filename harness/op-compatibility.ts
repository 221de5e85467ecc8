/**
 * No run that cannot work: the operations a workload sends (Workload.ops) must be served by the
 * target's clients (TargetDefinition.ops) and judged by every checker that names what it judges
 * (Checker.ops). Checked before anything starts, so `--target etcd --workload kv` is a usage
 * error naming both sides instead of a run whose every operation comes back info.
 */
import type { Checker, TargetDefinition, Workload } from './interfaces.js';
import { UsageError } from './exit-codes.js';

/** Throws a UsageError naming both sides when the target, workload and checkers do not fit. */
export function checkOpCompatibility(
  target: Pick<TargetDefinition, 'name' | 'ops' | 'workloads'>,
  workload: Pick<Workload, 'name' | 'ops' | 'optionalOps'>,
  checkerNames: readonly string[],
  checkers: Readonly<Record<string, Checker>>,
): void {
  const served = new Set(target.ops);
  const optional = new Set(workload.optionalOps ?? []);
  const unserved = workload.ops.filter((f) => !served.has(f));
  if (unserved.some((f) => !optional.has(f))) {
    throw new UsageError(
      `workload '${workload.name}' sends ${list(workload.ops)}, but target '${target.name}' serves ${list(target.ops)} (not ${list(unserved)}); ` +
        `its workloads: ${target.workloads.join(', ') || 'none'}`,
    );
  }
  for (const name of checkerNames) {
    const judged = checkers[name]?.ops;
    if (judged === undefined) continue; // judges every operation, or unknown (reported elsewhere)
    const unjudged = workload.ops.filter((f) => !judged.includes(f));
    if (unjudged.length > 0) {
      const fitting = Object.entries(checkers)
        .filter(([, checker]) => checker.ops === undefined || workload.ops.every((f) => checker.ops!.includes(f)))
        .map(([checkerName]) => checkerName)
        .sort();
      throw new UsageError(
        `checker '${name}' judges ${list(judged)}, but workload '${workload.name}' sends ${list(workload.ops)} (not judged: ${list(unjudged)}); ` +
          `checkers for '${workload.name}': ${fitting.join(', ') || 'none'}`,
      );
    }
  }
}

function list(names: readonly string[]): string {
  return names.join('/');
}
