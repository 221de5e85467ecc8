import assert from 'node:assert/strict';
import net from 'node:net';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../../../harness/interfaces.js';
import { noFaults } from '../../../harness/interfaces.js';
import { LocalRuntime } from '../../../harness/runtime/local-runtime.js';
import type { TestSpec } from '../../../harness/spec.js';

const quietLog: Logger = { info: () => {}, warn: () => {}, error: () => {} };
const spec = { name: 't', nodes: ['n1', 'n2'], target: 'none', targetOptions: {}, workload: 'none', nemesis: [], runtime: 'local', concurrency: 1, timeLimitMs: 1, rateHz: 1, nemesisIntervalMs: 1, opTimeoutMs: 1, seed: 1, checkers: [], command: '' } satisfies TestSpec;

describe('local runtime: TCP links', () => {
  it('addressOf carries TCP too, and a partition of the link stops its bytes until healed', async () => {
    const runtime = new LocalRuntime();
    await runtime.setup(spec, quietLog);
    const server = net.createServer((socket) => socket.on('data', (chunk) => socket.write(chunk)));
    try {
      server.listen(runtime.listenAddress('n2').port, '127.0.0.1');
      await once(server, 'listening');
      const address = runtime.addressOf('n1', 'n2');
      assert.notEqual(address.port, runtime.listenAddress('n2').port, 'through the link proxy');
      const socket = net.connect(address.port, address.host);
      let got: string = '';
      socket.on('data', (chunk: Buffer) => (got += chunk.toString()));
      await once(socket, 'connect');
      socket.write('1');
      while ((got as string) !== '1') await sleep(5);
      await runtime.setNetworkFaults({ ...noFaults(), blocked: { n1: ['n2'] } });
      socket.write('2');
      await sleep(150);
      assert.equal(got, '1', 'n1 -> n2 partitioned');
      await runtime.setNetworkFaults(noFaults());
      while ((got as string) !== '12') await sleep(5);
      socket.destroy();
    } finally {
      server.close();
      await runtime.teardown();
    }
  });
});
