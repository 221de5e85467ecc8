/**
 * `harness list`: what this harness has, printed from the registries (the one source of names
 * and descriptions): targets with their options, workloads and the faults each can take on
 * each runtime; workloads, nemeses, checkers, runtimes and models.
 */
import type { Command } from 'commander';
import { checkers } from '../../checkers/registry.js';
import { modelNames } from '../../checkers/models/registry.js';
import { faultPackages, faultAliases } from '../../nemesis/registry.js';
import { targets } from '../../targets/registry.js';
import type { TargetDefinition } from '../interfaces.js';
import { workloads } from '../../workloads/registry.js';
import { setExitCode } from '../cli.js';
import { ExitCode } from '../exit-codes.js';
import { networkAbilities, canCarry } from '../runtime/runtime-abilities.js';
import { describeRuntimes, runtimes } from '../runtime/registry.js';
import { kebab } from '../spec-from-cli.js';

export function register(program: Command): void {
  program
    .command('list')
    .description('targets (their options, workloads, faults per runtime), workloads, nemeses, checkers, runtimes and models')
    .action(() => {
      process.stdout.write(`${listText()}\n`);
      setExitCode(ExitCode.valid);
    });
}

export function listText(): string {
  const lines: string[] = ['targets:'];
  for (const target of Object.values(targets)) {
    lines.push(`  ${target.name}: ${target.description}`);
    lines.push(`    workloads: ${target.workloads.join(', ')}; operations: ${target.ops.join(', ') || 'none'}; transport: ${target.transport}`);
    for (const [name, option] of Object.entries(target.options)) {
      lines.push(`    --${kebab(name)}: ${option.description}${option.values === undefined ? '' : ` (${option.values.join(' | ')})`}, default ${JSON.stringify(option.default)}`);
    }
    lines.push(`    faults: ${faultsOf(target)}`);
  }
  lines.push('workloads:');
  for (const workload of Object.values(workloads)) {
    lines.push(`  ${workload.name}: ${workload.description} (operations ${workload.ops.join(', ')}${workload.optionalOps?.length ? `, ${workload.optionalOps.join(', ')} optional` : ''}; checkers ${workload.checkers.join(', ')})`);
  }
  lines.push('nemeses (--nemesis):');
  for (const fault of Object.values(faultPackages)) {
    const aliases = Object.entries(faultAliases).filter(([, name]) => name === fault.name).map(([alias]) => alias);
    lines.push(`  ${fault.name}${aliases.length === 0 ? '' : ` (also ${aliases.join(', ')})`}: ${fault.description} (needs ${fault.needs.join(', ')})`);
  }
  lines.push('checkers (--checkers):');
  for (const [name, checker] of Object.entries(checkers)) lines.push(`  ${name}${checker.ops === undefined ? '' : ` (judges ${checker.ops.join(', ')})`}`);
  lines.push('runtimes (--runtime):');
  for (const line of describeRuntimes()) lines.push(`  ${line}`);
  lines.push(`models (harness check --model): ${modelNames.join(', ')}`);
  return lines.join('\n');
}

/** Each fault package with the runtimes that can bring it to this target (process faults: where the target implements them). */
function faultsOf(target: TargetDefinition): string {
  return Object.values(faultPackages)
    .filter((fault) => !fault.requires.some((ability) => target.lacks?.includes(ability)))
    .map((fault) => {
      const on = Object.values(runtimes).filter((runtime) => {
        if (!fault.needs.every((ability) => canCarry(runtime.carries, ability, target.transport))) return false;
        const network = fault.needs.some((ability) => (networkAbilities as readonly string[]).includes(ability));
        return !(network && runtime.addressesPerLink && target.needsOneAddressPerNode !== undefined);
      });
      return `${fault.name} (${on.map((runtime) => runtime.name).join(', ') || 'no runtime'})`;
    })
    .join(', ');
}
