import type { CompletionFilter } from "../context";

/** Long ghost text is rarely accepted whole; cap it at the configured number of lines. */
export const limitLines: CompletionFilter = (lines, context) => lines.slice(0, context.maxLines);
