/**
 * Maelstrom's error codes (resources/errors.edn): which say the operation surely did not
 * happen (definite: the client records fail) and which leave it open (indefinite: info).
 * Codes 0 (timeout) and 13 (crash) and every code from 1000 up are indefinite.
 */
export const maelstromErrors: Readonly<Record<number, { name: string; definite: boolean }>> = {
  0: { name: 'timeout', definite: false },
  1: { name: 'node-not-found', definite: true },
  10: { name: 'not-supported', definite: true },
  11: { name: 'temporarily-unavailable', definite: true },
  12: { name: 'malformed-request', definite: true },
  13: { name: 'crash', definite: false },
  14: { name: 'abort', definite: true },
  20: { name: 'key-does-not-exist', definite: true },
  21: { name: 'key-already-exists', definite: true },
  22: { name: 'precondition-failed', definite: true },
  30: { name: 'txn-conflict', definite: true },
};

export const errorCodes = { keyDoesNotExist: 20, preconditionFailed: 22, notSupported: 10, malformedRequest: 12 } as const;

/** Definite error codes are known and below 1000; anything else may have happened. */
export function isDefiniteError(code: unknown): boolean {
  return typeof code === 'number' && maelstromErrors[code]?.definite === true;
}

/** 'key-does-not-exist (20): text' for history events. */
export function describeError(code: unknown, text: unknown): string {
  const name = typeof code === 'number' ? (maelstromErrors[code]?.name ?? (code >= 1000 ? 'custom' : 'unknown')) : 'no-code';
  return `${name} (${String(code)})${typeof text === 'string' && text !== '' ? `: ${text}` : ''}`;
}
