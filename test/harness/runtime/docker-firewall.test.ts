import assert from 'node:assert/strict';
import { noFaults } from '../../../harness/interfaces.js';
import { dockerRestoreInput, dockerRulesFor, outputFaultChain } from '../../../harness/runtime/docker/firewall.js';
import { faultChain, UnsupportedFaultError } from '../../../harness/runtime/netns/firewall.js';
import { nodeImageTag } from '../../../harness/runtime/docker/node-image.js';

describe('docker fault rules (pure)', () => {
  const addresses = new Map([['client', '10.232.7.254'], ['n1', '10.232.7.1'], ['n2', '10.232.7.2']]);

  it('cuts links into a node on its INPUT and links to the clients on its OUTPUT', () => {
    const rules = dockerRulesFor(addresses, { ...noFaults(), blocked: { n1: ['n2', 'client'], client: ['n2'] }, loss: { n2: { client: 0.5 } } });
    assert.deepEqual(rules.get('n1'), { input: [], output: [['-d', '10.232.7.254', '-j', 'DROP']] });
    assert.deepEqual(rules.get('n2'), {
      input: [['-s', '10.232.7.1', '-j', 'DROP'], ['-s', '10.232.7.254', '-j', 'DROP']],
      output: [['-d', '10.232.7.254', '-m', 'statistic', '--mode', 'random', '--probability', '0.500000', '-j', 'DROP']],
    });
    assert.throws(() => dockerRulesFor(addresses, { ...noFaults(), delayMs: { n1: { n2: 10 } } }), UnsupportedFaultError);
  });

  it('replaces a fresh namespace table whole: chains, jumps and rules in one restore', () => {
    const input = dockerRestoreInput({ input: [['-s', '1.2.3.4', '-j', 'DROP']], output: [] });
    assert.match(input, new RegExp(`-A INPUT -j ${faultChain}\\n-A OUTPUT -j ${outputFaultChain}\\n-A ${faultChain} -s 1.2.3.4 -j DROP\\nCOMMIT`));
  });

  it('tags the node image by what it is made of', () => {
    const inputs = { binaries: [process.execPath], busybox: process.execPath };
    assert.match(nodeImageTag(inputs), /^chaos-harness-node:[0-9a-f]{12}$/);
    assert.equal(nodeImageTag(inputs), nodeImageTag({ ...inputs }));
    assert.notEqual(nodeImageTag(inputs), nodeImageTag({ ...inputs, binaries: [process.execPath, '/bin/sh'] }));
  });
});
