/**
 * Thrown by a client when the run cannot go on meaningfully: the server says it does not serve
 * an operation the workload issues (http-kv's 501), or it answers in a way the protocol has no
 * meaning for. Any other error of an operation is indeterminate (info) and the run goes on; this
 * one ends the run (healed, processes killed, history kept) with its message.
 */
export class StopRunError extends Error {
  override readonly name = 'StopRunError';
  constructor(
    message: string,
    /** What to record for the operation that ran into it before the run stops. */
    readonly completion: { type: 'fail' | 'info'; error: string },
  ) {
    super(message);
  }
}
