import * as vscode from "vscode";
import type { CompletionEvent } from "../core/completion/completionService";
import type { EngineState, GenerateResult } from "../core/engine/engine";
import { isServerError } from "../core/engine/serverErrors";
import type { Finding } from "../core/lint/types";
import type { RequestCounts } from "./inlineCompletionProvider";

/**
 * One status bar item: model state (not loaded / loading / ready / error), paused or snoozed, the last suggestion's
 * latency and token accounting (prompt tokens evaluated vs reused from the KV cache, tokens/s), the inline
 * completion requests made, pending and failed, and a warning with rule and CWE while a flagged suggestion is on
 * screen.
 */
export class StatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem("phiPair.status", vscode.StatusBarAlignment.Right, 100);
  private state: EngineState = { kind: "not-loaded" };
  private paused = false;
  private snoozedUntil: Date | undefined;
  private last: CompletionEvent | undefined;
  /** The last generation's accounting; it outlives the cache hits after it (e.g. a progressive block's refresh). */
  private lastGeneration: GenerateResult | undefined;
  private flagged: Finding | undefined;
  private flaggedHidden = false;
  private requests: RequestCounts | undefined;

  constructor() {
    this.item.name = "Phi Pair";
    this.item.command = "phiPair.showMenu";
    this.render();
    this.item.show();
  }

  setState(state: EngineState): void {
    this.state = state;
    this.render();
  }

  setPaused(paused: boolean): void {
    this.paused = paused;
    this.render();
  }

  setSnoozedUntil(until: Date | undefined): void {
    this.snoozedUntil = until;
    this.render();
  }

  setLastCompletion(event: CompletionEvent): void {
    this.last = event;
    this.lastGeneration = event.generation ?? this.lastGeneration;
    this.flagged = event.suggestion?.findings.find((f) => f.severity !== "info");
    this.flaggedHidden = false;
    this.render();
  }

  /** A generation ended after its request already showed the block's first part (progressive reveal). */
  setLastGeneration(generation: GenerateResult): void {
    this.lastGeneration = generation;
    this.render();
  }

  setRequests(requests: Readonly<RequestCounts>): void {
    this.requests = { ...requests };
    this.render();
  }

  /** The security policy kept the last flagged suggestion off screen. */
  setFlaggedHidden(): void {
    this.flaggedHidden = true;
    this.render();
  }

  /** The text shown, for tests and the menu. */
  get text(): string {
    return this.item.text;
  }

  get tooltip(): string {
    const tooltip = this.item.tooltip;
    return typeof tooltip === "string" ? tooltip : (tooltip?.value ?? "");
  }

  private render(): void {
    const lines: string[] = [];
    let text: string;
    this.item.backgroundColor = undefined;
    switch (this.state.kind) {
      case "not-loaded":
        text = "$(circle-outline) Phi-2";
        lines.push("Model not loaded (it loads on the first suggestion).");
        break;
      case "loading":
        text = "$(loading~spin) Phi-2 loading";
        lines.push("Loading the model…");
        break;
      case "error":
        text = "$(error) Phi-2";
        lines.push(`${isServerError(this.state.error) ? "Server" : "Model"} error: ${this.state.error.message}`);
        this.item.backgroundColor = new vscode.ThemeColor("statusBarItem.errorBackground");
        break;
      case "ready": {
        const server = this.state.server;
        text = server ? "$(cloud) Phi-2" : "$(sparkle) Phi-2";
        if (server) {
          lines.push(
            `Server: ${server.url} (${server.api}${server.slots === undefined ? "" : `, ${server.slots} slot${server.slots === 1 ? "" : "s"}`}), connected in ${this.state.loadMs} ms`,
            `Model: ${server.model}`,
          );
        } else {
          lines.push(
            `Model: ${this.state.model.path}`,
            `Backend: ${this.state.backend}, loaded in ${this.state.loadMs} ms`,
          );
        }
        const generation = this.lastGeneration;
        if (this.last) {
          text += ` ${Math.round(this.last.totalMs)} ms`;
          lines.push(
            `Last suggestion: ${this.last.suggestion ? this.last.suggestion.source : "none"}, ${Math.round(this.last.totalMs)} ms`,
          );
        }
        if (generation) {
          const reused = generation.promptTokens - generation.evaluatedPromptTokens;
          const tokensPerSecond =
            generation.generationMs > 0 ? (1000 * generation.generatedTokens) / generation.generationMs : 0;
          lines.push(
            `Prompt: ${generation.promptTokens} tokens, ${generation.evaluatedPromptTokens} evaluated, ${reused} reused (${server ? "server's prompt cache" : "KV cache"})`,
            `Generation: ${generation.generatedTokens} tokens in ${Math.round(generation.generationMs)} ms (${tokensPerSecond.toFixed(1)} tok/s), stop: ${generation.stopReason}`,
          );
          if (server) {
            lines.push(
              `Round trip: ${Math.round(generation.totalMs)} ms (server: prompt ${Math.round(generation.prefillMs)} ms, generation ${Math.round(generation.generationMs)} ms)`,
            );
            if (generation.stopReason === "time-cap" && generation.generatedTokens === 0) {
              lines.push(
                "The server sent nothing within phiPair.completion.timeCapMs: check its load (all slots busy?) and the network.",
              );
            }
          }
        }
      }
    }
    if (this.requests) {
      const { started, settled, failed } = this.requests;
      lines.push(`Requests: ${started}, ${started - settled} pending, ${failed} failed (see the log)`);
    }
    if (this.snoozedUntil && !this.paused) {
      text = "$(clock) Phi-2 snoozed";
      lines.unshift(
        `Suggestions are snoozed until ${this.snoozedUntil.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" })} (Alt+\\ still asks; click for the menu).`,
      );
    }
    if (this.paused) {
      text = "$(debug-pause) Phi-2 paused";
      lines.unshift("Suggestions are paused (click to resume).");
    }
    if (this.flagged) {
      text += ` ${this.flaggedHidden ? "$(eye-closed)" : "$(warning)"} ${this.flagged.ruleId} CWE-${this.flagged.cwe}`;
      lines.push(
        `Suggestion ${this.flaggedHidden ? "hidden" : "flagged"}: ${this.flagged.message} (CWE-${this.flagged.cwe}, ${this.flagged.severity})`,
      );
      if (this.flaggedHidden) lines.push("Hidden by phiPair.security.policy; listed under Flagged Suggestions.");
      this.item.backgroundColor = new vscode.ThemeColor("statusBarItem.warningBackground");
    }
    this.item.text = text;
    this.item.tooltip = lines.join("\n");
  }

  dispose(): void {
    this.item.dispose();
  }
}
