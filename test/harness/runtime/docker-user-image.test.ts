/**
 * `--image NAME` (the command target on the docker runtime): a user's own image, made here the
 * way a user without a registry would (docker import of a root filesystem: Debian's python3,
 * its standard library, busybox, examples/python-kv/kv.py at /app), runs the node command as it
 * is. Through the CLI, under partition and crash: valid, the placeholders resolve inside the
 * containers (container addresses, a data folder that survives kill -9), nothing of the run is
 * left, and the user's image is neither removed nor counted as the harness's. The usage errors
 * (64) need no engine; a missing image (70) and the run need root and a Docker engine (skipped
 * with the reason otherwise).
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { dockerLeftoversOf } from '../../../harness/runtime/docker/cleanup.js';
import { connectEngine, dockerUnavailableReason } from '../../../harness/runtime/docker/engine.js';
import { imageExists, imageLabel, importRootDirectory, layOutRoot, nodeImageInputs } from '../../../harness/runtime/docker/node-image.js';
import { dockerRecordFileName, readDockerRecord } from '../../../harness/runtime/docker/run-record.js';
import { findRunRecords } from '../../../harness/runtime/netns/cleanup.js';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const harnessBin = path.join(projectRoot, 'bin/harness.js');
const kvServer = path.join(projectRoot, 'examples/python-kv/kv.py');
/** Parts of the standard library kv.py never imports, left out to keep the image small. */
const stdlibLeftOut = new Set(['test', 'idlelib', 'tkinter', 'turtledemo', 'ensurepip', 'lib2to3', 'pydoc_data', 'distutils', 'site-packages', 'dist-packages', '__pycache__', 'sitecustomize.py']);

interface Harness {
  code: number | null;
  out: string;
}

function harness(args: string[], timeoutMs = 180_000): Promise<Harness> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [harnessBin, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, out });
    });
  });
}

/** Debian's python3 and its standard library, or why they are not here. */
function hostPython(): { binary: string; stdlib: string } | string {
  if (!existsSync('/usr/bin/python3')) return 'no /usr/bin/python3 to put into the user image';
  const binary = realpathSync('/usr/bin/python3');
  const stdlib = path.join('/usr/lib', path.basename(binary));
  return existsSync(path.join(stdlib, 'os.py')) ? { binary, stdlib } : `no standard library at ${stdlib}`;
}

