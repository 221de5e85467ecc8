import assert from 'node:assert/strict';
import { noFaults } from '../../../harness/interfaces.js';
import { faultChain, restoreInput, rulesFor, UnsupportedFaultError } from '../../../harness/runtime/netns/firewall.js';
import { layoutFor, newRunPrefix, pickSubnetIndex } from '../../../harness/runtime/netns/naming.js';

describe('netns naming and fault rules (pure)', () => {
  const layout = layoutFor('hxab12', ['n1', 'n2', 'n3'], 7);

  it('gives every interface a prefixed name within 15 characters, and distinct addresses', () => {
    const names = [layout.bridge, layout.client.rootLink, layout.client.routerLink, ...layout.nodes.flatMap((n) => [n.link, n.bridgePort])];
    assert.equal(new Set(names).size, names.length);
    for (const name of names) {
      assert.ok(name.startsWith('hxab12'), name);
      assert.ok(name.length <= 15, name);
    }
    assert.deepEqual(layout.nodes.map((n) => n.address), ['10.231.7.1', '10.231.7.2', '10.231.7.3']);
    assert.equal(layout.client.address, '10.231.7.129');
    assert.match(newRunPrefix(), /^hx[0-9a-z]{4}$/);
  });

  it('picks a /24 the root namespace does not use', () => {
    const first = pickSubnetIndex('hxab12', '');
    assert.notEqual(pickSubnetIndex('hxab12', `10.231.${first}.0/25 via 10.231.${first}.130`), first);
  });

  it('cuts node links in the receiver namespace and client links in the router', () => {
    const rules = rulesFor(layout, { ...noFaults(), blocked: { n1: ['n2'], client: ['n3'], n3: ['client'] } });
    assert.deepEqual(rules.get('hxab12-n2'), [['-s', '10.231.7.1', '-j', 'DROP']]);
    assert.deepEqual(rules.get('hxab12-n1'), []);
    assert.deepEqual(rules.get('hxab12--router'), [
      ['-s', '10.231.7.129', '-d', '10.231.7.3', '-j', 'DROP'],
      ['-s', '10.231.7.3', '-d', '10.231.7.129', '-j', 'DROP'],
    ]);
  });

  it('turns loss into a statistic match and refuses delay', () => {
    const rules = rulesFor(layout, { ...noFaults(), loss: { n2: { n3: 0.25, n1: 0 } } });
    assert.deepEqual(rules.get('hxab12-n3'), [['-s', '10.231.7.2', '-m', 'statistic', '--mode', 'random', '--probability', '0.250000', '-j', 'DROP']]);
    assert.deepEqual(rules.get('hxab12-n1'), []);
    assert.throws(() => rulesFor(layout, { ...noFaults(), delayMs: { n1: { n2: 50 } } }), UnsupportedFaultError);
    assert.throws(() => rulesFor(layout, { ...noFaults(), blocked: { n9: ['n1'] } }), /n9/);
    assert.equal(restoreInput([['-s', '1.2.3.4', '-j', 'DROP']]), `*filter\n-F ${faultChain}\n-A ${faultChain} -s 1.2.3.4 -j DROP\nCOMMIT\n`);
  });
});
