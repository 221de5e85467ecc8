/**
 * The body of a Maelstrom message (doc/protocol.md): a JSON object with a `type` and whatever
 * fields that type carries. Workloads build and read bodies; the target's relays, services and
 * endpoint carry them, so the type sits here, below both.
 */
export type Body = Record<string, unknown> & { type: string };
