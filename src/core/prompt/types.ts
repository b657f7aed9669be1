import type { NeighbourFile } from "../workspace/similarCode";
import type { WindowLimits } from "../python/window";
import type { WorkspaceIndex } from "../workspace/workspaceIndex";

/** Counts tokens the way the model's tokenizer would (Phi-2: GPT-2 BPE plus whitespace-run tokens). */
export type TokenCounter = (text: string) => number;

export interface PromptRequest {
  /** The whole document; CRLF is accepted and normalised to LF in the prompt. */
  text: string;
  /** Cursor position as a UTF-16 offset into `text` (what VS Code's `document.offsetAt` returns). */
  offset: number;
  /** Maximum prompt size in tokens; the default leaves half of Phi-2's 2048-token context for the answer. */
  tokenBudget?: number;
  countTokens: TokenCounter;
  /** How much of a large document the prompt is built from (see python/window.ts); the defaults unless measuring. */
  windowLimits?: Readonly<WindowLimits>;
  /** Stubs of what the file imports from its workspace go into the stable part (absent: the file alone). */
  workspace?: PromptWorkspace;
}

export interface PromptWorkspace {
  index: WorkspaceIndex;
  /** The document's workspace-relative, "/"-separated path. */
  file: string;
  /** Most tokens the workspace block may take (it never takes the body's reserved share). */
  maxTokens: number;
  /** Files the user has open or edited recently: windows of similar code come from them. */
  neighbours?: readonly NeighbourFile[];
}

export type CompletionMode = "single-line" | "multi-line";

export interface PromptScope {
  kind: "function" | "class" | "module";
  /** Name of the innermost enclosing `def`/`class` (absent at module level). */
  name?: string;
  /** Indentation of the statements directly inside that scope ("" at module level). */
  bodyIndent: string;
}

export interface BuiltPrompt {
  prompt: string;
  /**
   * `prompt.slice(0, stablePrefixLength)` depends only on code outside the function (or class/module
   * tail) being edited, so it stays byte-identical while the user types there: the engine's KV cache
   * keeps it, and it is the text to pre-evaluate in the background (see `buildWarmupPrompt`).
   */
  stablePrefixLength: number;
  mode: CompletionMode;
  /**
   * Absolute indentation the first new line of the completion should have: the cursor's column when it
   * sits on a blank line, one level deeper than a block opener right above it (or when the cursor is
   * right after that opener's colon), else the cursor line's own indentation.
   */
  indent: string;
  /**
   * Whitespace the user has already typed at the cursor that the prompt leaves out: GPT-2 BPE merges a
   * space into the following word (" return"), so a prompt ending in spaces is out of distribution.
   * The model regenerates this whitespace at the start of its answer; the postprocessor removes it
   * (and re-aligns the first line when the cursor sits on a blank line). "" when nothing was left out.
   */
  stripFromCompletion: string;
  scope: PromptScope;
  /** One indentation level in this document ("    ", "  " or "\t"). */
  indentUnit: string;
  /** True when some of the document (context or the body's oldest lines) did not fit the budget. */
  truncated: boolean;
  /** Token count of `prompt` according to the request's counter. */
  promptTokens: number;
}

export const DEFAULT_TOKEN_BUDGET = 1024;
