import type { SyntaxNode } from "../tree";
import { lastName, namedChildren, outsideFocus, unwrapParentheses } from "../syntax";
import type { CallSite, Finding, FixSuggestion, Rule, RuleContext } from "../types";
import { confidenceOf } from "./taintedSink";
import { identifierWords } from "./unsafeDefaults/helpers";
import { subprocessFunction } from "./subprocessCalls";

/**
 * tar archives carry member names like "../../etc/cron.d/x" or absolute paths and links; extracting them
 * without the 3.12 `filter=` or a per-member check writes outside the target directory. (zipfile strips
 * such names itself, so only tar extraction and shutil.unpack_archive are sinks here; a zip member name used
 * to build a path by hand is caught by the path-traversal rule.)
 */

/** Words of a name that say it holds a tar archive. */
const TAR_WORDS = new Set(["tar", "tarball", "tarfile", "tgz"]);

function isTarReceiver(receiver: SyntaxNode, context: RuleContext): boolean {
  const qualified = context.qualifiedName(receiver) ?? receiver.text;
  if (qualified.startsWith("zipfile.")) return false;
  // an unknown receiver named like a tar archive (`tar`, `tarball`, `tar_file`, `self.tarFile`; not `target`)
  return (
    qualified.startsWith("tarfile.") || identifierWords(lastName(receiver) ?? "").some((word) => TAR_WORDS.has(word))
  );
}

/**
 * An archive opened from untrusted input is attacker-made for sure; one from a fixed path (the application's own
 * archive) only may be, so extracting it without a filter is hardening advice (low confidence).
 */
function archiveConfidence(archive: SyntaxNode, context: RuleContext): Finding["confidence"] {
  const source = context.taintSource(archive, "path");
  if (source) return confidenceOf(source);
  return fromConstantPath(archive, context) ? "low" : "medium";
}

/** `tarfile.open("bundle.tar")` / `"bundle.tar"` / a name whose every possible value is such a call or a constant. */
function fromConstantPath(archive: SyntaxNode, context: RuleContext, depth = 0): boolean {
  if (depth > 3) return false;
  const node = unwrapParentheses(archive);
  if (context.constantValue(node) !== undefined) return true;
  if (node.type === "identifier") {
    const values = context.possibleValues(node);
    return (
      values !== undefined && values.length > 0 && values.every((value) => fromConstantPath(value, context, depth + 1))
    );
  }
  if (node.type !== "call") return false;
  const path = namedChildren(node.childForFieldName("arguments") ?? node).find(
    (child) => child.type !== "keyword_argument",
  );
  return path !== undefined && fromConstantPath(path, context, depth + 1);
}

/** Extraction filters that refuse absolute names, '..' and links outside the destination. */
const SAFE_FILTERS = new Set(["data", "tar", "tarfile.data_filter", "tarfile.tar_filter"]);

/**
 * `filter="data"`/`"tar"`/`tarfile.data_filter` or an own filter function, given directly or through a variable
 * (every value it may hold at the call must be safe). None, "fully_trusted" and values that cannot be resolved are unsafe.
 */
function hasSafeFilter(call: CallSite, context: RuleContext): boolean {
  const filter = call.keywords.get("filter");
  const values = filter ? context.possibleValues(filter) : undefined;
  return values !== undefined && values.length > 0 && values.every((value) => isSafeFilter(value, context));
}

function isSafeFilter(value: SyntaxNode, context: RuleContext): boolean {
  if (value.type === "lambda" || value.type === "function_definition") return true;
  const constant = context.constantValue(value);
  if (constant !== undefined) return typeof constant === "string" && SAFE_FILTERS.has(constant);
  return SAFE_FILTERS.has(context.qualifiedName(value) ?? "");
}

/**
 * Whether an exit (raise/return/continue) is taken when a member fails a check that proves its path safe, as the data
 * flow's guards read it (RuleContext.provesPathSafe): in `if <check fails>:` (or the `else:` of `if <check>:`), or in
 * the `except` of a `try` whose raising check (`relative_to`) would have passed. `member.name.startswith(".")` is no
 * such check, nor one that only looks for '..' or only for absolute names.
 */
function exitsOnCheck(exit: SyntaxNode, loop: SyntaxNode, context: RuleContext): boolean {
  let child = exit;
  for (let node = exit.parent; node && node.id !== loop.id; child = node, node = node.parent) {
    if (node.type === "if_statement" || node.type === "elif_clause") {
      // the extraction goes on where the exit is not taken: the condition failed (exit in its body) or held (else:)
      const condition = node.childForFieldName("condition");
      const inBody = node.childForFieldName("consequence")?.equals(child) ?? false;
      const inElse = child.type === "else_clause";
      if (condition && (inBody || inElse) && context.provesPathSafe({ condition, whenTrue: inElse })) return true;
    }
    if (node.type === "except_clause" && node.parent?.type === "try_statement") {
      const tryBody = node.parent.childForFieldName("body");
      if (tryBody && context.provesPathSafe({ tryBody })) return true;
    }
  }
  return false;
}

/**
 * The per-member check done in a loop over the archive's members that leaves (raise/return/continue) when a member
 * fails a containment check: the loop that holds the extraction (checked before it in the body), or, for
 * extractall(), a loop just ahead of it in the same block with the archive not reassigned in between. A check that
 * only looks for '..' or only for absolute names proves nothing; a check elsewhere in the module vouches for nothing.
 */
