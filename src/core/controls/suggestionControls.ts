import type { CursorSyntax } from "./cursorSyntax";

/** The settings that say where and when suggestions may show (package.json holds their defaults). */
export interface ControlSettings {
  trigger: "automatic" | "manual";
  /** `phiPair.completion.enable`: language id → on/off, `"*"` for every other language (as `github.copilot.enable`). */
  enable: Readonly<Record<string, boolean>>;
  /** `phiPair.completion.inCommentsAndStrings`: automatic suggestions inside comments and ordinary strings too. */
  inCommentsAndStrings: boolean;
}

/** What a suggestion request is, as far as the controls care. */
export interface ControlledRequest {
  /** Asked for (Alt+\ / Suggest Here) rather than shown while typing. */
  explicit: boolean;
  languageId: string;
  /** The document matches `phiPair.completion.exclude`. */
  excluded: boolean;
  paused: boolean;
  snoozed: boolean;
  /** Where the cursor is; only called when the answer decides (a parse of the document). */
  cursorSyntax(): Promise<CursorSyntax>;
}

/**
 * Why no suggestion may be made, if so. A language turned off and an excluded file get none at all (the model does
 * not see them); pause, snooze, the manual trigger and a cursor in a comment or an ordinary string stop only the
 * automatic ones, so Alt+\ still asks.
 */
export type SuggestionBlock =
  "language-off" | "excluded" | "paused" | "snoozed" | "manual-trigger" | "in-comment" | "in-string";

export async function suggestionBlock(
  request: ControlledRequest,
  settings: ControlSettings,
): Promise<SuggestionBlock | undefined> {
  if (!languageEnabled(settings.enable, request.languageId)) return "language-off";
  if (request.excluded) return "excluded";
  if (request.explicit) return undefined;
  if (request.paused) return "paused";
  if (request.snoozed) return "snoozed";
  if (settings.trigger === "manual") return "manual-trigger";
  if (settings.inCommentsAndStrings) return undefined;
  const syntax = await request.cursorSyntax();
  if (syntax === "comment") return "in-comment";
  if (syntax === "string") return "in-string";
  return undefined;
}

/** A language's own entry wins over `"*"`; a language named by neither is on. */
export function languageEnabled(enable: Readonly<Record<string, boolean>>, languageId: string): boolean {
  return enable[languageId] ?? enable["*"] ?? true;
}

/**
 * `phiPair.completion.exclude` as document-filter globs: like .gitignore, a pattern without a `/` (`*.ipynb`,
 * `secrets.py`) matches a file name in any folder; one with a `/` matches the whole path (`**\/secrets/**`).
 * Blank entries are dropped.
 */
export function excludeGlobs(patterns: readonly string[]): string[] {
  return patterns
    .map((pattern) => pattern.trim())
    .filter((pattern) => pattern !== "")
    .map((pattern) => (pattern.includes("/") ? pattern : `**/${pattern}`));
}
