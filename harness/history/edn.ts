/**
 * A small EDN reader that turns EDN text into plain JSON-like data and says where it went
 * wrong (file:line). Same conversions as the npm package edn-data with
 * { mapAs: 'object', keywordAs: 'string', listAs: 'array', setAs: 'array', symbolAs: 'string',
 * charAs: 'string' }: keywords and symbols become strings without the colon, vectors, lists
 * and sets become arrays, nil becomes null, maps become objects. Tagged literals
 * (`#inst "…"`, `#jepsen.history.Op{…}`) become their value.
 *
 * Why not edn-data itself: it accepts malformed input silently (`[1 2` gives null,
 * `{:a 1 :b}` gives {a: 1}, text after the first form is dropped), has no positions for
 * error messages, and needs ~11 µs a history line (over 20 s for a 1M-operation history).
 * test/harness/history/edn.test.ts checks this reader against edn-data on random EDN.
 */
import { BadInputError } from '../exit-codes.js';

export type EdnValue = null | boolean | number | string | EdnValue[] | { [key: string]: EdnValue };

/** A top-level form and the 1-based line it starts on. */
export interface EdnForm {
  value: EdnValue;
  line: number;
}

/** Deeper nesting than this is certainly not a history; stop before the JS stack does. */
const nestingDepthMax = 1000;

const enum Char {
  tab = 9,
  newline = 10,
  carriageReturn = 13,
  space = 32,
  quote = 34,
  hash = 35,
  openParen = 40,
  closeParen = 41,
  comma = 44,
  colon = 58,
  semicolon = 59,
  openBracket = 91,
  backslash = 92,
  closeBracket = 93,
  underscore = 95,
  openBrace = 123,
  closeBrace = 125,
}

const characterNames: Record<string, string> = {
  newline: '\n',
  space: ' ',
  tab: '\t',
  return: '\r',
  formfeed: '\f',
  backspace: '\b',
};

const stringEscapes: Record<string, string> = { t: '\t', r: '\r', n: '\n', '\\': '\\', '"': '"', b: '\b', f: '\f' };

function isDelimiter(c: number): boolean {
  return (
    c <= Char.space ||
    c === Char.comma ||
    c === Char.openParen ||
    c === Char.closeParen ||
    c === Char.openBracket ||
    c === Char.closeBracket ||
    c === Char.openBrace ||
    c === Char.closeBrace ||
    c === Char.quote ||
    c === Char.semicolon
  );
}

/** Reads EDN forms one at a time from a string, tracking the line for error messages. */
export class EdnReader {
  private pos = 0;
  private depth = 0;
  /** 1-based line of `pos`. */
  line: number;

  constructor(
    private readonly text: string,
    private readonly fileName?: string,
    firstLine = 1,
  ) {
    this.line = firstLine;
    if (text.charCodeAt(0) === 0xfeff) this.pos = 1; // byte-order mark
  }

  /** Skips whitespace, commas, `;` comments and `#_` discarded forms; true if a form follows. */
  hasMore(): boolean {
    this.skipSpace();
    return this.pos < this.text.length;
  }

  /** The character of the next form (after skipping space), or '' at the end. */
  peek(): string {
    this.skipSpace();
    return this.text.charAt(this.pos);
  }

  /** Position in the text of the next unread character. */
  get offset(): number {
    return this.pos;
  }

  /** Consumes one character; the caller has peeked it. */
  consume(): void {
    this.pos++;
  }

  /** Reads the next form; throws BadInputError at the end of the input or on a malformed form. */
  read(): EdnValue {
    this.skipSpace();
    if (this.pos >= this.text.length) this.fail('unexpected end of input, expected a value');
    const text = this.text;
    const c = text.charCodeAt(this.pos);
    switch (c) {
      case Char.openBrace:
        this.pos++;
        return this.readMap(this.line);
      case Char.openBracket:
        this.pos++;
        return this.readSequence(Char.closeBracket, ']', this.line);
      case Char.openParen:
        this.pos++;
        return this.readSequence(Char.closeParen, ')', this.line);
      case Char.quote:
        return this.readString();
      case Char.colon: {
        this.pos++;
        const name = this.readToken();
        if (name === '') this.fail('a keyword needs a name after ":"');
        return name;
      }
      case Char.backslash:
        return this.readCharacter();
      case Char.hash:
        return this.readDispatch();
      case Char.closeBrace:
      case Char.closeBracket:
      case Char.closeParen:
        return this.fail(`unexpected "${text.charAt(this.pos)}" with nothing open to close`);
      default:
        return this.readAtom();
    }
  }

