/**
 * Text that did not come from the extension (file metadata, server answers, paths, model output) made safe for
 * VS Code's plain-text notification surfaces, which turn `[label](command:…)` / `(https:…)` / `(file:…)` into
 * clickable links (VS Code's `parseLinkedText`: a `[`…`]` immediately followed by `(`). A zero-width space between
 * `]` and `(` breaks that syntax and leaves the text as it reads; line breaks become spaces (one-line surfaces).
 */
export function neutraliseLinks(text: string): string {
  return text.replace(/\]\(/g, "]\u200B(").replace(/[\r\n\u2028\u2029]+/g, " ");
}
