import * as vscode from "vscode";
import type { Logger } from "../core/logger";
import { primeLinter, type PrimingResult } from "../core/lint/primer";
import type { Config } from "./config";

/** Priming waits for activation's burst of work (other extensions, the first document) to pass. */
const LINT_PRIMING_DELAY_MS = 1500;

/**
 * Lints sample suggestions (built-in modules and the open Python files) on idle after activation, while no
 * suggestion can exist yet (the model loads on the first request), so the lint of the first real suggestions
 * runs as optimized code: bench/lint-bench.ts measures p99 primed vs cold. Disposing stops it.
 */
export class LintPriming implements vscode.Disposable {
  private readonly stop = new AbortController();
  /** Settles when the security lint has been primed (or priming was skipped or stopped). */
  readonly primed: Promise<PrimingResult | undefined>;

  constructor(
    private readonly config: Config,
    private readonly log: Logger,
  ) {
    this.primed = this.prime();
  }

  private async prime(): Promise<PrimingResult | undefined> {
    await new Promise((resolve) => setTimeout(resolve, LINT_PRIMING_DELAY_MS));
    if (this.stop.signal.aborted || this.config.securityPolicy === "off") return undefined;
    const documents = vscode.workspace.textDocuments
      .filter((document) => document.languageId === "python")
      .map((document) => document.getText());
    try {
      const result = await primeLinter({ documents, signal: this.stop.signal });
      this.log.info(
        `Security lint primed: ${result.rounds} lints of ${result.samples} sample suggestions in ${result.elapsedMs.toFixed(0)} ms`,
      );
      return result;
    } catch (error) {
      this.log.warn(`Security lint priming stopped: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    }
  }

  dispose(): void {
    this.stop.abort();
  }
}
