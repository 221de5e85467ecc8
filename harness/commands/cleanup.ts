/**
 * `harness cleanup [--store DIR] [--all]`: remove every namespace, link, iptables rule and
 * process a netns run left behind (a run killed with SIGKILL cannot tear itself down).
 * Runs are found by the netns.json each one writes to its store folder before creating anything.
 */
import type { Command } from 'commander';
import { ExitCode, UsageError } from '../exit-codes.js';
import { setExitCode } from '../cli.js';
import { cleanupAllByName, cleanupStore, type CleanupReport } from '../runtime/netns/cleanup.js';

export function register(program: Command): void {
  program
    .command('cleanup')
    .description('remove namespaces, links, iptables rules and processes left by netns runs that died')
    .option('--store <dir>', 'store folder whose runs to clean up', './store')
    .option('--force', 'also remove runs whose harness process is still alive (runs in progress)')
    .option('--all', 'also remove every harness-named namespace (hx????-*) and link, recorded or not, including runs in progress')
    .action(async (options: { store: string; all?: boolean; force?: boolean }) => {
      if (typeof process.getuid === 'function' && process.getuid() !== 0) throw new UsageError('harness cleanup needs root (it deletes network namespaces)');
      let problems = 0;
      const print = (what: string, report: CleanupReport): void => {
        const parts = [
          report.killedPids.length > 0 ? `killed pids ${report.killedPids.join(' ')}` : '',
          report.removedNamespaces.length > 0 ? `removed namespaces ${report.removedNamespaces.join(' ')}` : '',
          report.removedLinks.length > 0 ? `removed links ${report.removedLinks.join(' ')}` : '',
        ].filter(Boolean);
        process.stdout.write(`${what}: ${parts.length > 0 ? parts.join('; ') : 'nothing left'}\n`);
        for (const problem of report.problems) process.stderr.write(`${what}: ${problem}\n`);
        problems += report.problems.length;
      };
      const runs = await cleanupStore(options.store, { force: options.force === true });
      for (const { file, report, skipped } of runs) {
        if (skipped === undefined) print(file, report);
        else process.stdout.write(`${file}: skipped, ${skipped}\n`);
      }
      if (runs.length === 0) process.stdout.write(`no active netns runs recorded under ${options.store}\n`);
      if (options.all === true) print('harness-named leftovers', await cleanupAllByName());
      setExitCode(problems > 0 ? ExitCode.internal : ExitCode.valid);
    });
}
