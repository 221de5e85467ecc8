/**
 * The image every node container of the docker runtime runs, built offline (no registry here):
 * `docker import` of a root filesystem holding the host's own node binary, etcd and
 * redis-server (from Debian's etcd-server and redis-server packages, when installed), the
 * libraries `ldd` lists for them and busybox-static for a shell. The project's node programs
 * are not copied in: the runtime bind-mounts the project read-only at its own path, so the
 * image changes only when these binaries do. Its tag is a hash of what it is made of (paths,
 * sizes, mtimes), so it is reused across runs and rebuilt when an input changes.
 */
import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, realpathSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type Docker from 'dockerode';
import { execa } from 'execa';
import { findOnPath } from '../netns/availability.js';

/** Label on every image the harness builds (`harness cleanup --images` removes what carries it). */
export const imageLabel = 'chaos-harness.image';
export const nodeImageRepository = 'chaos-harness-node';
/** Bumped when the way the root filesystem is laid out changes (so old images are not reused). */
const layoutVersion = 1;
const buildTimeoutMs = 5 * 60_000;
/** Busybox applets linked into /bin: the shell the node command runs under and a few tools for debugging. */
const busyboxApplets = ['sh', 'sleep', 'cat', 'ls', 'kill', 'touch', 'rm', 'mkdir', 'ps', 'env', 'true', 'test', 'ip'];

export interface NodeImageInputs {
  /** Host binaries copied in at the same path, with their libraries. */
  binaries: string[];
  busybox: string;
}

/** What goes into the image on this host: node, and etcd / redis-server where Debian's packages are installed. */
export function nodeImageInputs(): NodeImageInputs {
  const busybox = findOnPath('busybox');
  if (busybox === undefined) throw new Error('the docker node image needs busybox-static (apt-get install busybox-static, or `harness setup --docker`)');
  const optional = [process.env.HARNESS_ETCD ?? 'etcd', process.env.HARNESS_REDIS_SERVER ?? 'redis-server'].map((name) => (path.isAbsolute(name) ? name : findOnPath(name)));
  return { binaries: [process.execPath, ...optional.filter((file): file is string => file !== undefined)], busybox };
}

/** The tag for these inputs: a hash of every input file's path, size and mtime. */
export function nodeImageTag(inputs: NodeImageInputs): string {
  const hash = createHash('sha256').update(`layout ${layoutVersion}\n`);
  for (const file of [...inputs.binaries, inputs.busybox]) {
    const stat = statSync(file);
    hash.update(`${file} ${realpathSync(file)} ${stat.size} ${stat.mtimeMs}\n`);
  }
  return `${nodeImageRepository}:${hash.digest('hex').slice(0, 12)}`;
}

export interface NodeImage {
  name: string;
  /** Time spent building it now, ms; undefined when an image with this tag already existed. */
  builtInMs?: number;
}

/** The node image for this host: the existing one with the inputs' tag, else built now. */
export async function ensureNodeImage(docker: Docker, inputs: NodeImageInputs = nodeImageInputs()): Promise<NodeImage> {
  const name = nodeImageTag(inputs);
  if (await imageExists(docker, name)) return { name };
  const startedMs = performance.now();
  await buildNodeImage(docker, name, inputs);
  return { name, builtInMs: Math.round(performance.now() - startedMs) };
}

export async function imageExists(docker: Docker, name: string): Promise<boolean> {
  try {
    await docker.getImage(name).inspect();
    return true;
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode === 404) return false;
    throw error;
  }
}

/** Build the image under `name` whatever exists (ensureNodeImage, and the benchmark's timed build). */
export async function buildNodeImage(docker: Docker, name: string, inputs: NodeImageInputs): Promise<void> {
  const root = mkdtempSync(path.join(tmpdir(), 'harness-node-image-'));
  try {
    await layOutRoot(root, inputs);
    await importRootDirectory(docker, root, name, [`LABEL ${imageLabel}=node`]);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/**
 * `docker import` of a directory as image `name` (repo:tag), with Dockerfile-style `changes`
 * (LABEL, ENV, ...) on top of a PATH of the usual folders. Also how tests make an image of a
 * user's own (without the harness's label, so `harness cleanup --images` leaves it alone).
 */
export async function importRootDirectory(docker: Docker, root: string, name: string, changes: readonly string[] = []): Promise<void> {
  const [repo, tag] = name.split(':') as [string, string | undefined];
  const tar = execa('tar', ['-C', root, '--numeric-owner', '-c', '.'], { stdout: 'pipe', timeout: buildTimeoutMs, buffer: false });
  const progress = await docker.importImage(tar.stdout!, {
    repo,
    tag: tag ?? 'latest',
    changes: [...changes, 'ENV PATH=/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin'],
  });
  await new Promise<void>((resolve, reject) => {
    docker.modem.followProgress(progress, (error: Error | null, events: Array<{ error?: string }>) => {
      const failed = error ?? events.find((event) => event.error !== undefined)?.error;
      if (failed) reject(new Error(`docker import of ${name} failed: ${String(failed)}`));
      else resolve();
    });
  });
  await tar;
}

/** Copy each binary and the libraries ldd names to the same paths under root, plus busybox and a minimal /etc. */
export async function layOutRoot(root: string, inputs: NodeImageInputs): Promise<void> {
  const files = new Set<string>(inputs.binaries);
  for (const binary of inputs.binaries) for (const library of await librariesOf(binary)) files.add(library);
  for (const file of files) {
    const target = path.join(root, file);
    mkdirSync(path.dirname(target), { recursive: true });
    copyFileSync(file, target); // follows symlinks: the image holds real files
    chmodSync(target, statSync(file).mode & 0o7777);
  }
  mkdirSync(path.join(root, 'bin'), { recursive: true });
  copyFileSync(inputs.busybox, path.join(root, 'bin', 'busybox'));
  chmodSync(path.join(root, 'bin', 'busybox'), 0o755);
  for (const applet of busyboxApplets) symlinkSync('busybox', path.join(root, 'bin', applet));
  for (const directory of ['etc', 'root', 'proc', 'sys', 'dev']) mkdirSync(path.join(root, directory), { recursive: true });
  mkdirSync(path.join(root, 'tmp'), { mode: 0o1777 });
  chmodSync(path.join(root, 'tmp'), 0o1777);
  writeFileSync(path.join(root, 'etc', 'passwd'), 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n');
  writeFileSync(path.join(root, 'etc', 'group'), 'root:x:0:\nnogroup:x:65534:\n');
}

/** Absolute paths of the shared libraries (and loader) `ldd` lists; [] for a static binary. */
async function librariesOf(binary: string): Promise<string[]> {
  const result = await execa('ldd', [binary], { reject: false, timeout: 10_000 });
  if (result.exitCode !== 0) return []; // "not a dynamic executable"
  const libraries: string[] = [];
  for (const line of String(result.stdout).split('\n')) {
    const resolved = /=>\s+(\/\S+)/.exec(line)?.[1] ?? /^\s*(\/\S+)\s+\(/.exec(line)?.[1];
    if (resolved !== undefined) libraries.push(resolved);
  }
  return libraries;
}
