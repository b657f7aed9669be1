import type { Node } from "web-tree-sitter";
import { parsePython } from "../python/parser";
import {
  type ContextItem,
  contextItem,
  docstringStatement,
  editDistances,
  isDefinition,
  isImport,
  lastRow,
  rowsText,
} from "./context-items";
import { analyzeCursor, type CursorContext } from "./cursor";
import { isBlank, viewDocument } from "./document";
import { PythonOutline, type ScopeHeader } from "./outline";
import { coreEndRow, parseStructure, type Structure } from "./structure";
import { documentWindow } from "../python/window";
import {
  type BuiltPrompt,
  DEFAULT_TOKEN_BUDGET,
  type PromptRequest,
  type PromptScope,
  type PromptWorkspace,
  type TokenCounter,
} from "./types";
import { buildWorkspaceBlock, Relevance } from "../workspace/context";
import { collectImports, moduleImportStatements } from "../workspace/imports";
import { collectReferences } from "../workspace/references";
import { QUERY_LINES, renderSimilarCode, similarWindows } from "../workspace/similarCode";
import type { WorkspaceIndex } from "../workspace/workspaceIndex";

/**
 * Docstring-to-body prompt ("code format": imports, context, signature, docstring; the model writes the
 * body), laid out stable-first for KV-cache reuse:
 *
 *   stubs of imported workspace modules              ┐ (with a workspace: `# file:` headers, then the current file's)
 *   module docstring, imports, other top-level code  │ depend only on code outside the edited body,
 *   stubs of definitions below the cursor            │ so they are byte-identical between keystrokes
 *   enclosing class header, docstring, siblings      │ inside it: `stablePrefixLength` ends here
 *   enclosing def signature + docstring              ┘
 *   body so far, up to the cursor                    ← the volatile part
 *
 * Budget: the body is guaranteed BODY_RESERVE_SHARE of the budget; the context may use what the
 * enclosing headers leave of the rest. Neither share depends on the body's length, so typing never
 * changes which context is chosen. The workspace block comes out of the context's share (at most
 * `workspace.maxTokens`), before the current file's own items. When the body outgrows its share its oldest rows are dropped in
 * whole chunks of BODY_TRIM_CHUNK_ROWS so the cut point moves rarely.
 */
const BODY_RESERVE_SHARE = 0.35;
const BODY_TRIM_CHUNK_ROWS = 8;
/** PEP 8 spacing: two blank lines between top-level pieces, one inside a class or function. */
const MAX_BLANK_LINES_TOP_LEVEL = 2;
const MAX_BLANK_LINES_NESTED = 1;
/** Most of the workspace block the similar code from open files may take; the stubs get the rest. */
const SIMILAR_CODE_SHARE = 0.5;
/** Share of `workspace.maxTokens` the workspace block keeps even beside a very long docstring, which is cut for it. */
const WORKSPACE_FLOOR_SHARE = 0.75;

export async function buildPrompt(request: PromptRequest): Promise<BuiltPrompt> {
  const window = documentWindow(request.text, request.offset, request.windowLimits);
  const view = viewDocument(window.text, window.offset);
  const tree = await parsePython(view.text);
  try {
    const outline = new PythonOutline(view, tree);
    const cursor = analyzeCursor(outline);
    const structure = await parseStructure(outline, cursor);
    try {
      const budget = request.tokenBudget ?? DEFAULT_TOKEN_BUDGET;
      return new PromptAssembler(
        structure,
        view.lines,
        cursor,
        outline.indentUnit,
        request.countTokens,
        budget,
        request.workspace,
      ).build();
    } finally {
      structure.dispose();
    }
  } finally {
    tree.delete();
  }
}

/** The stable prefix alone: evaluate it in the background when the cursor enters a function. */
export async function buildWarmupPrompt(request: PromptRequest): Promise<string> {
  const built = await buildPrompt(request);
  return built.prompt.slice(0, built.stablePrefixLength);
}

/** The last workspace block built per index, with what it was built from (see PromptAssembler.workspaceBlock). */
const lastBlocks = new WeakMap<WorkspaceIndex, { key: string; block: string }>();

