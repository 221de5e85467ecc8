import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { main } from '../../../harness/cli.js';
import { UsageError } from '../../../harness/exit-codes.js';
import { runtimes } from '../../../harness/runtime/registry.js';
import { canCarry, describeCarries, refuseUncarriedFaults } from '../../../harness/runtime/runtime-abilities.js';
import { faultPackages } from '../../../nemesis/registry.js';

describe('runtime abilities (registry entries)', () => {
  it('every fault package needs only abilities some runtime has, for some transport', () => {
    for (const fault of Object.values(faultPackages)) {
      assert.ok(fault.needs.length > 0, `${fault.name} says what it needs`);
      const carriedSomewhere = Object.values(runtimes).some((r) => (['udp', 'tcp'] as const).some((t) => fault.needs.every((a) => canCarry(r.carries, a, t))));
      assert.ok(carriedSomewhere, `${fault.name} is carried by some runtime`);
    }
  });

  it('refuses a network fault the runtime cannot deliver to the transport, naming the runtimes that can', () => {
    // A runtime whose links carry UDP only (as local did before its TCP proxies).
    const local = { name: 'udp-only', carries: { ...runtimes.local!.carries, network: { partition: ['udp'], loss: ['udp'], delay: ['udp'] } } } as const;
    const tcpFaults = ['partition', 'drop', 'partition-primary'].map((name) => faultPackages[name]!);
    assert.throws(
      () => refuseUncarriedFaults(local, 'tcp', tcpFaults, Object.values(runtimes), 'etcd'),
      (error: unknown) => error instanceof UsageError && /partition needs partition over tcp/.test(error.message) && /--runtime local or netns/.test(error.message) && /drop needs loss/.test(error.message),
    );
    // Process faults and UDP network faults are carried on local.
    refuseUncarriedFaults(local, 'tcp', ['crash', 'pause', 'crash-primary'].map((name) => faultPackages[name]!), Object.values(runtimes), 'etcd');
    refuseUncarriedFaults(local, 'udp', tcpFaults, Object.values(runtimes), 'rpc');
    // Delay where the runtime has none (no netem on netns) is refused for any transport.
    const delay = { name: 'delay', needs: ['delay'] as const };
    assert.throws(() => refuseUncarriedFaults(runtimes.netns!, 'udp', [delay], Object.values(runtimes), 'rpc'), /--runtime local can/);
  });

  it('describes what each runtime carries from its entry', () => {
    assert.match(describeCarries(runtimes.local!.carries), /partition \(udp, tcp\).*delay \(udp, tcp\).*crash, pause, targeted/);
    assert.doesNotMatch(describeCarries(runtimes.netns!.carries), /delay/);
  });

  it('harness test refuses such a fault with exit 64 before anything is stored or started', async () => {
    const store = mkdtempSync(path.join(tmpdir(), 'abilities-'));
    const writeErr = process.stderr.write.bind(process.stderr);
    let stderr = '';
    process.stderr.write = ((chunk: string | Uint8Array) => ((stderr += String(chunk)), true)) as typeof process.stderr.write;
    try {
      const code = await main(['test', '--target', 'etcd', '--runtime', 'local', '--nemesis', 'partition,crash', '--store', store, '--seed', '1']);
      assert.equal(code, 64);
      // Local's TCP proxies give each link its own address; etcd's members need one per node.
      assert.match(stderr, /target etcd on --runtime local: --nemesis partition cannot reach it: its members must all name the same peer URLs .* \(--runtime netns( or docker)? can\)/);
      assert.deepEqual(readdirSync(store), []);
    } finally {
      process.stderr.write = writeErr;
      rmSync(store, { recursive: true, force: true });
    }
  });
});
