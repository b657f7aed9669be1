import type { CompletionFilter } from "../context";

const OPENER_OF: Record<string, string> = { ")": "(", "]": "[", "}": "{" };
const QUOTES = new Set(["'", '"']);
const SEPARATORS = new Set([":", ","]);

/**
 * With text after the cursor on its line, the completion's first line must not repeat it. The model
 * often closes what is already closed (`print(█)` → `name)`): remove a trailing run of closing
 * characters the suffix starts with, but only the ones the completion does not balance itself
 * (`print(█)` → `len(name)` keeps its parenthesis). When the suffix holds code, a completion that
 * ends with all of it rewrote it: remove it. A completion adding nothing is dropped.
 */
export const trimSuffixOverlap: CompletionFilter = (lines, context) => {
  const suffix = context.lineSuffix.trim();
  if (suffix === "" || lines.length === 0) return [...lines];
  const first = lines[0].trimEnd();
  const onlyClosing = [...suffix].every(isClosingCharacter);
  const overlap = !onlyClosing && first.endsWith(suffix) ? suffix.length : unbalancedClosingOverlap(first, suffix);
  const trimmed = first.slice(0, first.length - overlap);
  if (lines.length === 1 && trimmed.trim() === "") return [];
  return [trimmed, ...lines.slice(1)];
};

function isClosingCharacter(ch: string): boolean {
  return ch in OPENER_OF || QUOTES.has(ch) || SEPARATORS.has(ch);
}

/** Closing characters at the end of `text` that `text` itself leaves unmatched and `suffix` starts with. */
function unbalancedClosingOverlap(text: string, suffix: string): number {
  let rest = text;
  while (rest.length > 0 && closesNothingInside(rest, rest[rest.length - 1])) rest = rest.slice(0, -1);
  let length = text.length - rest.length;
  while (length > 0 && !suffix.startsWith(text.slice(text.length - length))) length--;
  return length;
}

/** `ch`, the last character of `text`, has no partner earlier in `text`. */
function closesNothingInside(text: string, ch: string): boolean {
  if (SEPARATORS.has(ch)) return true;
  if (QUOTES.has(ch)) return count(text, ch) % 2 === 1;
  const opener = OPENER_OF[ch];
  return opener !== undefined && count(text, ch) > count(text, opener);
}

function count(text: string, ch: string): number {
  return text.split(ch).length - 1;
}
