/**
 * Reads one run's store folder (DIR/<test>/<start>/): test.json, history.jsonl, results.json.
 * Only the history is required; a run that crashed before checking still gets a report.
 */
import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { HistoryEvent } from '../../harness/event.js';
import { BadInputError, UsageError } from '../../harness/exit-codes.js';

export interface SavedRun {
  /** The run folder, symlinks (DIR/latest) resolved. */
  dir: string;
  spec: Record<string, unknown> | null;
  results: unknown;
  events: HistoryEvent[];
}

/** Parses the harness's JSON-lines history; a bad line is an error naming file and line. */
export function parseHistoryJsonl(text: string, file: string): HistoryEvent[] {
  const events: HistoryEvent[] = [];
  const lines = text.split('\n');
  // Fast path: one JSON.parse of the whole file as an array is several times quicker than one
  // a line; anything odd (a bad or cut-off line) falls through to the line-by-line parse below.
  let all: unknown[] | undefined;
  try {
    all = JSON.parse(`[${lines.filter((line) => line.trim() !== '').join(',')}]`) as unknown[];
  } catch {
    all = undefined;
  }
  if (all !== undefined && all.every((e) => typeof e === 'object' && e !== null && !Array.isArray(e) && wellFormed(e as Record<string, unknown>))) {
    let line = 0;
    const lineNumbers: number[] = [];
    for (const [k, text] of lines.entries()) if (text.trim() !== '') lineNumbers[line++] = k + 1;
    return all.map((e, k) => {
      const event = e as Record<string, unknown>;
      return { ...(event as unknown as HistoryEvent), index: typeof event.index === 'number' ? event.index : k, f: String(event.f ?? ''), line: lineNumbers[k] };
    });
  }
  for (let k = 0; k < lines.length; k++) {
    const line = lines[k].trim();
    if (line === '') continue;
    let event: unknown;
    try {
      event = JSON.parse(line);
    } catch (error) {
      // The last line of a run killed mid-write may be cut off: skip only that one.
      if (k >= lines.length - 2) break;
      throw new BadInputError(`not a JSON object: ${(error as Error).message}`, file, k + 1, { cause: error });
    }
    if (typeof event !== 'object' || event === null || Array.isArray(event)) throw new BadInputError('expected a JSON object', file, k + 1);
    const e = event as Record<string, unknown>;
    if (typeof e.type !== 'string' || !['invoke', 'ok', 'fail', 'info'].includes(e.type)) throw new BadInputError(`"type" must be invoke, ok, fail or info, got ${JSON.stringify(e.type)}`, file, k + 1);
    if (typeof e.process !== 'number' && typeof e.process !== 'string') throw new BadInputError('"process" must be a number or a string', file, k + 1);
    if (typeof e.timeNs !== 'number') throw new BadInputError('"timeNs" must be a number', file, k + 1);
    events.push({ ...(e as unknown as HistoryEvent), index: typeof e.index === 'number' ? e.index : events.length, f: String(e.f ?? ''), line: k + 1 });
  }
  return events;
}

const eventTypes = new Set(['invoke', 'ok', 'fail', 'info']);
function wellFormed(e: Record<string, unknown>): boolean {
  return typeof e.type === 'string' && eventTypes.has(e.type) && (typeof e.process === 'number' || typeof e.process === 'string') && typeof e.timeNs === 'number';
}

function readJson(file: string): unknown {
  if (!existsSync(file)) return null;
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new BadInputError(`not valid JSON: ${(error as Error).message}`, file, undefined, { cause: error });
  }
}

export function readRun(dir: string): SavedRun {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UsageError(`${dir}: not a run folder (expected DIR/<test>/<start>/ with history.jsonl)`);
  const real = realpathSync(dir);
  const historyFile = join(real, 'history.jsonl');
  if (!existsSync(historyFile)) throw new UsageError(`${dir}: no history.jsonl in this folder; give a run folder such as store/latest`);
  const spec = readJson(join(real, 'test.json'));
  return {
    dir: real,
    spec: typeof spec === 'object' && spec !== null && !Array.isArray(spec) ? (spec as Record<string, unknown>) : null,
    results: readJson(join(real, 'results.json')),
    events: parseHistoryJsonl(readFileSync(historyFile, 'utf8'), historyFile),
  };
}
