import type { Command } from 'commander';

/** `harness check FILE...`: placeholder until the linearizability checker lands. */
export function register(program: Command): void {
  program.command('check').description('check history files for linearizability').argument('<file...>');
}