function membersValidatedBefore(call: CallSite, context: RuleContext): boolean {
  const receiver = call.receiver?.text;
  const validates = (loop: SyntaxNode): boolean => {
    // over the archive itself, or over member names (getmembers(), namelist(): the archive-member sources)
    const iterable = loop.childForFieldName("right");
    if (!iterable) return false;
    if (iterable.text !== receiver && context.taintSource(iterable, "path")?.kind !== "archive-member") return false;
    const body = loop.childForFieldName("body");
    const exits = body?.descendantsOfType(["raise_statement", "return_statement", "continue_statement"]) ?? [];
    return exits.some((exit) => exit.startIndex < call.node.startIndex && exitsOnCheck(exit, loop, context));
  };
  for (let node = call.node.parent; node && node.type !== "function_definition"; node = node.parent) {
    if (node.type === "for_statement" && validates(node)) return true;
  }
  if (call.methodName !== "extractall") return false;
  // a validation loop among the statements before the extraction, in the same block
  let statement: SyntaxNode | null = call.node;
  while (statement?.parent && statement.parent.type !== "block" && statement.parent.type !== "module")
    statement = statement.parent;
  for (let previous = statement?.previousSibling ?? null; previous; previous = previous.previousSibling) {
    if (previous.type === "for_statement") return validates(previous);
    if (
      receiver &&
      previous.type === "expression_statement" &&
      previous.firstNamedChild?.type === "assignment" &&
      previous.firstNamedChild.childForFieldName("left")?.text === receiver
    )
      return false;
  }
  return false;
}

function addDataFilter(call: CallSite, context: RuleContext): FixSuggestion | undefined {
  const argumentList = call.node.childForFieldName("arguments");
  const closing = argumentList?.lastChild;
  if (!argumentList || closing?.type !== ")") return undefined;
  const range = context.rangeOf(closing);
  const separator = namedChildren(argumentList).length > 0 ? ", " : "";
  return {
    title: "Extract with filter=\"data\" (rejects absolute paths, '..' and unsafe links)",
    edits: [
      {
        range: {
          startLine: range.startLine,
          startColumn: range.startColumn,
          endLine: range.startLine,
          endColumn: range.startColumn,
        },
        newText: `${separator}filter="data"`,
      },
    ],
  };
}

/**
 * `subprocess.run(["tar", "-xf", archive])` on an archive named by untrusted input: tar restores the members'
 * links and permissions as the archive says (the CLI twin of extractall()). The finding, or undefined.
 */
function tarCommandFinding(call: CallSite, context: RuleContext): Finding | undefined {
  const argv = call.positional[0] ?? call.keywords.get("args");
  if (!argv || (argv.type !== "list" && argv.type !== "tuple")) return undefined;
  const parts = namedChildren(argv);
  const program = parts[0] ? context.constantValue(parts[0]) : undefined;
  if (typeof program !== "string" || !/(^|\/)(g|bsd)?tar$/.test(program)) return undefined;
  const extracts = parts.slice(1).some((part) => {
    const value = context.constantValue(part);
    return (
      typeof value === "string" && (/^-?[a-zA-Z]*x[a-zA-Z]*$/.test(value) || value === "--extract" || value === "--get")
    );
  });
  if (!extracts) return undefined;
  for (const part of parts.slice(1)) {
    const source = context.taintSource(part, "path");
    if (!source) continue;
    return {
      ruleId: archiveExtractionRule.meta.id,
      category: "path-traversal",
      subkind: "archive-extraction",
      cwe: 22,
      severity: "high",
      confidence: source.kind === "function-parameter" ? "low" : "medium",
      range: context.rangeOf(call.node),
      message: `tar extracts an archive named by ${source.description}: its members' links and paths are restored as the archive says`,
      fixHint:
        "Extract with Python's tarfile and filter=\"data\", or pass tar --no-same-owner --no-overwrite-dir and refuse archives with links or '..' names before extracting.",
    };
  }
  return undefined;
}

function check(context: RuleContext): Finding[] {
  const findings: Finding[] = [];
  for (const call of context.calls()) {
    if (outsideFocus(context, call.node)) continue; // the finding's range is the call's
    if (subprocessFunction(call, context)) {
      const finding = tarCommandFinding(call, context);
      if (finding) findings.push(finding);
      continue;
    }
    const isUnpack = call.callee === "shutil.unpack_archive";
    const isTarExtract =
      (call.methodName === "extractall" || call.methodName === "extract") &&
      call.receiver !== undefined &&
      isTarReceiver(call.receiver, context);
    if ((!isUnpack && !isTarExtract) || hasSafeFilter(call, context)) continue;
    let message: string;
    let confidence = "high" as Finding["confidence"];
    if (call.methodName === "extract") {
      // one member: unsafe only if that member (name) is unvalidated archive content
      const member = call.positional[0] ?? call.keywords.get("member");
      const source = member ? context.taintSource(member, "path") : undefined;
      if (!source || membersValidatedBefore(call, context)) continue;
      message = `unvalidated ${source.description} reaches tarfile extract() without filter=`;
      confidence = confidenceOf(source);
    } else if (call.methodName === "extractall") {
      const members = call.keywords.get("members") ?? call.positional[1];
      if (members && !context.taintSource(members, "path")) continue;
      if (!members && membersValidatedBefore(call, context)) continue;
      message =
        "tarfile extractall() without filter= writes archive members ('../' names, absolute paths, links) outside the target directory";
      confidence = archiveConfidence(call.receiver!, context);
    } else {
      message =
        "shutil.unpack_archive() without filter= extracts tar members ('../' names, absolute paths, links) outside the target directory";
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
      fixHint:
        'Pass filter="data" (Python 3.12+, backported to 3.8+ security releases) or check each member\'s resolved path stays inside the target directory before extracting.',
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
