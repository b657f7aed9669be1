import * as vscode from "vscode";
import type { CompletionService, Suggestion } from "../core/completion/completionService";
import type { Logger } from "../core/logger";
import type { Config } from "./config";

/** Decides whether a linted suggestion is shown and what accepting it runs (see the review feature). */
export interface SuggestionGate {
  admit(
    document: vscode.TextDocument,
    position: vscode.Position,
    suggestion: Suggestion,
  ): { show: boolean; command?: vscode.Command };
}

/** What the provider needs from the extension: the service for the current model, and whether it may run. */
export interface ProviderHost {
  readonly config: Config;
  /** The user's controls (controls.ts: languages, exclude, pause, snooze, trigger, comments/strings): no suggestion when blocked. */
  readonly controls: {
    blocked(document: vscode.TextDocument, position: vscode.Position, explicit: boolean): Promise<boolean>;
  };
  completionService(): Promise<CompletionService | undefined>;
  readonly gate: SuggestionGate;
  readonly log: Logger;
  /** Called whenever a request ends, with the running totals (the status bar shows them). */
  requestsChanged(requests: Readonly<RequestCounts>): void;
}

/** How VS Code's completion requests ended: a pending count that never drops back to 0 is a stuck request. */
export interface RequestCounts {
  started: number;
  settled: number;
  /** Requests that threw; logged, and answered with no suggestion. */
  failed: number;
}

/**
 * The command of every suggestion shown (VS Code runs it when the whole suggestion is accepted): it sets
 * SUGGESTION_ACCEPTED_CONTEXT, which checks off the walkthrough's "Try a suggestion" step, then runs the gate's
 * command (the tracking of an accepted flagged suggestion). A context key rather than `onCommand:`: VS Code runs an
 * item command that has arguments through an internal delegating command, so `onCommand:` never sees its id.
 */
export const SUGGESTION_ACCEPTED_COMMAND = "phiPair.suggestionAccepted";
export const SUGGESTION_ACCEPTED_CONTEXT = "phiPair.suggestionAccepted";

export async function suggestionAccepted(then?: vscode.Command): Promise<void> {
  await vscode.commands.executeCommand("setContext", SUGGESTION_ACCEPTED_CONTEXT, true);
  if (then) await vscode.commands.executeCommand(then.command, ...((then.arguments ?? []) as unknown[]));
}

/** Automatic suggestions mid-line only when what follows the cursor is closing brackets, quotes or punctuation. */
const AUTOMATIC_LINE_SUFFIX = /^[\s)\]}'":;,]*$/;

export class PhiInlineCompletionProvider implements vscode.InlineCompletionItemProvider {
  private readonly counts: RequestCounts = { started: 0, settled: 0, failed: 0 };
  /** Numbers the requests, so only the latest one's block may refresh the ghost text. */
  private latestRequest = 0;

  constructor(private readonly host: ProviderHost) {}

  get requests(): Readonly<RequestCounts> {
    return this.counts;
  }

  async provideInlineCompletionItems(
    document: vscode.TextDocument,
    position: vscode.Position,
    context: vscode.InlineCompletionContext,
    token: vscode.CancellationToken,
  ): Promise<vscode.InlineCompletionItem[] | undefined> {
    this.counts.started++;
    try {
      return await this.provide(document, position, context, token);
    } catch (error) {
      // VS Code would only note a rejection in its own log; ours is where users look.
      this.counts.failed++;
      this.host.log.error(`Inline completion failed: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    } finally {
      this.counts.settled++;
      this.host.requestsChanged(this.counts);
    }
  }

  private async provide(
    document: vscode.TextDocument,
    position: vscode.Position,
    context: vscode.InlineCompletionContext,
    token: vscode.CancellationToken,
  ): Promise<vscode.InlineCompletionItem[] | undefined> {
    const explicit = context.triggerKind === vscode.InlineCompletionTriggerKind.Invoke;
    if (!explicit) {
      const lineSuffix = document.lineAt(position.line).text.slice(position.character);
      if (!AUTOMATIC_LINE_SUFFIX.test(lineSuffix)) return undefined;
    }
    if (await this.host.controls.blocked(document, position, explicit)) return undefined;
    const request = ++this.latestRequest;
    const service = await this.host.completionService();
    if (!service || token.isCancellationRequested) return undefined;
    const controller = new AbortController();
    const subscription = token.onCancellationRequested(() => controller.abort(new Error("cancelled by the editor")));
    try {
      const suggestion = await service.complete({
        documentId: document.uri.toString(),
        text: document.getText(),
        offset: document.offsetAt(position),
        signal: controller.signal,
        explicit,
        progressive: true,
      });
      if (!suggestion || token.isCancellationRequested) return undefined;
      const decision = this.host.gate.admit(document, position, suggestion);
      if (!decision.show) return undefined;
      const accepted: vscode.Command = {
        command: SUGGESTION_ACCEPTED_COMMAND,
        title: "Suggestion accepted",
        arguments: decision.command ? [decision.command] : [],
      };
      const item = new vscode.InlineCompletionItem(suggestion.text, new vscode.Range(position, position), accepted);
      if (suggestion.longer) this.refreshWhenLonger(document, position, suggestion.longer, request);
      return [item];
    } finally {
      subscription.dispose();
    }
  }

  /**
   * The ghost text shows the first part of a block while the model writes the rest. Once the whole block is in
   * the cache and the user still waits at the same place (no edit, no move, no newer request), ask again: the
   * stable API has no way to update a shown item, so hide it and trigger (as Continue and llama.vscode do); the new
   * request is a cache hit, linted and gated like any other, so a finding in the rest reaches the gutter, status
   * bar and Flagged Suggestions, and `hide-high` withdraws the first part if the block turns out high-risk.
   */
  private refreshWhenLonger(
    document: vscode.TextDocument,
    position: vscode.Position,
    longer: Promise<boolean>,
    request: number,
  ): void {
    const version = document.version;
    void longer.then(async (ready) => {
      const editor = vscode.window.activeTextEditor;
      const waiting =
        editor?.document === document &&
        document.version === version &&
        editor.selection.isEmpty &&
        editor.selection.active.isEqual(position);
      if (!ready || !waiting || request !== this.latestRequest) return;
      await vscode.commands.executeCommand("editor.action.inlineSuggest.hide");
      await vscode.commands.executeCommand("editor.action.inlineSuggest.trigger");
    });
  }
}
