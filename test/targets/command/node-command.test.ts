import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { checkNodeCommand, expandNodeCommand, peersValue } from '../../../targets/command/node-command.js';

describe('command target: --node-command placeholders', () => {
  const values = { node: 'n1', host: '127.0.0.1', port: '20001', peers: peersValue([{ node: 'n2', address: { host: '127.0.0.1', port: 30002 } }, { node: 'n3', address: { host: '10.0.0.3', port: 7000 } }]), dataDir: "/tmp/a dir/it's" };

  it('replaces each placeholder by one shell word, whatever it holds', () => {
    const command = expandNodeCommand('printf "%s\\n" {node} {host}:{port} {peers} {dataDir}', values);
    const printed = execFileSync('/bin/sh', ['-c', command], { encoding: 'utf8' }).split('\n');
    assert.deepEqual(printed.slice(0, 4), ['n1', '127.0.0.1:20001', 'n2=127.0.0.1:30002,n3=10.0.0.3:7000', "/tmp/a dir/it's"]);
  });

  it('rejects an empty command and unknown placeholders', () => {
    assert.throws(() => checkNodeCommand('  '), /needs --node-command/);
    assert.throws(() => checkNodeCommand('x {data}'), /unknown placeholder \{data\}/);
    assert.doesNotThrow(() => checkNodeCommand('x {node} {dataDir} ${HOME}'));
  });
});
