import * as vscode from "vscode";
import { type CompletionService, WARM_UP_IDLE_MS } from "../core/completion/completionService";
import type { Logger } from "../core/logger";

/** What warm-up needs: the service of a model that is already loaded, and whether it may run for a document. */
export interface WarmUpHost {
  readonly log: Logger;
  /** The completion service, only when its model is loaded (opening a file must not load a 1.8 GB model). */
  loadedService(): CompletionService | undefined;
  /** Suggestions are not paused and the model may see this document (not excluded, its language on). */
  mayWarmUp(document: vscode.TextDocument): boolean;
}

/**
 * At idle, pre-evaluates the prompt for where the cursor is up to its line (file opened, cursor moved into
 * another function, a pause in typing), so the next suggestion there starts from a warm KV cache.
 */
export class WarmUpScheduler implements vscode.Disposable {
  private timer: NodeJS.Timeout | undefined;
  private running: AbortController | undefined;
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly host: WarmUpHost) {
    this.subscriptions = [
      vscode.window.onDidChangeTextEditorSelection((event) => this.schedule(event.textEditor)),
      vscode.window.onDidChangeActiveTextEditor((editor) => editor && this.schedule(editor)),
    ];
  }

  private schedule(editor: vscode.TextEditor): void {
    if (editor.document.languageId !== "python" || !this.host.mayWarmUp(editor.document)) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      const service = this.host.loadedService();
      if (!service) return;
      this.running?.abort();
      const controller = (this.running = new AbortController());
      const document = editor.document;
      service
        .warmUp(
          document.getText(),
          document.offsetAt(editor.selection.active),
          controller.signal,
          document.uri.toString(),
        )
        .catch((error: unknown) => {
          this.host.log.debug(`Warm-up skipped: ${error instanceof Error ? error.message : String(error)}`);
        });
    }, WARM_UP_IDLE_MS);
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.running?.abort();
    for (const subscription of this.subscriptions) subscription.dispose();
  }
}
