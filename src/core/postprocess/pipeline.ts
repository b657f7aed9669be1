/**
 * Output post-processing for raw Phi-2 completions.
 *
 * Entry point for the completion service (after `buildPrompt` and the engine call):
 *
 *   postprocessCompletion(text: string, offset: number, raw: string, built: BuiltPrompt,
 *                         options?: PostprocessOptions): string | undefined
 *
 *   text, offset  the document and the UTF-16 cursor offset given to buildPrompt
 *   raw           the model's text, generated after `built.prompt` with
 *                 `customStopTriggers: stopTriggersFor(built.mode)`
 *   returns       the text to insert at the cursor (document line endings), or undefined when
 *                 nothing useful is left; never an empty or whitespace-only string
 *
 * Filters run in this order, each seeing the previous one's output (see filters/ for the why of each):
 *   1. alignToCursor                   remove whitespace already typed; fix the first line's indentation
 *   2. keepFirstLineInSingleLineMode   mid-line: the rest of this line only
 *   3. stopAtDedent                    the scope's body ended
 *   4. stopAtTopLevel                  column-0 def/class/import/decorator/comment/main guard
 *   5. stopAtExistingCode              the model started rewriting the line below the cursor
 *   6. stopAtRepetition                greedy-decoding loops
 *   7. limitLines                      cap on the number of lines
 *   8. trimSuffixOverlap               do not repeat what follows the cursor on its line
 *   9. trimWhitespace                  trailing whitespace and blank lines; drop if nothing is left
 * Indentation is fixed first so the indentation-based stops compare absolute columns; the stops come
 * before the line limit so it counts only kept code; whitespace is trimmed last.
 */
import type { BuiltPrompt } from "../prompt/types";
import {
  type CompletionFilter,
  createPostprocessContext,
  type PostprocessContext,
  type PostprocessOptions,
} from "./context";
import { alignToCursor } from "./filters/align-to-cursor";
import { limitLines } from "./filters/limit-lines";
import { keepFirstLineInSingleLineMode } from "./filters/single-line";
import { stopAtDedent } from "./filters/stop-at-dedent";
import { stopAtExistingCode } from "./filters/stop-at-existing-code";
import { stopAtRepetition } from "./filters/stop-at-repetition";
import { stopAtTopLevel } from "./filters/stop-at-top-level";
import { trimSuffixOverlap } from "./filters/trim-suffix-overlap";
import { trimWhitespace } from "./filters/trim-whitespace";

/** `stops`: the filter ends the suggestion at a line; once it has, more lines after it cannot change the result. */
export const FILTERS: ReadonlyArray<{ name: string; apply: CompletionFilter; stops?: true }> = [
  { name: "align-to-cursor", apply: alignToCursor },
  { name: "single-line", apply: keepFirstLineInSingleLineMode, stops: true },
  { name: "stop-at-dedent", apply: stopAtDedent, stops: true },
  { name: "stop-at-top-level", apply: stopAtTopLevel, stops: true },
  { name: "stop-at-existing-code", apply: stopAtExistingCode, stops: true },
  { name: "stop-at-repetition", apply: stopAtRepetition, stops: true },
  { name: "limit-lines", apply: limitLines, stops: true },
  { name: "trim-suffix-overlap", apply: trimSuffixOverlap },
  { name: "trim-whitespace", apply: trimWhitespace },
];

export function postprocess(raw: string, context: PostprocessContext): string | undefined {
  return runFilters(raw, context).text;
}

/**
 * The suggestion, and whether a stop filter ended it inside `raw`: given only complete lines, the suggestion is
 * then final, whatever the model would write next.
 */
function runFilters(raw: string, context: PostprocessContext): { text: string | undefined; stopped: boolean } {
  let lines = raw.replace(/\r\n/g, "\n").split("\n");
  let stopped = false;
  for (const filter of FILTERS) {
    const before = lines.length;
    lines = filter.apply(lines, context);
    stopped ||= filter.stops === true && lines.length < before;
    if (lines.length === 0) return { text: undefined, stopped };
  }
  const text = lines.join(context.eol);
  return { text: text.trim() === "" ? undefined : text, stopped };
}

export function postprocessCompletion(
  text: string,
  offset: number,
  raw: string,
  built: BuiltPrompt,
  options?: PostprocessOptions,
): string | undefined {
  return postprocess(raw, createPostprocessContext(text, offset, built, options));
}

/**
 * postprocessCompletion for the complete lines of a generation still running, and whether that suggestion is final
 * (a stop filter cut it: see runFilters), so the generation can end.
 */
export function postprocessCompleteLines(
  text: string,
  offset: number,
  completeLines: string,
  built: BuiltPrompt,
  options?: PostprocessOptions,
): { text: string | undefined; final: boolean } {
  const { text: suggestion, stopped } = runFilters(
    completeLines,
    createPostprocessContext(text, offset, built, options),
  );
  return { text: suggestion, final: stopped };
}
