import * as vscode from "vscode";
import { showInformation } from "../notifications";
import { explainCode, type ExplainEnd } from "../../core/explain/explainer";
import { renderSecurityNotesHtml } from "../../core/explain/markdown";
import { findExplainTarget, overlapsTarget, type ExplainTarget } from "../../core/explain/target";
import { lintPython } from "../../core/lint/engine";
import type { Config } from "../config";
import type { ModelManager } from "../modelManager";
import { ExplainPanel, type ExplainView } from "./explainPanel";

/** Set while an explanation runs: enables "Stop Explaining" and its Esc keybinding. */
const EXPLAINING_CONTEXT = "phiPair.explaining";

/** Explanations are prose: a little sampling avoids greedy loops without drifting off topic. */
const EXPLAIN_TEMPERATURE = 0.2;

export type ExplainOutcome =
  { status: ExplainEnd; text: string } | { status: "error"; message: string } | { status: "nothing"; message: string };

/** What explaining needs from the extension (Ctx). */
export interface ExplainHost {
  readonly config: Config;
  readonly log: vscode.LogOutputChannel;
  readonly models: ModelManager;
  readonly extensionContext: vscode.ExtensionContext;
}

/**
 * "Phi Pair: Explain Code": explains the selection (or the function/class around the cursor) in a panel beside
 * the editor, streaming Phi-2's answer, with the security lint's findings for that code underneath. One
 * explanation at a time: a new request or Stop/Esc/closing the panel cancels the running one.
 */
export class ExplainController implements vscode.Disposable {
  private panel: ExplainPanel | undefined;
  private running: AbortController | undefined;
  /** The latest request: only it may update the panel. */
  private latest: AbortController | undefined;

  constructor(private readonly ctx: ExplainHost) {}

  /** The panel, once an explanation was asked for (tests read what it rendered). */
  get currentPanel(): ExplainPanel | undefined {
    return this.panel;
  }

  stop(): void {
    this.running?.abort(new Error("stopped by the user"));
  }

  async explain(editor: vscode.TextEditor | undefined = vscode.window.activeTextEditor): Promise<ExplainOutcome> {
    if (!editor || editor.document.languageId !== "python") {
      const message = "Phi Pair explains Python: open a Python file and select code.";
      void showInformation(message);
      return { status: "nothing", message };
    }
    this.stop();
    const controller = (this.running = this.latest = new AbortController());
    void vscode.commands.executeCommand("setContext", EXPLAINING_CONTEXT, true);
    const panel = this.showPanel();
    const isCurrent = () => this.latest === controller;
    const show = (view: ExplainView) => isCurrent() && panel.show(view);
    const update = (change: Partial<ExplainView>) => isCurrent() && panel.update(change);
    try {
      const { document, selection } = editor;
      const source = document.getText();
      const target = await findExplainTarget(
        source,
        document.offsetAt(selection.start),
        document.offsetAt(selection.end),
      );
      if (!target) {
        const message = "Nothing to explain here: select some code, or put the cursor inside a function or class.";
        show({
          title: "Phi Pair: Explain",
          phase: "error",
          status: message,
          notice: "",
          answerMarkdown: "",
          securityHtml: "",
        });
        return { status: "nothing", message };
      }
      show({
        title: titleOf(target),
        phase: "loading",
        status: this.ctx.models.state.kind === "ready" ? "Preparing…" : "Loading the model…",
        notice: "",
        answerMarkdown: "",
        securityHtml: "",
      });
      const notes = this.securityNotes(source, target).then((securityHtml) => update({ securityHtml }));
      const outcome = await this.generate(target, controller.signal, update);
      await notes;
      return outcome;
    } finally {
      if (this.running === controller) {
        this.running = undefined;
        void vscode.commands.executeCommand("setContext", EXPLAINING_CONTEXT, false);
      }
    }
  }

  private async generate(
    target: ExplainTarget,
    signal: AbortSignal,
    update: (change: Partial<ExplainView>) => void,
  ): Promise<ExplainOutcome> {
    const fail = (message: string): ExplainOutcome => {
      update({ phase: "error", status: message });
      return { status: "error", message };
    };
    const engine = await this.ctx.models.getEngine();
    if (!engine) return fail("No model yet: download Phi-2 or choose a GGUF file (Phi Pair: Download Phi-2 Model).");
    const maxTokens = this.ctx.config.explainMaxTokens;
    let streamedTokens = 0;
    try {
      const explanation = await explainCode(engine, target, {
        maxTokens,
        temperature: EXPLAIN_TEMPERATURE,
        signal,
        onPrompt: (prompt) =>
          update({
            phase: "reading",
            status: `Reading the code (${prompt.promptTokens} tokens)…`,
            notice:
              prompt.shownLines < prompt.totalLines
                ? `The code is longer than the model's context window: only its first ${prompt.shownLines} of ${prompt.totalLines} lines were sent to the model.`
                : "",
          }),
        onText: (text) =>
          update({ phase: "writing", status: `Writing… ${++streamedTokens} tokens`, answerMarkdown: text }),
      });
      const { generation } = explanation;
      const seconds = (generation.totalMs / 1000).toFixed(1);
      const status =
        explanation.end === "cancelled"
          ? "Stopped."
          : explanation.end === "max-tokens"
            ? `Stopped at the ${maxTokens}-token limit (setting phiPair.explain.maxTokens), ${seconds} s.`
            : `Done: ${generation.generatedTokens} tokens in ${seconds} s.`;
      const empty =
        explanation.text === "" && explanation.end !== "cancelled"
          ? "_The model gave no explanation._"
          : explanation.text;
      update({ phase: explanation.end === "cancelled" ? "stopped" : "done", status, answerMarkdown: empty });
      this.ctx.log.info(
        `Explained ${titleOf(target)}: ${explanation.end}, prompt ${generation.promptTokens} tokens, ${generation.generatedTokens} generated, ${seconds} s`,
      );
      return { status: explanation.end, text: explanation.text };
    } catch (error) {
      this.ctx.models.reportFailure(error);
      return fail(`The model failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private async securityNotes(source: string, target: ExplainTarget): Promise<string> {
    const findings = await lintPython(source, { log: (message) => this.ctx.log.debug(`Explain lint: ${message}`) });
    return renderSecurityNotesHtml(findings.filter((finding) => overlapsTarget(finding.range, target)));
  }

  private showPanel(): ExplainPanel {
    if (this.panel) {
      this.panel.reveal();
      return this.panel;
    }
    const panel = (this.panel = new ExplainPanel(this.ctx.extensionContext.extensionUri));
    panel.onDidRequestStop(() => this.stop());
    panel.onDidDispose(() => {
      this.stop();
      this.panel = undefined;
    });
    return panel;
  }

  dispose(): void {
    this.stop();
    this.panel?.dispose();
  }
}

function titleOf(target: ExplainTarget): string {
  const lines =
    target.startLine === target.endLine
      ? `line ${target.startLine + 1}`
      : `lines ${target.startLine + 1}–${target.endLine + 1}`;
  return target.kind === "selection"
    ? `Explain: selection (${lines})`
    : `Explain: ${target.kind} ${target.name ?? ""} (${lines})`;
}
