/** The sink kinds, in bit order (taint.ts). Adding a kind is adding its name here; its bit and `ALL_SINKS` follow. */
export const SINK_KINDS = ["path", "sql", "command", "code"] as const;
export type SinkKind = (typeof SINK_KINDS)[number];
