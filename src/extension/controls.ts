import * as vscode from "vscode";
import { documentCursorSyntax } from "../core/controls/cursorSyntax";
import { DocumentTrees } from "../core/controls/documentTrees";
import { Snooze } from "../core/controls/snooze";
import { excludeGlobs, languageEnabled, suggestionBlock } from "../core/controls/suggestionControls";
import type { Logger } from "../core/logger";
import type { Config } from "./config";
import type { StatusBar } from "./statusBar";

const SNOOZE_KEY = "phiPair.snoozedUntil";
/** Context key: "End Snooze" shows in the palette while a snooze is on. */
const SNOOZED_CONTEXT = "phiPair.snoozed";
/** The status bar menu's choices, in minutes. */
export const SNOOZE_CHOICES = [5, 15, 30, 60, 240];

/**
 * The user's controls over where and when suggestions show (decided by src/core/controls): languages on/off,
 * excluded files, pause, snooze (kept in global state, so a reload keeps it), the manual trigger, and no automatic
 * suggestions in comments and ordinary strings.
 */
export class SuggestionControls implements vscode.Disposable {
  private readonly snooze = new Snooze();
  private snoozeTimer: NodeJS.Timeout | undefined;
  /** Where the cursor is needs a parse on each automatic request: incremental ones. */
  private readonly trees = new DocumentTrees();
  private readonly closed: vscode.Disposable;

  constructor(
    private readonly host: {
      readonly config: Config;
      readonly log: Logger;
      readonly statusBar: StatusBar;
      readonly paused: boolean;
      readonly extensionContext: vscode.ExtensionContext;
    },
  ) {
    this.snooze.restore(host.extensionContext.globalState.get<number>(SNOOZE_KEY));
    this.showSnooze();
    this.closed = vscode.workspace.onDidCloseTextDocument((document) => this.trees.forget(document.uri.toString()));
  }

  /** Whether no suggestion may be made for this request (the provider's one check before it asks the model). */
  async blocked(document: vscode.TextDocument, position: vscode.Position, explicit: boolean): Promise<boolean> {
    const block = await suggestionBlock(
      {
        explicit,
        languageId: document.languageId,
        excluded: this.excluded(document),
        paused: this.host.paused,
        snoozed: this.snooze.active,
        cursorSyntax: () =>
          documentCursorSyntax(
            this.trees,
            document.uri.toString(),
            document.getText(new vscode.Range(0, 0, position.line + 1, 0)),
            document.offsetAt(position),
          ),
      },
      this.host.config.controls,
    );
    if (block) this.host.log.debug(`No suggestion (${block}) at ${document.uri.toString()}:${position.line + 1}`);
    return block !== undefined;
  }

  /** The model may see this document at all (warm-up asks before pre-evaluating its prompt). */
  allowsModel(document: vscode.TextDocument): boolean {
    return languageEnabled(this.host.config.controls.enable, document.languageId) && !this.excluded(document);
  }

  /** `phiPair.completion.exclude`, matched by VS Code's own document filters (the globs users know from settings). */
  private excluded(document: vscode.TextDocument): boolean {
    const globs = excludeGlobs(this.host.config.exclude(document));
    return (
      globs.length > 0 &&
      vscode.languages.match(
        globs.map((pattern) => ({ pattern })),
        document,
      ) > 0
    );
  }

  get snoozedUntil(): Date | undefined {
    const until = this.snooze.until;
    return until === undefined ? undefined : new Date(until);
  }

  /** Snoozes automatic suggestions for `minutes` (0: ends the snooze). */
  async snoozeFor(minutes: number): Promise<void> {
    this.snooze.start(minutes);
    await this.host.extensionContext.globalState.update(SNOOZE_KEY, this.snooze.until);
    this.showSnooze();
  }

  async endSnooze(): Promise<void> {
    await this.snoozeFor(0);
  }

  /** Status bar and context key now, and again when the snooze runs out. */
  private showSnooze(): void {
    clearTimeout(this.snoozeTimer);
    const until = this.snoozedUntil;
    this.host.statusBar.setSnoozedUntil(until);
    void vscode.commands.executeCommand("setContext", SNOOZED_CONTEXT, until !== undefined);
    if (until) this.snoozeTimer = setTimeout(() => this.showSnooze(), Math.max(0, until.getTime() - Date.now()) + 50);
  }

  dispose(): void {
    clearTimeout(this.snoozeTimer);
    this.closed.dispose();
    this.trees.dispose();
  }
}
