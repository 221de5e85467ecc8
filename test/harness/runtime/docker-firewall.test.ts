import assert from 'node:assert/strict';
import { noFaults } from '../../../harness/interfaces.js';
import { chainsRestoreInput, nodeRulesFor, outputFaultChain, wholeTableRestoreInput } from '../../../harness/runtime/node-firewall.js';
import { faultChain, UnsupportedFaultError } from '../../../harness/runtime/netns/firewall.js';
import { nodeImageTag } from '../../../harness/runtime/docker/node-image.js';

describe('docker fault rules (pure)', () => {
  const addresses = new Map([['client', '10.232.7.254'], ['n1', '10.232.7.1'], ['n2', '10.232.7.2']]);

  it('cuts links into a node on its INPUT and links to the clients on its OUTPUT', () => {
    const rules = nodeRulesFor(addresses, { ...noFaults(), blocked: { n1: ['n2', 'client'], client: ['n2'] }, loss: { n2: { client: 0.5 } } }, 'docker');
    assert.deepEqual(rules.get('n1'), { input: [], output: [['-d', '10.232.7.254', '-j', 'DROP']] });
    assert.deepEqual(rules.get('n2'), {
      input: [['-s', '10.232.7.1', '-j', 'DROP'], ['-s', '10.232.7.254', '-j', 'DROP']],
      output: [['-d', '10.232.7.254', '-m', 'statistic', '--mode', 'random', '--probability', '0.500000', '-j', 'DROP']],
    });
    assert.throws(() => nodeRulesFor(addresses, { ...noFaults(), delayMs: { n1: { n2: 10 } } }, 'docker'), UnsupportedFaultError);
  });

  it('replaces a fresh namespace table whole: chains, jumps and rules in one restore', () => {
    const input = wholeTableRestoreInput({ input: [['-s', '1.2.3.4', '-j', 'DROP']], output: [] });
    assert.match(input, new RegExp(`-A INPUT -j ${faultChain}\\n-A OUTPUT -j ${outputFaultChain}\\n-A ${faultChain} -s 1.2.3.4 -j DROP\\nCOMMIT`));
  });

  it('on an ssh host, exempts the harness\'s own ssh connection before any fault rule', () => {
    const input = chainsRestoreInput({ input: [['-s', '10.0.0.9', '-j', 'DROP']], output: [['-d', '10.0.0.9', '-j', 'DROP']] }, { clientAddress: '10.0.0.9', sshPort: 22 });
    const lines = input.split('\n');
    assert.ok(lines.indexOf(`-A ${faultChain} -s 10.0.0.9 -p tcp --dport 22 -j RETURN`) < lines.indexOf(`-A ${faultChain} -s 10.0.0.9 -j DROP`));
    assert.ok(lines.indexOf(`-A ${outputFaultChain} -d 10.0.0.9 -p tcp --sport 22 -j RETURN`) >= 0);
    assert.ok(!input.includes('-A INPUT'), 'the host\'s own chains are left alone');
  });

  it('tags the node image by what it is made of', () => {
    const inputs = { binaries: [process.execPath], busybox: process.execPath };
    assert.match(nodeImageTag(inputs), /^chaos-harness-node:[0-9a-f]{12}$/);
    assert.equal(nodeImageTag(inputs), nodeImageTag({ ...inputs }));
    assert.notEqual(nodeImageTag(inputs), nodeImageTag({ ...inputs, binaries: [process.execPath, '/bin/sh'] }));
  });
});
