/**
 * `harness cleanup [--store DIR] [--all] [--images]`: remove what runs that died left behind
 * (a run killed with SIGKILL cannot tear itself down): netns runs' namespaces, links, iptables
 * rules and processes, docker runs' containers and networks. Runs are found by the record
 * (netns.json, docker.json) each one writes to its store folder before creating anything.
 */
import type { Command } from 'commander';
import { ExitCode, UsageError } from '../exit-codes.js';
import { setExitCode } from '../cli.js';
import { cleanupDockerStore, removeDockerRun, removeHarnessImages, type DockerCleanupReport } from '../runtime/docker/cleanup.js';
import { connectEngine, dockerUnavailableReason } from '../runtime/docker/engine.js';
import { cleanupAllByName, cleanupStore, type CleanupReport } from '../runtime/netns/cleanup.js';

export function register(program: Command): void {
  program
    .command('cleanup')
    .description('remove namespaces, links, iptables rules, processes, containers and networks left by runs that died')
    .option('--store <dir>', 'store folder whose runs to clean up', './store')
    .option('--force', 'also remove runs whose harness process is still alive (runs in progress)')
    .option('--all', 'also remove every harness-named namespace (hx????-*) and link and every harness-labelled container and network, recorded or not, including runs in progress')
    .option('--images', "also remove the docker runtime's node images (rebuilt by the next docker run)")
    .action(async (options: { store: string; all?: boolean; force?: boolean; images?: boolean }) => {
      if (typeof process.getuid === 'function' && process.getuid() !== 0) throw new UsageError('harness cleanup needs root (it deletes network namespaces)');
      let problems = 0;
      const print = (what: string, report: CleanupReport | DockerCleanupReport): void => {
        const parts =
          'killedPids' in report
            ? [
                report.killedPids.length > 0 ? `killed pids ${report.killedPids.join(' ')}` : '',
                report.removedNamespaces.length > 0 ? `removed namespaces ${report.removedNamespaces.join(' ')}` : '',
                report.removedLinks.length > 0 ? `removed links ${report.removedLinks.join(' ')}` : '',
              ]
            : [
                report.removedContainers.length > 0 ? `removed containers ${report.removedContainers.join(' ')}` : '',
                report.removedNetworks.length > 0 ? `removed networks ${report.removedNetworks.join(' ')}` : '',
              ];
        const said = parts.filter(Boolean);
        process.stdout.write(`${what}: ${said.length > 0 ? said.join('; ') : 'nothing left'}\n`);
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

      // Docker runs: only where an engine answers (without one no container of a run can be running).
      const docker = connectEngine();
      const unavailable = await dockerUnavailableReason(docker);
      if (unavailable === undefined) {
        const dockerRuns = await cleanupDockerStore(docker, options.store, { force: options.force === true });
        for (const { file, report, skipped } of dockerRuns) {
          if (skipped === undefined) print(file, report);
          else process.stdout.write(`${file}: skipped, ${skipped}\n`);
        }
        if (dockerRuns.length === 0) process.stdout.write(`no active docker runs recorded under ${options.store}\n`);
        if (options.all === true) print('harness-labelled containers and networks', await removeDockerRun(docker, ''));
        if (options.images === true) {
          const images = await removeHarnessImages(docker);
          process.stdout.write(`images: ${images.removed.length > 0 ? `removed ${images.removed.join(' ')}` : 'none to remove'}\n`);
          for (const problem of images.problems) process.stderr.write(`images: ${problem}\n`);
          problems += images.problems.length;
        }
      } else if (options.images === true) {
        process.stderr.write(`harness cleanup --images: ${unavailable}\n`);
        problems += 1;
      }
      setExitCode(problems > 0 ? ExitCode.internal : ExitCode.valid);
    });
}
