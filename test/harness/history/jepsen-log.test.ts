import assert from 'node:assert/strict';
import { parseJepsenLog } from '../../../harness/history/jepsen-log.js';
import { badInputOf } from './parse-error.js';

describe('jepsen-log reader', () => {
  it('reads the FORMAT.md excerpt: tabs or spaces, nil, integers, [from to]', () => {
    const events = parseJepsenLog(
      ['INFO  jepsen.util - 2\t:invoke\t:write\t4', 'INFO  jepsen.util - 3    :ok    :read    nil', 'INFO  jepsen.util - 4\t:ok\t:write\t3', 'INFO  jepsen.util - 1\t:invoke\t:cas\t[4 0]', 'INFO  jepsen.util - 1\t:fail\t:cas\t[4 0]'].join('\n'),
      'x.log',
    );
    assert.deepEqual(
      events.map(({ process, type, f, value, line }) => ({ process, type, f, value, line })),
      [
        { process: 2, type: 'invoke', f: 'write', value: 4, line: 1 },
        // jepsen-log: an ok read of nil is a read of the empty register, kept as ok.
        { process: 3, type: 'ok', f: 'read', value: null, line: 2 },
        { process: 4, type: 'ok', f: 'write', value: 3, line: 3 },
        { process: 1, type: 'invoke', f: 'cas', value: [4, 0], line: 4 },
        { process: 1, type: 'fail', f: 'cas', value: [4, 0], line: 5 },
      ],
    );
    assert.deepEqual(
      events.map((event) => event.index),
      [0, 1, 2, 3, 4],
    );
  });

  it('ignores every line that is not an op, and keeps nemesis ops with a string process', () => {
    const text = [
      'INFO  jepsen.core - Running test',
      'INFO  jepsen.util - Relative time begins now',
      'random garbage ] [ {',
      'INFO  jepsen.util - 0\t:invoke\t:read\tnil',
      'INFO  jepsen.util - :nemesis\t:info\t:start\t{"n1" ["n2" "n3"]}',
      'INFO  jepsen.util - :nemesis\t:info\t:start\t#<Exception oops [unbalanced>',
      '2017-03-01 10:00:00,123{GMT}\tINFO\t[jepsen worker 0] jepsen.util: 0\t:ok\t:read\t3',
    ].join('\n');
    const events = parseJepsenLog(text, 'x.log');
    assert.deepEqual(
      events.map(({ process, type, f, value, line }) => ({ process, type, f, value, line })),
      [
        { process: 0, type: 'invoke', f: 'read', value: null, line: 4 },
        { process: 'nemesis', type: 'info', f: 'start', value: { n1: ['n2', 'n3'] }, line: 5 },
        { process: 'nemesis', type: 'info', f: 'start', value: '#<Exception oops [unbalanced>', line: 6 },
        { process: 0, type: 'ok', f: 'read', value: 3, line: 7 },
      ],
    );
  });

  it('takes a keyword in a fail/info value as the reason: :fail :read :timed-out', () => {
    const [, failed, , unknown] = parseJepsenLog(
      'INFO  jepsen.util - 0\t:invoke\t:read\tnil\nINFO  jepsen.util - 0\t:fail\t:read\t:timed-out\nINFO  jepsen.util - 1\t:invoke\t:cas\t[1 2]\nINFO  jepsen.util - 1\t:info\t:cas\t[1 2]\t:timed-out\n',
    );
    assert.deepEqual({ type: failed!.type, value: failed!.value, error: failed!.error }, { type: 'fail', value: null, error: 'timed-out' });
    assert.deepEqual({ type: unknown!.type, value: unknown!.value, error: unknown!.error }, { type: 'info', value: [1, 2], error: 'timed-out' });
  });

  it('rejects an op line with a bad type or an unreadable client value, naming file:line', () => {
    const badType = badInputOf(() => parseJepsenLog('INFO  jepsen.util - 0\t:invoke\t:read\tnil\nINFO  jepsen.util - 0\t:done\t:read\t3', 'etcd.log'));
    assert.equal(badType.message, 'etcd.log:2: expected the type to be one of :invoke, :ok, :fail, :info, got :done');
    const badValue = badInputOf(() => parseJepsenLog('\n\nINFO  jepsen.util - 1\t:invoke\t:cas\t[1 2', 'etcd.log'));
    assert.match(badValue.message, /^etcd\.log:3: cannot read the value "\[1 2": .*not closed/);
  });

  it('reads an empty file as an empty history', () => {
    assert.deepEqual(parseJepsenLog('', 'e.log'), []);
  });
});