  /** Throws a BadInputError naming the file and the current line. */
  fail(message: string, line = this.line): never {
    throw new BadInputError(message, this.fileName, line);
  }

  private skipSpace(): void {
    const text = this.text;
    const length = text.length;
    for (;;) {
      while (this.pos < length) {
        const c = text.charCodeAt(this.pos);
        if (c === Char.newline) {
          this.line++;
          this.pos++;
        } else if (c <= Char.space || c === Char.comma) {
          this.pos++;
        } else if (c === Char.semicolon) {
          const end = text.indexOf('\n', this.pos);
          this.pos = end === -1 ? length : end;
        } else {
          break;
        }
      }
      if (this.pos + 1 < length && text.charCodeAt(this.pos) === Char.hash && text.charCodeAt(this.pos + 1) === Char.underscore) {
        this.pos += 2;
        this.read(); // #_ discards the next form
        continue;
      }
      return;
    }
  }

  private enter(line: number): void {
    if (++this.depth > nestingDepthMax) this.fail(`nested more than ${nestingDepthMax} deep`, line);
  }

  private readSequence(close: number, closeText: string, startLine: number): EdnValue[] {
    this.enter(startLine);
    const items: EdnValue[] = [];
    for (;;) {
      this.skipSpace();
      if (this.pos >= this.text.length) this.fail(`unexpected end of input: the "${openerOf(closeText)}" opened on line ${startLine} is not closed`);
      const c = this.text.charCodeAt(this.pos);
      if (c === close) {
        this.pos++;
        this.depth--;
        return items;
      }
      if (c === Char.closeBracket || c === Char.closeParen || c === Char.closeBrace) {
        this.fail(`expected "${closeText}" to close the "${openerOf(closeText)}" opened on line ${startLine}, got "${this.text.charAt(this.pos)}"`);
      }
      items.push(this.read());
    }
  }

  private readMap(startLine: number): { [key: string]: EdnValue } {
    const sink = new ObjectSink();
    this.readMapInto(startLine, sink);
    return sink.map;
  }

  /** Reads a map's entries (the "{" is consumed) into `sink`. */
  private readMapInto(startLine: number, sink: MapSink): void {
    this.enter(startLine);
    for (;;) {
      this.skipSpace();
      if (this.pos >= this.text.length) this.fail(`unexpected end of input: the "{" opened on line ${startLine} is not closed`);
      const c = this.text.charCodeAt(this.pos);
      if (c === Char.closeBrace) {
        this.pos++;
        this.depth--;
        return;
      }
      if (c === Char.closeBracket || c === Char.closeParen) {
        this.fail(`expected "}" to close the "{" opened on line ${startLine}, got "${this.text.charAt(this.pos)}"`);
      }
      const keyLine = this.line;
      let key: string;
      if (c === Char.colon) {
        this.pos++;
        key = this.readToken();
        if (key === '') this.fail('a keyword needs a name after ":"');
      } else {
        key = mapKey(this.read());
      }
      this.skipSpace();
      if (this.pos >= this.text.length || this.text.charCodeAt(this.pos) === Char.closeBrace) {
        this.fail(`the map opened on line ${startLine} has a key (${JSON.stringify(key)}) with no value`);
      }
      if (!sink.put(key, this.read())) this.fail(`duplicate map key ${JSON.stringify(key)}`, keyLine);
    }
  }

  /**
   * Reads the next form, expecting an operation map: a map literal goes straight into an
   * OperationFields (no intermediate object: the fast path for big histories); anything else
   * (a tagged record, a vector) is read as a plain value.
   */
  readOperation(): OperationFields | EdnValue {
    this.skipSpace();
    if (this.text.charCodeAt(this.pos) !== Char.openBrace) return this.read();
    const startLine = this.line;
    this.pos++;
    const fields = new OperationFields();
    this.readMapInto(startLine, fields);
    return fields;
  }

