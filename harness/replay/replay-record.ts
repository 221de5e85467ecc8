/**
 * What a run did that came from chance, kept beside test.json as replay.json: the operation each
 * client slot sent and when, and every fault step with the node it resolved to (a fault aimed at
 * the primary hits the node that led then, not the one that leads at replay). `harness replay`
 * runs these again on the same schedule; the seed alone gives the same operations and faults
 * but not which of them a slow or replaced client got to, nor who led when a fault started.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { HistoryEvent } from '../event.js';
import { isClientEvent } from '../event.js';
import { BadInputError } from '../exit-codes.js';
import { faultEventOf } from '../history/fault-windows.js';
import type { Op } from '../interfaces.js';
import { shellQuote } from '../shell-quote.js';

export const replayRecordFile = 'replay.json';

/** Replays suggested to measure how often a run's verdict comes back. */
export const replayTimesSuggested = 5;

/** The command that replays a run folder (printed after a run, shown in its report). */
export function replayRunCommand(runDir: string): string {
  return `harness replay ${shellQuote(runDir)} --times ${replayTimesSuggested}`;
}

export interface RecordedOp {
  slot: number;
  /** When the slot sent it, ms after the main phase started. */
  atMs: number;
  f: string;
  value: unknown;
}

export interface RecordedFault {
  atMs: number;
  f: string;
  /** The resolved value, as the history recorded it. */
  value: unknown;
}

export interface ReplayRecord {
  version: 1;
  concurrency: number;
  /** How long the main phase ran, ms (shorter than the time limit when it was interrupted). */
  mainPhaseMs: number;
  ops: RecordedOp[];
  faults: RecordedFault[];
}

/**
 * The record of a run from its history: invokes of client processes in the main phase (slot =
 * process mod concurrency: a replaced process is old + concurrency) and the nemesis steps in it.
 * Final operations and the heal after the main phase are left out: a replay does them anew.
 */
export function replayRecordOf(events: readonly HistoryEvent[], concurrency: number, mainStartNs: number, mainEndNs: number): ReplayRecord {
  const inMain = (event: HistoryEvent) => event.timeNs <= mainEndNs;
  const atMs = (event: HistoryEvent) => Math.max(0, (event.timeNs - mainStartNs) / 1e6);
  return {
    version: 1,
    concurrency,
    mainPhaseMs: Math.max(0, (mainEndNs - mainStartNs) / 1e6),
    ops: events
      .filter((event) => isClientEvent(event) && event.type === 'invoke' && inMain(event))
      .map((event) => ({ slot: (event.process as number) % concurrency, atMs: atMs(event), f: event.f, value: event.value })),
    faults: events
      .filter((event) => event.process === 'nemesis' && faultEventOf(event.f) !== undefined && inMain(event))
      .map((event) => ({ atMs: atMs(event), f: event.f, value: event.value })),
  };
}

export function writeReplayRecord(runDir: string, record: ReplayRecord): void {
  const file = path.join(runDir, replayRecordFile);
  writeFileSync(`${file}.tmp`, `${JSON.stringify(record)}\n`);
  renameSync(`${file}.tmp`, file);
}

export function readReplayRecord(runDir: string): ReplayRecord {
  const file = path.join(runDir, replayRecordFile);
  let record: ReplayRecord;
  try {
    record = JSON.parse(readFileSync(file, 'utf8')) as ReplayRecord;
  } catch (cause) {
    const missing = (cause as NodeJS.ErrnoException).code === 'ENOENT';
    throw new BadInputError(missing ? 'no replay record: the run was killed before it ended, or stored by a harness without replay' : `cannot read the replay record: ${(cause as Error).message}`, file, undefined, { cause });
  }
  if (record.version !== 1 || !Array.isArray(record.ops) || !Array.isArray(record.faults) || !Number.isInteger(record.concurrency)) {
    throw new BadInputError('not a replay record of this harness (version 1 with ops, faults, concurrency)', file);
  }
  return record;
}

/** Hands each client slot its recorded operations in order, with the time each is due. */
export class ClientScript {
  private readonly bySlot = new Map<number, RecordedOp[]>();
  private readonly nextIndex = new Map<number, number>();

  constructor(record: ReplayRecord) {
    for (const op of record.ops) this.bySlot.set(op.slot, [...(this.bySlot.get(op.slot) ?? []), op]);
  }

  /** The slot's next operation and when it is due (ms after the main phase started); undefined when the slot is done. */
  next(slot: number): { atMs: number; op: Op } | undefined {
    const position = this.nextIndex.get(slot) ?? 0;
    const recorded = this.bySlot.get(slot)?.[position];
    if (recorded === undefined) return undefined;
    this.nextIndex.set(slot, position + 1);
    return { atMs: recorded.atMs, op: { f: recorded.f, value: recorded.value } };
  }
}
