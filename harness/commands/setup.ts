/**
 * `harness setup`: install what the netns runtime and the etcd / Redis targets need, with apt
 * (Debian/Ubuntu, as root). Services are kept from starting: the harness starts its own
 * etcd and redis-server instances, and a host service would only hold ports and memory.
 * `--docker` adds the docker runtime: docker.io and busybox-static, a dockerd started the way
 * the harness needs it (docker/engine.ts) unless one already answers, and the node image.
 */
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { execa } from 'execa';
import { ExitCode, UsageError } from '../exit-codes.js';
import { setExitCode } from '../cli.js';
import { startDockerd } from '../runtime/docker/start-dockerd.js';
import { connectEngine } from '../runtime/docker/engine.js';
import { ensureNodeImage } from '../runtime/docker/node-image.js';

/** Debian packages: ip (netns, veth, bridge), iptables (faults), the two servers under test. */
export const setupPackages = ['iproute2', 'iptables', 'procps', 'etcd-server', 'redis-server'] as const;
/** The docker runtime's: the engine, and busybox's static shell for the node image. */
export const dockerSetupPackages = ['docker.io', 'busybox-static'] as const;

/** invoke-rc.d asks this script whether it may start a service; exit 101 = "not allowed". */
const policyFile = '/usr/sbin/policy-rc.d';
const aptTimeoutMs = 30 * 60_000;

export function register(program: Command): void {
  program
    .command('setup')
    .description(`install ${setupPackages.join(', ')} with apt (root), without starting their services`)
    .option('--dry-run', 'print the commands instead of running them')
    .option('--docker', `also ${dockerSetupPackages.join(', ')}, start dockerd for the docker runtime if none answers, build the node image`)
    .action(async (options: { dryRun?: boolean; docker?: boolean }) => {
      const packages = [...setupPackages, ...(options.docker === true ? dockerSetupPackages : [])];
      const commands: string[][] = [
        ['apt-get', 'update'],
        ['apt-get', '-o', 'DPkg::Lock::Timeout=900', 'install', '-y', '--no-install-recommends', ...packages],
      ];
      if (options.dryRun === true) {
        process.stdout.write(`printf '#!/bin/sh\\nexit 101\\n' > ${policyFile}  # unless it exists: keep services from starting\n`);
        for (const command of commands) process.stdout.write(`${command.join(' ')}\n`);
        process.stdout.write(`rm ${policyFile}\n`);
        if (options.docker === true) process.stdout.write('start dockerd (see harness test --help, --runtime docker) unless one answers; build the node image\n');
        return;
      }
      if (process.platform !== 'linux') throw new UsageError('harness setup installs Debian packages and needs Linux');
      if (typeof process.getuid === 'function' && process.getuid() !== 0) throw new UsageError('harness setup needs root (apt-get install)');
      const placedPolicy = !existsSync(policyFile);
      if (placedPolicy) writeFileSync(policyFile, '#!/bin/sh\nexit 101\n', { mode: 0o755 });
      try {
        for (const [file, ...args] of commands) {
          process.stdout.write(`$ ${[file, ...args].join(' ')}\n`);
          const result = await execa(file!, args, { stdio: 'inherit', reject: false, timeout: aptTimeoutMs, env: { DEBIAN_FRONTEND: 'noninteractive' } });
          if (result.exitCode !== 0) {
            process.stderr.write(`harness setup: '${[file, ...args].join(' ')}' exited ${result.exitCode ?? result.signal}\n`);
            setExitCode(ExitCode.internal);
            return;
          }
        }
      } finally {
        if (placedPolicy) rmSync(policyFile, { force: true });
      }
      process.stdout.write(`installed: ${packages.join(' ')}\n`);
      if (options.docker === true) {
        const docker = connectEngine();
        process.stdout.write(`${await startDockerd(docker)}\n`);
        const image = await ensureNodeImage(docker);
        process.stdout.write(image.builtInMs === undefined ? `node image ${image.name} already built\n` : `node image ${image.name} built in ${(image.builtInMs / 1000).toFixed(1)} s\n`);
      }
    });
}
