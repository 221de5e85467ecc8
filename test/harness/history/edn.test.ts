import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import fc from 'fast-check';
import { BadInputError } from '../../../harness/exit-codes.js';
import { parseEdn, readEdnForms, type EdnValue } from '../../../harness/history/edn.js';

// edn-data is the reference for what EDN means here (it is CommonJS).
const { parseEDNString } = createRequire(import.meta.url)('edn-data') as { parseEDNString: (text: string, options: object) => unknown };
const ednDataOptions = { mapAs: 'object', keywordAs: 'string', listAs: 'array', setAs: 'array', symbolAs: 'string', charAs: 'string' };

function errorOf(text: string, file = 'h.edn'): BadInputError {
  try {
    parseEdn(text, file);
  } catch (error) {
    assert.ok(error instanceof BadInputError, `expected BadInputError, got ${String(error)}`);
    return error;
  }
  assert.fail(`expected ${JSON.stringify(text)} not to parse`);
}

describe('EDN reader', () => {
  it('reads scalars, keywords, collections and nil as plain data', () => {
    assert.deepEqual(parseEdn('{:process 0, :type :invoke, :f :cas, :value [1 2]}'), { process: 0, type: 'invoke', f: 'cas', value: [1, 2] });
    assert.deepEqual(parseEdn('(nil true false -5 2.5 1e3 7N 1.5M 1/4 "a\\"b\\n" \\x \\newline sym :ns/kw)'), [
      null, true, false, -5, 2.5, 1000, 7, 1.5, 0.25, 'a"b\n', 'x', '\n', 'sym', 'ns/kw',
    ]);
    assert.deepEqual(parseEdn('#{1 2}'), [1, 2]);
    assert.deepEqual(parseEdn('[+5 -7 007 1234567890123456789 12.5 3N]'), [5, -7, 7, 1234567890123456789, 12.5, 3]);
    assert.deepEqual(parseEdn('{"n1" ["n2" "n3"], 3 :x}'), { n1: ['n2', 'n3'], 3: 'x' });
  });

  it('treats commas as whitespace and skips ; comments and #_ discards', () => {
    assert.deepEqual(parseEdn('[1,,2 ; two\n #_ 99 3 #_{:a 1}]'), [1, 2, 3]);
    assert.deepEqual(parseEdn('; leading comment\n{:a 1} ; trailing'), { a: 1 });
  });

  it('reads a tagged literal as its value (#inst, Jepsen op records)', () => {
    assert.equal(parseEdn('#inst "2020-01-01T00:00:00Z"'), '2020-01-01T00:00:00Z');
    assert.deepEqual(parseEdn('#jepsen.history.Op{:index 0, :type :ok}'), { index: 0, type: 'ok' });
  });

  it('gives each top-level form its starting line', () => {
    const forms = readEdnForms('{:a 1}\n\n; c\n{:b\n 2}\n{:c "x\ny"} {:d 4}');
    assert.deepEqual(
      forms.map((form) => form.line),
      [1, 4, 6, 7],
    );
  });

  it('rejects malformed EDN with file:line and what is wrong', () => {
    const cases: [string, number, RegExp][] = [
      ['[1 2', 1, /not closed/],
      ['{:a 1\n :b}', 2, /has a key \("b"\) with no value/],
      ['{:a 1}}', 1, /unexpected text after the value/],
      ['\n\n[1 2)', 3, /expected "\]" to close the "\[" opened on line 3, got "\)"/],
      ['{:a "abc', 1, /unterminated string/],
      ['{:a 1 :a 2}', 1, /duplicate map key "a"/],
      ['{:a 12x}', 1, /malformed number "12x"/],
      ['"\\q"', 1, /unknown escape/],
      ['\n)', 2, /unexpected "\)"/],
      ['{: 1}', 1, /keyword needs a name/],
    ];
    for (const [text, line, what] of cases) {
      const error = errorOf(text);
      assert.equal(error.line, line, `${JSON.stringify(text)}: ${error.message}`);
      assert.match(error.message, what);
      assert.ok(error.message.startsWith(`h.edn:${line}: `), error.message);
    }
  });

  it('agrees with edn-data on random well-formed EDN', () => {
    const name = fc.stringMatching(/^[a-z][a-z0-9?*!-]{0,6}$/).filter((text) => !['nil', 'true', 'false'].includes(text));
    const stringValue = fc.string({ maxLength: 8, unit: fc.constantFrom('a', 'b', ' ', '"', '\\', '\n', '\t', 'é', ';', ',', '{', ']') });
    const { value } = fc.letrec<{ value: [string, EdnValue] }>((tie) => ({
      value: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        fc.constant<[string, EdnValue]>(['nil', null]),
        fc.boolean().map((b): [string, EdnValue] => [String(b), b]),
        fc.integer({ min: -1_000_000, max: 1_000_000 }).map((n): [string, EdnValue] => [String(n), n]),
        stringValue.map((s): [string, EdnValue] => [JSON.stringify(s), s]),
        name.map((n): [string, EdnValue] => [`:${n}`, n]),
        fc.tuple(fc.constantFrom(['[', ']'], ['(', ')']), fc.array(tie('value'), { maxLength: 4 }), fc.constantFrom(' ', ', ', '\n', ' ; c\n')).map(
          ([[open, close], items, separator]): [string, EdnValue] => [`${open}${items.map(([text]) => text).join(separator)}${close}`, items.map(([, v]) => v)],
        ),
        fc.uniqueArray(fc.tuple(name, tie('value')), { maxLength: 4, selector: ([key]) => key }).map((entries): [string, EdnValue] => [
          `{${entries.map(([key, [text]]) => `:${key} ${text}`).join(', ')}}`,
          Object.fromEntries(entries.map(([key, [, v]]) => [key, v])),
        ]),
      ),
    }));
    fc.assert(
      fc.property(value, ([text, expected]) => {
        const ours = parseEdn(text);
        assert.deepEqual(ours, expected);
        assert.deepEqual(ours, parseEDNString(text, ednDataOptions));
      }),
      { numRuns: 500, verbose: true },
    );
  });
});