interface Piece {
  startRow: number;
  lines: string[];
  /** Separated from what precedes it by PEP 8's count of blank lines, not the file's (see `editDistances`' reason). */
  pep8Separation?: boolean;
}

/** The items of one container (module, class, outer function) and the header of the scope nested in it. */
interface Level {
  items: ContextItem[];
  memberCore?: Piece;
}

type ItemForm = "full" | "stub";

/**
 * Context and headers come from `structure` (the parse without the edited body); the body so far
 * comes from the document's own lines.
 */
class PromptAssembler {
  private truncated = false;
  private readonly outline: PythonOutline;
  private readonly scopes: ScopeHeader[];
  private readonly innermost: ScopeHeader | undefined;

  constructor(
    structure: Structure,
    private readonly documentLines: readonly string[],
    private readonly cursor: CursorContext,
    private readonly indentUnit: string,
    private readonly countTokens: TokenCounter,
    private readonly budget: number,
    private readonly workspace: PromptWorkspace | undefined,
  ) {
    this.outline = structure.outline;
    this.scopes = structure.scopes;
    this.innermost = structure.scopes.at(-1);
  }

  build(): BuiltPrompt {
    const { levels, volatileStartRow } = this.collectLevels();
    const bodyReserve = Math.floor(this.budget * BODY_RESERVE_SHARE);
    const coreLimit = this.budget - bodyReserve;
    this.fitCores(levels, coreLimit);
    // Headers too long to fit whole are cut (fitCores); the context then gets what the cut headers leave.
    let contextLimit = Math.max(0, coreLimit - this.coreTokens(levels, coreLimit));
    // A docstring long enough to crowd the imported names out gives up its later lines for a smaller block instead.
    const workspaceFloor = Math.floor((this.workspace?.maxTokens ?? 0) * WORKSPACE_FLOOR_SHARE);
    const crowded = contextLimit < workspaceFloor;
    const workspaceBlock = this.workspaceBlock(volatileStartRow, crowded ? workspaceFloor : contextLimit);
    const blockTokens = workspaceBlock === "" ? 0 : this.countTokens(workspaceBlock);
    if (crowded && blockTokens > 0) {
      const headersLimit = coreLimit - blockTokens;
      this.fitCores(levels, headersLimit);
      contextLimit = Math.max(0, coreLimit - this.coreTokens(levels, headersLimit));
    }
    const forms = this.chooseItemForms(levels, Math.max(0, contextLimit - blockTokens));

    const pieces: Piece[] = [];
    for (const level of levels) {
      for (const item of level.items) {
        const form = forms.get(item);
        if (form)
          pieces.push({
            startRow: item.startRow,
            lines: form === "full" ? item.full : (item.stub ?? item.full),
            pep8Separation: item.belowEditedCode,
          });
      }
      if (level.memberCore) pieces.push(level.memberCore);
    }
    const stable = workspaceBlock + this.render(pieces);
    const prompt = stable + this.fitVolatile(stable, volatileStartRow);
    const promptTokens = this.countTokens(prompt);
    if (promptTokens > this.budget) this.truncated = true; // the cursor line or the headers alone exceed it

    const { cursor } = this;
    return {
      prompt,
      stablePrefixLength: stable.length,
      mode: cursor.mode,
      indent: cursor.indent,
      stripFromCompletion: cursor.stripFromCompletion,
      scope: this.scope(),
      indentUnit: this.indentUnit,
      truncated: this.truncated,
      promptTokens,
    };
  }

