/**
 * Start a Docker engine for the docker runtime when none answers (`harness setup --docker`):
 * dockerd with the harness's data root and without its firewall, forwarding and default-bridge
 * setup (engine.ts), detached so it outlives the command, its log in the data root's folder.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, openSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type Docker from 'dockerode';
import { dockerdArgs, dockerdCommand, dockerUnavailableReason, harnessDataRoot, socketPathOf } from './engine.js';

const readyTimeoutMs = 60_000;

/** What it did, as a line to print; throws with the engine's log file named when it does not come up. */
export async function startDockerd(docker: Docker): Promise<string> {
  if ((await dockerUnavailableReason(docker)) === undefined) return `a Docker engine already answers on ${socketPathOf(docker)}`;
  mkdirSync(harnessDataRoot, { recursive: true });
  const logFile = path.join(path.dirname(harnessDataRoot), 'dockerd.log');
  const log = openSync(logFile, 'a');
  const child = spawn('dockerd', [...dockerdArgs], { detached: true, stdio: ['ignore', log, log] });
  child.unref();
  const deadline = Date.now() + readyTimeoutMs;
  let reason: string | undefined = 'not started';
  while (Date.now() < deadline) {
    reason = await dockerUnavailableReason(docker);
    if (reason === undefined) return `started \`${dockerdCommand()}\` (pid ${child.pid}, log ${logFile})`;
    if (child.exitCode !== null) break;
    await sleep(250);
  }
  throw new Error(`dockerd did not come up within ${readyTimeoutMs} ms (${reason}); see ${logFile}`);
}
