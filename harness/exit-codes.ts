import type { Validity } from './interfaces.js';

/** CLI exit codes (sysexits where one fits). Unknown is never reported as valid. */
export const ExitCode = {
  valid: 0,
  invalid: 1,
  unknown: 2,
  usage: 64,
  badInput: 65,
  internal: 70,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

export function exitCodeFor(valid: Validity): ExitCode {
  if (valid === true) return ExitCode.valid;
  if (valid === false) return ExitCode.invalid;
  return ExitCode.unknown;
}

/** An error the user can fix; the message names what and where (file:line). */
export class UsageError extends Error {
  readonly exitCode = ExitCode.usage;
}

/** Malformed input, e.g. a history line that does not parse. */
export class BadInputError extends Error {
  readonly exitCode = ExitCode.badInput;
  constructor(
    message: string,
    readonly file?: string,
    readonly line?: number,
    options?: { cause?: unknown },
  ) {
    super(file === undefined ? message : `${file}${line === undefined ? '' : `:${line}`}: ${message}`, options);
  }
}
