import type { SyntaxNode } from "../tree";
import { enclosingFunction, namedChildren } from "../syntax";
import type { CallSite, Finding, FixSuggestion, Rule, RuleContext } from "../types";
import { confidenceOf } from "./taintedSink";

const MEMBER_LISTS = /\.(getmembers|getnames|namelist|infolist)\(\)/;

/**
 * tar archives carry member names like "../../etc/cron.d/x" or absolute paths and links; extracting them
 * without the 3.12 `filter=` or a per-member check writes outside the target directory. (zipfile strips
 * such names itself, so only tar extraction and shutil.unpack_archive are sinks here; a zip member name used
 * to build a path by hand is caught by the path-traversal rule.)
 */
function isTarReceiver(receiver: SyntaxNode, context: RuleContext): boolean {
  const qualified = context.qualifiedName(receiver) ?? receiver.text;
  if (qualified.startsWith("zipfile.")) return false;
  // an unknown receiver named like a tar archive (`tar`, `tarball`, `tar_file`; not `target`)
  return qualified.startsWith("tarfile.") || /\btar(?!get)\w*\b/i.test(receiver.text);
}

/** An archive opened from untrusted input is attacker-made for sure; one from a fixed path only may be. */
function archiveConfidence(archive: SyntaxNode, context: RuleContext): Finding["confidence"] {
  const source = context.taintSource(archive, "path");
  return source ? confidenceOf(source) : "medium";
}

function hasSafeFilter(call: CallSite, context: RuleContext): boolean {
  const filter = call.keywords.get("filter");
  if (!filter) return false;
  const value = context.constantValue(filter);
  return value !== null && value !== "fully_trusted";
}

/**
 * A loop over the archive's members that leaves (raise/return/continue) on some condition before the extraction
 * is reached: the per-member check ("is its resolved path inside dest?") done in the loop body or ahead of it.
 */
function membersValidatedBefore(call: CallSite): boolean {
  const scope = enclosingFunction(call.node) ?? call.node.tree.rootNode;
  return scope.descendantsOfType("for_statement").some((loop) => {
    if (loop.startIndex > call.node.startIndex) return false;
    const iterable = loop.childForFieldName("right")?.text ?? "";
    if (!MEMBER_LISTS.test(iterable) && !(call.receiver && iterable === call.receiver.text)) return false;
    const body = loop.childForFieldName("body");
    const exits = body?.descendantsOfType(["raise_statement", "return_statement", "continue_statement"]) ?? [];
    return exits.some((exit) => exit.startIndex < call.node.startIndex);
  });
}

function addDataFilter(call: CallSite, context: RuleContext): FixSuggestion | undefined {
  const argumentList = call.node.childForFieldName("arguments");
  const closing = argumentList?.lastChild;
  if (!argumentList || closing?.type !== ")") return undefined;
  const range = context.rangeOf(closing);
  const separator = namedChildren(argumentList).length > 0 ? ", " : "";
  return {
    title: "Extract with filter=\"data\" (rejects absolute paths, '..' and unsafe links)",
    edits: [{ range: { startLine: range.startLine, startColumn: range.startColumn, endLine: range.startLine, endColumn: range.startColumn }, newText: `${separator}filter="data"` }],
  };
}

function check(context: RuleContext): Finding[] {
  const findings: Finding[] = [];
  for (const call of context.calls()) {
    const isUnpack = call.callee === "shutil.unpack_archive";
    const isTarExtract = (call.methodName === "extractall" || call.methodName === "extract") && call.receiver !== undefined && isTarReceiver(call.receiver, context);
    if ((!isUnpack && !isTarExtract) || hasSafeFilter(call, context)) continue;
    let message: string;
    let confidence = "high" as Finding["confidence"];
    if (call.methodName === "extract") {
      // one member: unsafe only if that member (name) is unvalidated archive content
      const member = call.positional[0] ?? call.keywords.get("member");
      const source = member ? context.taintSource(member, "path") : undefined;
      if (!source || membersValidatedBefore(call)) continue;
      message = `unvalidated ${source.description} reaches tarfile extract() without filter=`;
      confidence = confidenceOf(source);
    } else if (call.methodName === "extractall") {
      const members = call.keywords.get("members") ?? call.positional[1];
      if (members && !context.taintSource(members, "path")) continue;
      if (!members && membersValidatedBefore(call)) continue;
      message = "tarfile extractall() without filter= writes archive members ('../' names, absolute paths, links) outside the target directory";
      confidence = archiveConfidence(call.receiver!, context);
    } else {
      message = "shutil.unpack_archive() without filter= extracts tar members ('../' names, absolute paths, links) outside the target directory";
      const archive = call.positional[0] ?? call.keywords.get("filename");
      confidence = archive ? archiveConfidence(archive, context) : "medium";
    }
    const finding: Finding = {
      ruleId: archiveExtractionRule.meta.id,
      category: "path-traversal",
      subkind: "archive-extraction",
      cwe: 22,
      severity: "high",
      confidence,
      range: context.rangeOf(call.node),
      message,
      fixHint: "Pass filter=\"data\" (Python 3.12+, backported to 3.8+ security releases) or check each member's resolved path stays inside the target directory before extracting.",
    };
    const fix = addDataFilter(call, context);
    if (fix) finding.fix = fix;
    findings.push(finding);
  }
  return findings;
}

export const archiveExtractionRule: Rule = {
  meta: {
    id: "archive-extraction-traversal",
    category: "path-traversal",
    subkind: "archive-extraction",
    cwe: 22,
    severity: "high",
    title: "Archive extraction outside the target directory (tar slip)",
    description:
      "tarfile's extractall()/extract() trust member names and links from the archive: a member called '../../home/user/.bashrc' or '/etc/passwd', or a symlink, is written outside the destination. Use filter=\"data\" (Python 3.12+ and security backports) or validate each member's resolved path with os.path.realpath + os.path.commonpath before extracting.",
  },
  check,
};