  /**
   * Stubs of what the file imports from the workspace, then the current file's `# file:` header. Imports
   * and references come from the structure's rows outside the code being typed (from `volatileStartRow`
   * to the cursor), so the block does not change while the user types there.
   */
  private workspaceBlock(volatileStartRow: number, limit: number): string {
    const { workspace } = this;
    if (!workspace) return "";
    const header = `# file: ${workspace.file}\n`;
    const maxTokens = Math.min(workspace.maxTokens, limit) - this.countTokens(header) - 1;
    if (maxTokens <= 0) return "";
    const { tree } = this.outline;
    const typing = (row: number) => row >= volatileStartRow && row <= this.cursor.row;
    const innermost = this.innermost;
    const signatureEnd = innermost ? coreEndRow(innermost, this.cursor.row) : -1;
    // Keystrokes inside a body leave the structure's text as it was: reuse the block instead of re-reading the tree.
    const key = [
      workspace.index.generation,
      workspace.file,
      maxTokens,
      volatileStartRow,
      this.cursor.row,
      innermost?.startRow,
      signatureEnd,
      this.outline.view.text,
      ...(workspace.neighbours ?? []).map((neighbour) => `${neighbour.file}@${neighbour.version}`),
    ].join("\u0000");
    const remembered = lastBlocks.get(workspace.index);
    if (remembered?.key === key) return remembered.block;
    // The class of the method being written: its other methods show what its attributes are (`self.pool = Pool()`).
    const enclosingClass = this.scopes[0]?.kind === "class" ? this.scopes[0] : undefined;
    const classLast = enclosingClass?.bodyStatements.at(-1);
    const inEnclosingClass = (row: number) =>
      enclosingClass !== undefined &&
      classLast !== undefined &&
      row >= enclosingClass.startRow &&
      row <= lastRow(classLast);
    const inSignature = (row: number) => innermost !== undefined && row >= innermost.startRow && row <= signatureEnd;
    // An import names what it binds, which says nothing of what the code uses.
    const importRows = new Set<number>();
    for (const statement of moduleImportStatements(tree))
      for (let row = statement.startPosition.row; row <= lastRow(statement); row++) importRows.add(row);
    const references = collectReferences(tree, {
      tierOf: (row) =>
        typing(row) || importRows.has(row)
          ? undefined
          : inSignature(row)
            ? Relevance.Signature
            : inEnclosingClass(row)
              ? Relevance.EnclosingClass
              : Relevance.FileCode,
      readsStrings: inSignature,
    });
    const imports = collectImports(
      tree,
      (statement) => !typing(statement.startPosition.row) && !typing(lastRow(statement)),
    );
    const stubRequest = {
      index: workspace.index,
      currentFile: workspace.file,
      imports,
      references,
      countTokens: this.countTokens,
    };
    const tokensOf = (block: string) => (block === "" ? 0 : this.countTokens(block) + 1);
    // Similar code ranks below the stubs of names the file refers to and above the rest of wholly imported modules.
    const referenced = buildWorkspaceBlock({ ...stubRequest, maxTokens, leastRelevance: Relevance.FileCode });
    const similarTokens = Math.min(Math.floor(maxTokens * SIMILAR_CODE_SHARE), maxTokens - tokensOf(referenced));
    // The rows above the code being typed: the signature, the docstring and what precedes them.
    const query = this.documentLines.slice(Math.max(0, volatileStartRow - QUERY_LINES), volatileStartRow).join("\n");
    const similar =
      workspace.neighbours?.length && similarTokens > 0
        ? renderSimilarCode(
            similarWindows(query, workspace.neighbours, workspace.file),
            similarTokens,
            this.countTokens,
          )
        : "";
    const stubs = buildWorkspaceBlock({ ...stubRequest, maxTokens: maxTokens - tokensOf(similar) });
    const built = [similar, stubs].filter((part) => part !== "").join("\n");
    const block = built === "" ? "" : `${built}\n${header}`;
    lastBlocks.set(workspace.index, { key, block });
    return block;
  }

  private scope(): PromptScope {
    const scope = this.innermost;
    return scope
      ? { kind: scope.kind, name: scope.name, bodyIndent: scope.bodyIndent }
      : { kind: "module", bodyIndent: "" };
  }

