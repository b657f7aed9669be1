import { randomBytes } from "node:crypto";
import * as vscode from "vscode";
import { renderAnswerHtml } from "../../core/explain/markdown";

export type ExplainPhase = "loading" | "reading" | "writing" | "done" | "stopped" | "error";

/** What the panel shows; the answer is untrusted model text (Markdown), everything else is ours. */
export interface ExplainView {
  title: string;
  phase: ExplainPhase;
  status: string;
  /** What was left out of the prompt, if anything. */
  notice: string;
  answerMarkdown: string;
  /** Pre-escaped HTML of the security notes (see renderSecurityNotesHtml). */
  securityHtml: string;
}

/** The message the webview renders: the view with the answer already turned into inert HTML. */
export interface RenderMessage {
  type: "render";
  title: string;
  phase: ExplainPhase;
  status: string;
  notice: string;
  answerHtml: string;
  securityHtml: string;
  running: boolean;
}

/** What the page's script sends: Stop/Esc, its first load, and what it rendered. */
type WebviewMessage = { type: "stop" } | { type: "ready" } | { type: "rendered"; answerHtml: string };

const RUNNING: ReadonlySet<ExplainPhase> = new Set(["loading", "reading", "writing"]);

/**
 * The webview beside the editor that an explanation streams into. Strict CSP (no inline script or style, a
 * nonce for its one script from media/), resources limited to media/. Stop and Esc in the panel fire
 * onDidRequestStop.
 */
export class ExplainPanel implements vscode.Disposable {
  static readonly viewType = "phiPair.explain";
  private readonly panel: vscode.WebviewPanel;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly stopRequested = new vscode.EventEmitter<void>();
  private readonly disposed = new vscode.EventEmitter<void>();
  private readonly rendered = new vscode.EventEmitter<RenderMessage>();
  private view: ExplainView | undefined;
  private posted: RenderMessage | undefined;
  private inWebview: string | undefined;
  /** Fires when the user presses Stop or Esc in the panel. */
  readonly onDidRequestStop = this.stopRequested.event;
  readonly onDidDispose = this.disposed.event;
  /** Fires with every message posted to the webview (the stream of what it rendered). */
  readonly onDidRender = this.rendered.event;

  constructor(extensionUri: vscode.Uri) {
    const media = vscode.Uri.joinPath(extensionUri, "media");
    this.panel = vscode.window.createWebviewPanel(
      ExplainPanel.viewType,
      "Phi Pair: Explain",
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      { enableScripts: true, localResourceRoots: [media], retainContextWhenHidden: true, enableFindWidget: true },
    );
    this.panel.webview.html = this.html(media);
    this.disposables.push(
      this.panel.webview.onDidReceiveMessage((message: Partial<WebviewMessage>) => this.receive(message)),
      this.panel.onDidDispose(() => this.dispose()),
    );
  }

  /** Messages come from a page that renders untrusted text: checked, never trusted for more than these. */
  private receive(message: Partial<WebviewMessage>): void {
    if (message.type === "stop") this.stopRequested.fire();
    else if (message.type === "ready" && this.posted)
      void this.panel.webview.postMessage(this.posted); // the page (re)loaded
    else if (message.type === "rendered" && typeof message.answerHtml === "string") this.inWebview = message.answerHtml;
  }

  /** The message last sent to the webview (what it renders), for the log and tests. */
  get lastRender(): RenderMessage | undefined {
    return this.posted;
  }

  /** The answer's HTML as the webview's DOM holds it, reported back by the page's script after each render. */
  get webviewAnswerHtml(): string | undefined {
    return this.inWebview;
  }

  /** The page's HTML shell (CSP, script and stylesheet). */
  get shellHtml(): string {
    return this.panel.webview.html;
  }

  get currentView(): ExplainView | undefined {
    return this.view;
  }

  reveal(): void {
    this.panel.reveal(vscode.ViewColumn.Beside, true);
  }

  show(view: ExplainView): void {
    this.view = view;
    this.panel.title = view.title;
    this.posted = {
      type: "render",
      title: view.title,
      phase: view.phase,
      status: view.status,
      notice: view.notice,
      answerHtml: renderAnswerHtml(view.answerMarkdown),
      securityHtml: view.securityHtml,
      running: RUNNING.has(view.phase),
    };
    void this.panel.webview.postMessage(this.posted);
    this.rendered.fire(this.posted);
  }

  update(change: Partial<ExplainView>): void {
    if (this.view) this.show({ ...this.view, ...change });
  }

  private html(media: vscode.Uri): string {
    const webview = this.panel.webview;
    const nonce = randomBytes(16).toString("base64");
    const script = webview.asWebviewUri(vscode.Uri.joinPath(media, "explain.js"));
    const style = webview.asWebviewUri(vscode.Uri.joinPath(media, "explain.css"));
    return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src ${webview.cspSource}; script-src 'nonce-${nonce}';">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${style.toString()}">
</head>
<body>
<header><span id="title"></span><span id="status" role="status" aria-live="polite"></span><button id="stop" title="Stop (Esc)" disabled>Stop</button></header>
<div id="notice" class="notice"></div>
<main id="answer"></main>
<section id="security"></section>
<script nonce="${nonce}" src="${script.toString()}"></script>
</body>
</html>`;
  }

  dispose(): void {
    if (this.disposables.length === 0) return;
    this.disposed.fire();
    for (const disposable of this.disposables.splice(0)) disposable.dispose();
    this.panel.dispose();
    this.stopRequested.dispose();
    this.disposed.dispose();
    this.rendered.dispose();
  }
}