/** A user's image, as a user would make one offline: python3 + kv.py, an entrypoint, no harness label. */
async function buildUserImage(docker: ReturnType<typeof connectEngine>, name: string, python: { binary: string; stdlib: string }): Promise<void> {
  const root = mkdtempSync(path.join(os.tmpdir(), 'user-image-'));
  try {
    await layOutRoot(root, { binaries: [python.binary], busybox: nodeImageInputs().busybox });
    symlinkSync(path.basename(python.binary), path.join(root, 'usr/bin/python3'));
    cpSync(python.stdlib, path.join(root, python.stdlib), { recursive: true, filter: (source) => !stdlibLeftOut.has(path.basename(source)) });
    mkdirSync(path.join(root, 'app'));
    copyFileSync(kvServer, path.join(root, 'app/kv.py'));
    // An entrypoint of its own, as images often have: the node command must run instead.
    await importRootDirectory(docker, root, name, ['ENTRYPOINT ["/bin/false"]']);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

describe('--image: a user image on the docker runtime', function () {
  this.timeout(300_000);
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'docker-user-image-'));
  after(() => rmSync(scratch, { recursive: true, force: true }));

  describe('usage errors (64, before anything starts)', () => {
    it('--image without --runtime docker', async () => {
      const result = await harness(['test', '--target', 'command', '--node-command', 'true', '--runtime', 'local', '--image', 'my-kv:1', '--store', scratch]);
      assert.equal(result.code, 64, result.out);
      assert.match(result.out, /--image my-kv:1 runs each node's command in a container of that image: it needs --runtime docker \(this run's runtime is local\)/);
    });

    it('--image with a target other than command', async () => {
      const result = await harness(['test', '--target', 'rpc', '--runtime', 'docker', '--image', 'my-kv:1', '--store', scratch]);
      assert.equal(result.code, 64, result.out);
      assert.match(result.out, /--image is not an option of target 'rpc'/);
    });

    it('targetOptions.image in a test file is the same option, checked the same way', async () => {
      const file = path.join(scratch, 'image-test.json');
      writeFileSync(file, JSON.stringify({ target: 'command', runtime: 'local', targetOptions: { nodeCommand: 'true', image: 'my-kv:1' } }));
      const result = await harness(['test', file, '--store', scratch]);
      assert.equal(result.code, 64, result.out);
      assert.match(result.out, /--image my-kv:1 .* needs --runtime docker/);
    });
  });

  describe('on a Docker engine', () => {
    const docker = connectEngine();
    const image = `hx-test-user-kv:${process.pid}`;
    const stores: string[] = [];
    const newStore = (): string => {
      const store = mkdtempSync(path.join(os.tmpdir(), 'docker-user-image-store-'));
      stores.push(store);
      return store;
    };
    before(async function () {
      const unavailable = (await dockerUnavailableReason(docker)) ?? (typeof hostPython() === 'string' ? (hostPython() as string) : undefined);
      if (unavailable !== undefined) {
        console.log(`      skipped: ${unavailable}`);
        this.skip();
      }
      await buildUserImage(docker, image, hostPython() as { binary: string; stdlib: string });
    });
    after(async () => {
      for (const store of stores) {
        await harness(['cleanup', '--store', store]);
        rmSync(store, { recursive: true, force: true });
      }
      await docker.getImage(image).remove({ force: true }).catch(() => undefined);
    });

    it('an image that is not there: exit 70 naming it, nothing created, never pulled', async () => {
      const store = newStore();
      const result = await harness(['test', '--target', 'command', '--node-command', 'true', '--runtime', 'docker', '--image', 'hx-no-such-image:none', '--nemesis', 'none', '--time-limit', '1', '--store', store]);
      assert.equal(result.code, 70, result.out);
      assert.match(result.out, /--image hx-no-such-image:none: no such image in the local Docker engine, and the harness never pulls one/);
      assert.deepEqual(await findRunRecords(store, 4, dockerRecordFileName), [], 'no docker.json: nothing of the run was made');
      assert.equal(await imageExists(docker, 'hx-no-such-image:none'), false, 'not pulled');
    });

    it('kv.py in the user image under partition and crash: valid, its data kept across kill -9, nothing of the run left', async () => {
      const store = newStore();
      const nodeCommand = 'python3 /app/kv.py --id {node} --listen {host}:{port} --peers {peers} --data {dataDir}';
      const result = await harness([
        'test', '--target', 'command', '--runtime', 'docker', '--image', image, '--node-command', nodeCommand, '--ops', 'read,write,cas',
        '--workload', 'register', '--nemesis', 'partition,crash', '--nemesis-interval', '1', '--time-limit', '5', '--seed', '1', '--keep-data', '--store', store,
      ]);
      assert.equal(result.code, 0, `valid on docker with the user image:\n${result.out}`);
      const [file] = await findRunRecords(store, 4, dockerRecordFileName);
      assert.ok(file !== undefined, 'the run recorded docker.json');
      const dir = path.dirname(file);
      const record = await readDockerRecord(file);
      assert.equal(record.state, 'removed');
      assert.equal(record.containers.length, 3);
      const harnessLog = readFileSync(path.join(dir, 'harness.log'), 'utf8');
      assert.match(harnessLog, new RegExp(`"message":"docker runtime runs the user image".*"image":"${image.replace(/[.:]/g, '\\$&')}"`));
      assert.doesNotMatch(harnessLog, /docker node image (built|reused)/, "the harness's own image is not used");
      const spawned = harnessLog.split('\n').filter((line) => line.includes('"message":"spawned"')).length;
      assert.ok(spawned > 3, `crash restarted a node at least once (${spawned} starts)`);
      // {host} and {peers} are the containers' own addresses; {dataDir} is in the store, bind-mounted.
      const n1Log = readFileSync(path.join(dir, 'nodes/n1/node.log'), 'utf8');
      assert.match(n1Log, /n1: listening on 10\.232\.\d+\.1:\d+, leader n1, mode correct, peers .*'n2': \('10\.232\.\d+\.2', \d+\)/);
      assert.ok(readFileSync(path.join(dir, 'nodes/n1/data/log.jsonl'), 'utf8').length > 0, "the leader's log, written inside its container, is in the store");
      assert.deepEqual(await dockerLeftoversOf(docker, record.prefix), { containers: [], networks: [] });
      assert.equal(await imageExists(docker, image), true, "the user's image is kept");
      const harnessImages = await docker.listImages({ filters: { label: [imageLabel] } });
      assert.ok(!harnessImages.some((listed) => (listed.RepoTags ?? []).includes(image)), '`harness cleanup --images` would leave it alone');
    });
  });
});