  private readString(): string {
    const text = this.text;
    const start = this.pos + 1;
    const startLine = this.line;
    let value = '';
    let chunkStart = start;
    // One pass up to the closing quote (never searching past it: that would be quadratic).
    for (let i = start; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === Char.quote) {
        this.pos = i + 1;
        return chunkStart === start ? text.slice(start, i) : value + text.slice(chunkStart, i);
      }
      if (c === Char.newline) {
        this.line++;
      } else if (c === Char.backslash) {
        value += text.slice(chunkStart, i);
        const code = text.charAt(i + 1);
        if (code === 'u') {
          const hex = text.slice(i + 2, i + 6);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.fail(`bad unicode escape "\\u${hex}" in a string`);
          value += String.fromCharCode(parseInt(hex, 16));
          i += 5;
        } else {
          const replacement = stringEscapes[code];
          if (replacement === undefined) this.fail(`unknown escape "\\${code}" in a string`);
          value += replacement;
          i += 1;
        }
        chunkStart = i + 1;
      }
    }
    return this.fail(`unterminated string (opened on line ${startLine})`, startLine);
  }

  /** Characters up to the next delimiter. */
  private readToken(): string {
    const text = this.text;
    const start = this.pos;
    let end = start;
    while (end < text.length && !isDelimiter(text.charCodeAt(end))) end++;
    this.pos = end;
    return text.slice(start, end);
  }

  private readCharacter(): string {
    this.pos++; // the backslash
    if (this.pos >= this.text.length) this.fail('a character literal needs a character after "\\"');
    const first = this.text.charAt(this.pos);
    this.pos++;
    const rest = this.readToken();
    if (rest === '') return first;
    const name = first + rest;
    const named = characterNames[name];
    if (named !== undefined) return named;
    if (/^u[0-9a-fA-F]{4}$/.test(name)) return String.fromCharCode(parseInt(name.slice(1), 16));
    return this.fail(`unknown character literal "\\${name}"`);
  }

  private readDispatch(): EdnValue {
    const startLine = this.line;
    this.pos++; // '#'
    const next = this.text.charCodeAt(this.pos);
    if (next === Char.openBrace) {
      this.pos++;
      return this.readSequence(Char.closeBrace, '}', startLine); // a set, as an array
    }
    if (next === Char.hash) {
      this.pos++;
      const name = this.readToken();
      if (name === 'Inf') return Infinity;
      if (name === '-Inf') return -Infinity;
      if (name === 'NaN') return NaN;
      return this.fail(`unknown symbolic value "##${name}"`);
    }
    const tag = this.readToken();
    if (tag === '' || !/^[A-Za-z]/.test(tag)) this.fail(`"#${tag}" is not a tag (a tag is "#" followed by a symbol)`);
    // A tagged literal is its value: #inst "…" is the string, #jepsen.history.Op{…} the map.
    this.skipSpace();
    if (this.pos >= this.text.length) this.fail(`the tag #${tag} has no value`);
    return this.read();
  }

  /**
   * Fast path for the commonest atom in a history, a small integer: computed in place, with no
   * token string to allocate. Undefined (and nothing consumed) for anything else.
   */
  private readPlainInteger(): number | undefined {
    const text = this.text;
    let i = this.pos;
    const negative = text.charCodeAt(i) === 45;
    if (negative || text.charCodeAt(i) === 43) i++;
    const digitsStart = i;
    let value = 0;
    while (i < text.length && isDigit(text.charCodeAt(i))) value = value * 10 + (text.charCodeAt(i++) - 48);
    const digitCount = i - digitsStart;
    if (digitCount === 0 || digitCount > 15 || (i < text.length && !isDelimiter(text.charCodeAt(i)))) return undefined;
    this.pos = i;
    return negative ? -value : value;
  }

  private readAtom(): EdnValue {
    const integer = this.readPlainInteger();
    if (integer !== undefined) return integer;
    const token = this.readToken();
    switch (token) {
      case 'nil':
        return null;
      case 'true':
        return true;
      case 'false':
        return false;
    }
    const first = token.charCodeAt(0);
    const second = token.charCodeAt(1);
    const startsNumber = (first >= 48 && first <= 57) || ((first === 43 || first === 45) && second >= 48 && second <= 57);
    if (!startsNumber) return token; // a symbol
    if (/^[+-]?\d+N?$/.test(token)) return Number(token.endsWith('N') ? token.slice(0, -1) : token);
    if (/^[+-]?\d+(\.\d*)?([eE][+-]?\d+)?M?$/.test(token)) return Number(token.endsWith('M') ? token.slice(0, -1) : token);
    const ratio = /^([+-]?\d+)\/(\d+)$/.exec(token);
    if (ratio) return Number(ratio[1]) / Number(ratio[2]);
    if (/^[+-]?0[xX][0-9a-fA-F]+$/.test(token)) return (token.startsWith('-') ? -1 : 1) * parseInt(token.replace(/^[+-]?0[xX]/, ''), 16);
    return this.fail(`malformed number "${token}"`);
  }
}

