import { viewDocument } from "../prompt/document";
import { documentWindow } from "../python/window";
import type { BuiltPrompt, CompletionMode } from "../prompt/types";

/** What the filters know about the document around the cursor. */
export interface PostprocessContext {
  mode: CompletionMode;
  /** Cursor line text before the cursor. */
  linePrefix: string;
  /** Cursor line text after the cursor. */
  lineSuffix: string;
  /** Document lines below the cursor line (the suffix the model never saw). */
  nextLines: string[];
  /** BuiltPrompt.indent: where the first new line of the completion belongs. */
  indent: string;
  /** BuiltPrompt.stripFromCompletion: whitespace already typed that the model regenerates. */
  stripFromCompletion: string;
  /** Indentation of the enclosing scope's statements; code indented less has left that scope. */
  bodyIndent: string;
  indentUnit: string;
  maxLines: number;
  /** Line break of the document, used for the returned text. */
  eol: "\n" | "\r\n";
}

export interface PostprocessOptions {
  /** Most lines a multi-line completion may have (default 20). */
  maxLines?: number;
}

export const DEFAULT_MAX_LINES = 20;
/** How far below the cursor the duplicate-code filters look. */
const NEXT_LINES_LOOKAHEAD = 50;

export function createPostprocessContext(
  text: string,
  offset: number,
  built: BuiltPrompt,
  options: PostprocessOptions = {},
): PostprocessContext {
  // the window the prompt was built from: the lines below the cursor that the filters compare with are in it
  const window = documentWindow(text, offset);
  const view = viewDocument(window.text, window.offset);
  const line = view.lines[view.row] ?? "";
  return {
    mode: built.mode,
    linePrefix: line.slice(0, view.column),
    lineSuffix: line.slice(view.column),
    nextLines: view.lines.slice(view.row + 1, view.row + 1 + NEXT_LINES_LOOKAHEAD),
    indent: built.indent,
    stripFromCompletion: built.stripFromCompletion,
    bodyIndent: built.scope.bodyIndent,
    indentUnit: built.indentUnit,
    maxLines: built.mode === "single-line" ? 1 : (options.maxLines ?? DEFAULT_MAX_LINES),
    eol: view.eol,
  };
}

/**
 * A filter takes the completion as lines and returns the lines to keep (an empty array drops the
 * completion). Line 0 is the text inserted at the cursor; after `alignToCursor` every other line
 * carries its absolute indentation.
 */
export type CompletionFilter = (lines: readonly string[], context: PostprocessContext) => string[];

/** The cursor line has only whitespace before the cursor, so the completion starts a new statement. */
export function startsOnBlankLine(context: PostprocessContext): boolean {
  return context.linePrefix.trim() === "";
}