  /** Splits the code above the cursor into per-container context items and scope headers. */
  private collectLevels(): { levels: Level[]; volatileStartRow: number } {
    const { scopes } = this;
    const { row } = this.cursor;
    const levels: Level[] = [];
    let volatileStartRow = 0;
    for (let depth = 0; depth <= scopes.length; depth++) {
      const container = depth === 0 ? undefined : scopes[depth - 1];
      const member = scopes[depth];
      const statements = container
        ? container.bodyStatements.filter((s) => s.startPosition.row > container.docEndRow)
        : this.outline.moduleStatements();
      const moduleDocstring = container ? undefined : docstringStatement(statements);
      const pinned = (node: Node) => node === moduleDocstring || isImport(node);
      const summarizeBelow = container?.kind !== "function"; // a function's later statements are not context

      let before: Node[];
      if (member) {
        before = statements.filter((s) => lastRow(s) < member.startRow);
      } else if (container?.kind === "function") {
        before = [];
        volatileStartRow = coreEndRow(container, row) + 1;
      } else {
        // Directly in a module or class body: the trailing run of plain statements is being written,
        // and so is any statement the cursor is inside of (a `def` whose signature is being typed).
        const above = statements.filter((s) => s.startPosition.row <= row);
        const beingWritten = (s: Node) => lastRow(s) >= row || (!isDefinition(s) && !pinned(s));
        let tailStart = above.length;
        while (tailStart > 0 && beingWritten(above[tailStart - 1])) tailStart--;
        before = above.slice(0, tailStart);
        volatileStartRow = tailStart > 0 ? lastRow(above[tailStart - 1]) + 1 : container ? container.docEndRow + 1 : 0;
      }
      const below = summarizeBelow
        ? statements.filter((s) => s.startPosition.row > row && (isDefinition(s) || pinned(s)))
        : [];

      const distance = editDistances(below, member ? member.startRow : volatileStartRow);
      const items = [
        ...before.map((s) => contextItem(this.outline, s, pinned(s) ? 0 : 1, distance.above(s))),
        ...below.map((s) => {
          const item = contextItem(this.outline, s, pinned(s) ? 0 : 1, distance.below(s));
          // Code below the cursor only as signatures, with PEP 8's blank lines above: the rows above the first one
          // belong to the edited body, which the structure blanks out as far as the user has typed.
          const below = { ...item, belowEditedCode: true };
          return item.stub ? { ...below, full: item.stub } : below;
        }),
      ];
      const memberCore = member
        ? { startRow: member.startRow, lines: rowsText(this.outline, member.startRow, coreEndRow(member, row)) }
        : undefined;
      levels.push({ items, memberCore });
    }
    return { levels, volatileStartRow };
  }

  /** Tokens of the enclosing headers, as fitCores left them for `limit`. */
  private coreTokens(levels: Level[], limit: number): number {
    const fullCore = this.fullCoreTokens();
    return fullCore <= limit
      ? fullCore
      : levels.reduce((sum, level) => sum + (level.memberCore ? this.cost(level.memberCore.lines) : 0), 0);
  }

  /**
   * What the enclosing headers cost with their docstrings complete, whether or not the cursor is past the
   * docstring yet: the context's share must not change when the user presses Enter after a docstring, or the
   * warm-up done while the cursor stood on its closing quotes would be for another context.
   */
  private fullCoreTokens(): number {
    // The document's scopes: the structure has the innermost docstring replaced while the cursor is on it.
    return this.cursor.scopes.reduce(
      (sum, scope) => sum + this.cost(this.documentLines.slice(scope.startRow, scope.docEndRow + 1)),
      0,
    );
  }

  /** Shrinks the enclosing headers when they alone exceed `limit`: outer docstrings go first, then the innermost docstring's middle. */
  private fitCores(levels: Level[], limit: number): void {
    const cores = levels.map((level) => level.memberCore).filter((core): core is Piece => core !== undefined);
    const total = () => cores.reduce((sum, core) => sum + this.cost(core.lines), 0);
    if (total() <= limit) return;
    this.truncated = true;
    const { scopes } = this;
    cores.slice(0, -1).forEach((core, i) => {
      core.lines = rowsText(this.outline, scopes[i].startRow, scopes[i].headerEndRow);
    });
    const innermostCore = cores.at(-1);
    const innermost = scopes.at(-1);
    if (!innermostCore || !innermost) return;
    const headerRows = innermost.headerEndRow - innermost.startRow + 1;
    const docRows = innermostCore.lines.slice(headerRows);
    // Keep the docstring's opening lines and its closing line so the prompt stays valid Python.
    while (docRows.length > 2 && total() > limit) {
      docRows.splice(docRows.length - 2, 1);
      innermostCore.lines = [...innermostCore.lines.slice(0, headerRows), ...docRows];
    }
  }

