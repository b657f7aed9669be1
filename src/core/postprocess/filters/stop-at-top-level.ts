import type { CompletionFilter } from "../context";
import { TOP_LEVEL_STOP_PREFIXES } from "../stop-triggers";

/**
 * Ends the completion before a column-0 `def`, `class`, import, decorator, comment or main guard
 * (the same rule as the engine's stop triggers). Matters at module level, where dedenting ends
 * nothing; line 0 is what the user asked for and is never cut.
 */
export const stopAtTopLevel: CompletionFilter = (lines) => {
  const end = lines.findIndex(
    (line, index) => index > 0 && TOP_LEVEL_STOP_PREFIXES.some((prefix) => line.startsWith(prefix)),
  );
  return end === -1 ? [...lines] : lines.slice(0, end);
};