/** Receives a map's entries; put returns false when the key was already there. */
interface MapSink {
  put(key: string, value: EdnValue): boolean;
}

class ObjectSink implements MapSink {
  readonly map: { [key: string]: EdnValue } = {};
  put(key: string, value: EdnValue): boolean {
    // Values are never undefined, so only a defined slot (own or inherited) needs the slower check.
    if (this.map[key] !== undefined && Object.prototype.hasOwnProperty.call(this.map, key)) return false;
    if (key === '__proto__') Object.defineProperty(this.map, key, { value, enumerable: true, writable: true, configurable: true });
    else this.map[key] = value;
    return true;
  }
}

/** The entries of a Jepsen operation map that history readers use; other keys are checked for duplicates and dropped. */
export class OperationFields implements MapSink {
  process: EdnValue | undefined = undefined;
  type: EdnValue | undefined = undefined;
  f: EdnValue | undefined = undefined;
  value: EdnValue | undefined = undefined;
  key: EdnValue | undefined = undefined;
  time: EdnValue | undefined = undefined;
  error: EdnValue | undefined = undefined;
  node: EdnValue | undefined = undefined;
  private otherKeys: Set<string> | undefined = undefined;

  put(key: string, value: EdnValue): boolean {
    switch (key) {
      case 'process':
        if (this.process !== undefined) return false;
        this.process = value;
        return true;
      case 'type':
        if (this.type !== undefined) return false;
        this.type = value;
        return true;
      case 'f':
        if (this.f !== undefined) return false;
        this.f = value;
        return true;
      case 'value':
        if (this.value !== undefined) return false;
        this.value = value;
        return true;
      case 'key':
        if (this.key !== undefined) return false;
        this.key = value;
        return true;
      case 'time':
        if (this.time !== undefined) return false;
        this.time = value;
        return true;
      case 'error':
        if (this.error !== undefined) return false;
        this.error = value;
        return true;
      case 'node':
        if (this.node !== undefined) return false;
        this.node = value;
        return true;
      default:
        if (this.otherKeys === undefined) this.otherKeys = new Set();
        if (this.otherKeys.has(key)) return false;
        this.otherKeys.add(key);
        return true;
    }
  }
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function openerOf(closeText: string): string {
  return closeText === ']' ? '[' : closeText === ')' ? '(' : '{';
}

/** Map keys become object keys: keywords, symbols and strings as themselves, others as JSON. */
function mapKey(key: EdnValue): string {
  if (typeof key === 'string') return key;
  if (key === null || typeof key === 'number' || typeof key === 'boolean') return String(key);
  return JSON.stringify(key);
}

/** Parses text holding exactly one EDN form (surrounding space and comments allowed). */
export function parseEdn(text: string, fileName?: string, firstLine = 1): EdnValue {
  const reader = new EdnReader(text, fileName, firstLine);
  const value = reader.read();
  if (reader.hasMore()) reader.fail('unexpected text after the value');
  return value;
}

/** Every top-level form, each with the line it starts on. */
export function readEdnForms(text: string, fileName?: string): EdnForm[] {
  const reader = new EdnReader(text, fileName);
  const forms: EdnForm[] = [];
  while (reader.hasMore()) {
    const line = reader.line;
    forms.push({ value: reader.read(), line });
  }
  return forms;
}