  /** Pass 1 gives every item its cheapest form by priority (names first); pass 2 upgrades the nearest to full text. */
  private chooseItemForms(levels: Level[], limit: number): Map<ContextItem, ItemForm> {
    const ranked = levels.flatMap((level) => level.items).sort((a, b) => a.tier - b.tier || a.distance - b.distance);
    const forms = new Map<ContextItem, ItemForm>();
    let used = 0;
    for (const item of ranked) {
      const cost = this.cost(item.stub ?? item.full);
      if (used + cost > limit) continue;
      used += cost;
      forms.set(item, item.stub ? "stub" : "full");
    }
    for (const item of ranked) {
      if (forms.get(item) !== "stub" || item.stub === item.full) continue;
      const extra = this.cost(item.full) - this.cost(item.stub ?? item.full);
      if (used + extra > limit) continue;
      used += extra;
      forms.set(item, "full");
    }
    if (ranked.some((item) => !forms.has(item) || (forms.get(item) === "stub" && item.stub !== item.full)))
      this.truncated = true;
    return forms;
  }

  /** Body rows from `startRow` to the cursor, oldest rows dropped in chunks until the prompt fits. */
  private fitVolatile(stable: string, startRow: number): string {
    const { row, onBlankPrefix, linePrefix } = this.cursor;
    const cursorPiece = onBlankPrefix ? "" : linePrefix.trimEnd();
    const rows = (from: number) => this.documentLines.slice(from, row).map((line) => line.trimEnd());
    const text = (from: number) => {
      const above = rows(from);
      if (stable === "") while (above.length > 0 && above[0] === "") above.shift();
      return above.length > 0 ? `${above.join("\n")}\n${cursorPiece}` : cursorPiece;
    };
    const stableTokens = this.countTokens(stable);
    let from = startRow;
    const lineCosts = rows(startRow).map((line) => this.countTokens(`${line}\n`));
    let estimate = lineCosts.reduce((sum, cost) => sum + cost, stableTokens + this.countTokens(cursorPiece));
    while (from + BODY_TRIM_CHUNK_ROWS <= row && estimate > this.budget) {
      estimate -= lineCosts
        .slice(from - startRow, from - startRow + BODY_TRIM_CHUNK_ROWS)
        .reduce((sum, cost) => sum + cost, 0);
      from += BODY_TRIM_CHUNK_ROWS;
    }
    // The per-line estimate ignores merges across line breaks; confirm with the real count.
    while (from + BODY_TRIM_CHUNK_ROWS <= row && this.countTokens(stable + text(from)) > this.budget)
      from += BODY_TRIM_CHUNK_ROWS;
    if (from > startRow) this.truncated = true;
    return text(from);
  }

  /** Joins pieces keeping (up to the PEP 8 count) the blank lines that separate them in the file. */
  private render(pieces: Piece[]): string {
    let text = "";
    for (const piece of pieces) {
      if (text !== "") text += "\n".repeat(this.blankRowsAbove(piece.startRow, piece.pep8Separation === true));
      text += `${piece.lines.map((line) => line.trimEnd()).join("\n")}\n`;
    }
    return text;
  }

  private blankRowsAbove(row: number, pep8: boolean): number {
    const max = this.outline.rowIndent(row) === "" ? MAX_BLANK_LINES_TOP_LEVEL : MAX_BLANK_LINES_NESTED;
    if (pep8) return max;
    let count = 0;
    while (count < max && row - count - 1 >= 0 && isBlank(this.outline.view.lines[row - count - 1])) count++;
    return count;
  }

  /** Tokens of a piece, plus one for the line breaks that join it to its neighbours. */
  private cost(lines: string[]): number {
    return this.countTokens(lines.join("\n")) + 1;
  }
}
