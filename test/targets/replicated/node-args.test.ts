import assert from 'node:assert/strict';
import fc from 'fast-check';
import { formatNodeArgs, parseNodeArgs, type NodeArgs } from '../../../targets/replicated/node-args.js';

describe('replicated node command line', () => {
  it('property: parse(format(args)) gives back the same args', () => {
    const name = fc.stringMatching(/^n[0-9]{1,2}$/);
    const address = fc.record({ host: fc.constantFrom('127.0.0.1', '10.77.0.2'), port: fc.integer({ min: 1, max: 65535 }) });
    fc.assert(
      fc.property(name, address, fc.dictionary(name, address, { maxKeys: 4 }), fc.constantFrom('correct', 'no-fencing'), fc.integer({ min: 0, max: 1e6 }), (node, listen, peerObject, mode, seed) => {
        // Spread: fast-check builds null-prototype objects, the parser plain ones.
        const peers = new Map(Object.entries(peerObject).map(([peer, a]) => [peer, { ...a }]));
        const args: NodeArgs = { node, listen: { ...listen }, peers, mode, dataDir: '/tmp/x', seed };
        assert.deepEqual(parseNodeArgs(formatNodeArgs(args)), args);
      }),
      { seed: 7, verbose: true },
    );
  });

  it('requires --node, --listen and --data-dir, and rejects unknown flags', () => {
    assert.throws(() => parseNodeArgs(['--node', 'n1']), /required/);
    assert.throws(() => parseNodeArgs(['--bogus', '1']), /unknown option/);
    assert.throws(() => parseNodeArgs(['--peer', 'n2']), /name=host:port/);
  });
});
