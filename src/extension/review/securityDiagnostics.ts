import * as vscode from "vscode";
import { lintSuggestion, type LintOptions } from "../../core/lint/engine";
import type { Finding, Severity, SourceRange } from "../../core/lint/types";
import { attributeFindings } from "../../core/review/documentFindings";
import type { FlaggedRecord, FlaggedStore } from "../../core/review/store";
import type { Config } from "../config";
import { DocumentLinter } from "./documentLinter";
import { cweUri } from "./reviewDocuments";

export const DIAGNOSTIC_SOURCE = "Phi Pair";

/** Lint after the user stops typing for this long; open and save lint at once. */
const CHANGE_DEBOUNCE_MS = 400;

const SEVERITY: Readonly<Record<Severity, vscode.DiagnosticSeverity>> = {
  high: vscode.DiagnosticSeverity.Error,
  medium: vscode.DiagnosticSeverity.Warning,
  low: vscode.DiagnosticSeverity.Information,
  info: vscode.DiagnosticSeverity.Hint,
};

export interface ShownFinding {
  diagnostic: vscode.Diagnostic;
  finding: Finding;
  recordId?: string;
}

interface DocumentLint {
  /** Document version the shown findings were computed for (fix edits are only valid for it). */
  version: number;
  shown: ShownFinding[];
}

export const toRange = (range: SourceRange) =>
  new vscode.Range(range.startLine, range.startColumn, range.endLine, range.endColumn);

/**
 * Security diagnostics for Python documents: the user's own code (setting `phiPair.security.lintOpenFiles`) and
 * the code of accepted flagged suggestions, re-linted as it is edited so the diagnostics follow the code.
 * Runs on open and save, and debounced on change; a run whose document changed meanwhile is discarded.
 */
export class SecurityDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection("phi-pair-security");
  private readonly lints = new Map<string, DocumentLint>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** Bumped for each scheduled run of a document: only the newest run may publish. */
  private readonly runIds = new Map<string, number>();
  private readonly listeners = new Set<(uri: vscode.Uri) => void>();
  private readonly disposables: vscode.Disposable[] = [this.collection];
  private readonly lintOptions: LintOptions;
  private readonly documentLinter: DocumentLinter;

  constructor(
    private readonly config: Config,
    private readonly store: FlaggedStore,
    log: vscode.LogOutputChannel,
  ) {
    const lintLog = (message: string) => log.warn(`Lint: ${message}`);
    this.lintOptions = { log: lintLog };
    this.documentLinter = new DocumentLinter(lintLog);
    this.disposables.push(
      vscode.workspace.onDidOpenTextDocument((document) => this.schedule(document, 0)),
      vscode.workspace.onDidSaveTextDocument((document) => this.schedule(document, 0)),
      vscode.workspace.onDidChangeTextDocument(
        (event) => event.contentChanges.length > 0 && this.schedule(event.document, CHANGE_DEBOUNCE_MS),
      ),
      vscode.workspace.onDidCloseTextDocument((document) => this.forget(document.uri)),
      vscode.workspace.onDidChangeConfiguration(
        (event) => event.affectsConfiguration("phiPair.security") && this.lintAll(),
      ),
    );
    this.lintAll();
  }

  /** Fires when a document's diagnostics were published. */
  onDidUpdate(listener: (uri: vscode.Uri) => void): vscode.Disposable {
    this.listeners.add(listener);
    return new vscode.Disposable(() => this.listeners.delete(listener));
  }

  /** The findings shown for a document, with their diagnostics. */
  shownFindings(document: vscode.TextDocument): readonly ShownFinding[] {
    return this.lints.get(document.uri.toString())?.shown ?? [];
  }

  /** Whether fix edits of the shown findings still apply (no edit since the lint). */
  isCurrent(document: vscode.TextDocument): boolean {
    return this.lints.get(document.uri.toString())?.version === document.version;
  }

  lintAll(): void {
    for (const document of vscode.workspace.textDocuments) this.schedule(document, 0);
  }

  /** Lints a document now (e.g. right after a flagged suggestion was accepted). */
  async lintNow(document: vscode.TextDocument): Promise<void> {
    const key = document.uri.toString();
    clearTimeout(this.timers.get(key));
    await this.run(document, this.nextRunId(key));
  }

  schedule(document: vscode.TextDocument, delayMs: number): void {
    if (!isLintable(document)) return;
    const key = document.uri.toString();
    const runId = this.nextRunId(key);
    clearTimeout(this.timers.get(key));
    this.timers.set(
      key,
      setTimeout(() => void this.run(document, runId), delayMs),
    );
  }

  private nextRunId(key: string): number {
    const runId = (this.runIds.get(key) ?? 0) + 1;
    this.runIds.set(key, runId);
    return runId;
  }

  private async run(document: vscode.TextDocument, runId: number): Promise<void> {
    const key = document.uri.toString();
    this.timers.delete(key);
    const version = document.version;
    const text = document.getText();
    const records = this.store.records.filter((record) => record.documentUri === key && record.inserted);
    const findings = await this.lint(key, text, records);
    // undefined: a newer text of this document replaced this one in the lint queue; its run publishes instead
    if (!findings || document.isClosed || document.version !== version || this.runIds.get(key) !== runId) return;
    const shown = attributeFindings(findings, records, (line, column) =>
      document.offsetAt(new vscode.Position(line, column)),
    ).map(({ finding, recordId }) => ({
      finding,
      recordId,
      diagnostic: toDiagnostic(finding, recordId !== undefined),
    }));
    this.lints.set(key, { version, shown });
    this.collection.set(
      document.uri,
      shown.map((item) => item.diagnostic),
    );
    for (const listener of this.listeners) listener(document.uri);
  }

  /** The whole file when open files are linted, otherwise only the accepted suggestions still under review. */
  private async lint(key: string, text: string, records: readonly FlaggedRecord[]): Promise<Finding[] | undefined> {
    if (this.config.lintOpenFiles) return this.documentLinter.lint(text, key);
    const findings: Finding[] = [];
    for (const record of records) {
      const { start, end } = record.inserted!;
      if (record.state !== "accepted" || end <= start) continue;
      findings.push(
        ...(await lintSuggestion(text.slice(0, start), text.slice(start, end), text.slice(end), this.lintOptions)),
      );
    }
    return findings;
  }

  private forget(uri: vscode.Uri): void {
    const key = uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    this.runIds.delete(key);
    this.lints.delete(key);
    this.collection.delete(uri);
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    for (const disposable of this.disposables) disposable.dispose();
    this.documentLinter.dispose();
  }
}

function isLintable(document: vscode.TextDocument): boolean {
  return document.languageId === "python" && (document.uri.scheme === "file" || document.uri.scheme === "untitled");
}

function toDiagnostic(finding: Finding, inAcceptedSuggestion: boolean): vscode.Diagnostic {
  const message = inAcceptedSuggestion ? `${finding.message} (in an accepted Phi Pair suggestion)` : finding.message;
  const diagnostic = new vscode.Diagnostic(
    toRange(finding.range),
    `${message}\n${finding.fixHint}`,
    SEVERITY[finding.severity],
  );
  diagnostic.source = DIAGNOSTIC_SOURCE;
  diagnostic.code = { value: finding.ruleId, target: cweUri(finding.cwe) };
  return diagnostic;
}
