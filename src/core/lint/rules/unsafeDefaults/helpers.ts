import { namedChildren } from "../../syntax";
import type { SyntaxNode } from "../../tree";
import type {
  CallSite,
  Confidence,
  Finding,
  FixSuggestion,
  Rule,
  RuleContext,
  RuleMeta,
  Severity,
  TextEdit,
} from "../../types";

/** What a rule decides per finding; everything else comes from its meta. */
export interface Report {
  node: SyntaxNode;
  message: string;
  fixHint: string;
  confidence: Confidence;
  /** Overrides meta.severity when the evidence makes the finding worse or milder. */
  severity?: Severity;
  /** Overrides meta.cwe when one rule covers two closely related weaknesses. */
  cwe?: number;
  fix?: FixSuggestion;
}

/**
 * Builds a Rule whose findings carry the meta's id, category, subkind, CWE and severity.
 * `sourceGate` is a cheap text pre-check: when every possible finding needs one of a few words in the source
 * (`CERT_NONE`, `AutoAddPolicy`), files without them skip the tree walks entirely (the per-keystroke path).
 */
export function defineRule(
  meta: RuleMeta,
  collect: (context: RuleContext, report: (r: Report) => void) => void,
  sourceGate?: RegExp,
): Rule {
  return {
    meta,
    check(context) {
      if (sourceGate && !sourceGate.test(context.source)) return [];
      const findings: Finding[] = [];
      const reported = new Set<string>();
      collect(context, (r) => {
        const key = `${r.node.startIndex}:${r.node.endIndex}`;
        if (reported.has(key)) return; // two routes to the same node (e.g. call + reference) report once
        reported.add(key);
        findings.push({
          ruleId: meta.id,
          category: meta.category,
          subkind: meta.subkind,
          cwe: r.cwe ?? meta.cwe,
          severity: r.severity ?? meta.severity,
          confidence: r.confidence,
          range: context.rangeOf(r.node),
          message: r.message,
          fixHint: r.fixHint,
          ...(r.fix ? { fix: r.fix } : {}),
        });
      });
      return findings;
    },
  };
}

/** Memoizes a whole-file computation per lint run (the context lives for one file), shared by every rule that asks. */
function perContext<T>(compute: (context: RuleContext) => T): (context: RuleContext) => T {
  const cache = new WeakMap<RuleContext, T>();
  return (context) => {
    if (!cache.has(context)) cache.set(context, compute(context));
    return cache.get(context) as T;
  };
}

const callsById = perContext(
  (context): Map<number, CallSite> => new Map(context.calls().map((call) => [call.node.id, call])),
);

/** The CallSite of a `call` node (resolved callee, arguments). */
export function callAt(context: RuleContext, node: SyntaxNode): CallSite | undefined {
  return node.type === "call" ? callsById(context).get(node.id) : undefined;
}

// ---------------------------------------------------------------- tree helpers

/** Node types the rules scan the whole file for (the tree indexes every type; the list keeps rules to a reviewed few). */
type IndexedType =
  | "assignment"
  | "import_statement"
  | "import_from_statement"
  | "string"
  | "pair"
  | "keyword_argument"
  | "default_parameter"
  | "typed_default_parameter"
  | "comparison_operator"
  | "except_clause"
  | "assert_statement";

/** All nodes of the given types in the file, in source order. */
export function nodesOfType(context: RuleContext, ...types: IndexedType[]): readonly SyntaxNode[] {
  return context.tree.rootNode.descendantsOfType(types);
}

/** Nearest ancestor (excluding the node itself) of one of the given types. */
export function ancestor(node: SyntaxNode, types: string | string[]): SyntaxNode | undefined {
  const wanted = typeof types === "string" ? [types] : types;
  for (let current = node.parent; current; current = current.parent) {
    if (wanted.includes(current.type)) return current;
  }
  return undefined;
}

/**
 * An identifier named as one of a library's `names` that nothing in view binds (`DES3` in `DES3.new(...)`, `mktemp()`,
 * `Loader=Loader`): in an excerpt or a suggestion shown without its imports, most likely that library's name.
 */
export function isNotImportedInView(
  context: RuleContext,
  node: SyntaxNode | null | undefined,
  names: ReadonlySet<string>,
): node is SyntaxNode {
  return node?.type === "identifier" && names.has(node.text) && !context.isBound(node);
}

/**
 * Test code legitimately uses asserts, dummy credentials and disabled protections;
 * rules that would be noisy there skip nodes inside `def test_*` or `class Test*`.
 */
export function isInTestCode(node: SyntaxNode): boolean {
  for (let current = node.parent; current; current = current.parent) {
    const name = current.childForFieldName("name")?.text ?? "";
    if (current.type === "function_definition" && /^test/i.test(name)) return true;
    if (current.type === "class_definition" && /^Test|Test(s|Case|ing)?$|Testing/.test(name)) return true;
  }
  return false;
}

function isInsideImport(node: SyntaxNode): boolean {
  return ancestor(node, ["import_statement", "import_from_statement", "future_import_statement"]) !== undefined;
}

// ---------------------------------------------------------------- calls

/** The argument at a position or passed by keyword (`yaml.load(s, Loader)` or `Loader=`). */
export function argument(call: CallSite, position: number, keyword: string): SyntaxNode | undefined {
  return call.keywords.get(keyword) ?? call.positional[position];
}

/** `f(**options)` may pass any keyword, so "keyword missing" cannot be concluded. */
export function hasKeywordSplat(call: CallSite): boolean {
  const args = call.node.childForFieldName("arguments");
  return args ? args.namedChildren.some((arg) => arg.type === "dictionary_splat") : false;
}

/** Top-level module of a resolved callee or name (`cryptography` for `cryptography.hazmat...`). */
export function rootModule(qualifiedName: string): string {
  return qualifiedName.split(".")[0] ?? qualifiedName;
}

/** True when the call's callee was resolved into one of the modules (not left as receiver text). */
export function calleeInModule(call: CallSite, modules: readonly string[]): boolean {
  return modules.some((module) => call.callee === module || call.callee.startsWith(`${module}.`));
}

/**
 * A setting that Python reads for its truth value is on: `True`, but also `1`, `"True"`, `[True]`, or a name whose
 * every binding in scope is such a constant (`DEBUG = True ... DEBUG = 1`, `def f(shell=True)`).
 */
export function isConstantTrue(context: RuleContext, node: SyntaxNode | undefined): boolean {
  return node !== undefined && truthiness(context, node) === true;
}

/** The setting is off: `False`, `0`, `""` (every possible value falsy). `None` is excluded: it usually means "the default". */
export function isConstantFalse(context: RuleContext, node: SyntaxNode | undefined): boolean {
  if (node === undefined || truthiness(context, node) !== false) return false;
  return (context.possibleValues(node) ?? []).every((value) => context.constantValue(value) !== null);
}

export function constantString(context: RuleContext, node: SyntaxNode | undefined): string | undefined {
  if (!node) return undefined;
  const value = context.constantValue(node);
  return typeof value === "string" ? value : undefined;
}

export function constantNumber(context: RuleContext, node: SyntaxNode | undefined): number | undefined {
  if (!node) return undefined;
  const value = context.constantValue(node);
  return typeof value === "number" ? value : undefined;
}

// ---------------------------------------------------------------- scope-aware constants

const CONTAINER_TYPES = new Set(["list", "tuple", "set", "dictionary"]);

/** Python truth value of an expression, when every value it may hold agrees. */
export function truthiness(context: RuleContext, node: SyntaxNode): boolean | undefined {
  const values = context.possibleValues(node);
  if (!values || values.length === 0) return undefined;
  let result: boolean | undefined;
  for (const value of values) {
    let truth: boolean | undefined;
    if (CONTAINER_TYPES.has(value.type)) truth = namedChildren(value).length > 0;
    else {
      const constant = context.constantValue(value);
      truth = constant === undefined ? undefined : Boolean(constant);
    }
    if (truth === undefined || (result !== undefined && truth !== result)) return undefined;
    result = truth;
  }
  return result;
}

/** Whether the file imports the module (or a submodule of it) in any form. */
export function importsModule(context: RuleContext, module: string): boolean {
  return importStatements(context).some(
    ({ module: imported }) => imported === module || imported.startsWith(`${module}.`),
  );
}

/** An imported module, relative imports (the project's own code) excluded. */
export interface ImportedModule {
  module: string;
  /** The dotted name in the import statement (`os` in `import os, sys`; `os.path` in `from os.path import join`). */
  node: SyntaxNode;
}

/** One entry per imported module per import statement, in source order. */
export const importStatements = perContext((context): ImportedModule[] => {
  const result: ImportedModule[] = [];
  for (const statement of nodesOfType(context, "import_statement", "import_from_statement")) {
    if (statement.type === "import_from_statement") {
      const moduleNode = statement.childForFieldName("module_name");
      if (moduleNode && moduleNode.type === "dotted_name") result.push({ module: moduleNode.text, node: moduleNode });
      continue;
    }
    for (const imported of statement.childrenForFieldName("name")) {
      const dotted = imported.type === "aliased_import" ? imported.childForFieldName("name") : imported;
      if (dotted) result.push({ module: dotted.text, node: dotted });
    }
  }
  return result;
});

// ---------------------------------------------------------------- names and references

export interface NameReference {
  node: SyntaxNode;
  /** Import-resolved dotted name (`ssl.CERT_NONE`). */
  name: string;
}

/**
 * Every outermost name or attribute expression outside import statements, with its resolved name:
 * `ssl.CERT_NONE` is one reference (its inner `ssl` is not). Calls' function parts are included,
 * so a rule looking for `paramiko.AutoAddPolicy` sees both `AutoAddPolicy()` and `AutoAddPolicy`.
 */
export const nameReferences = perContext((context): NameReference[] => {
  const references: NameReference[] = [];
  for (const node of context.tree.rootNode.descendantsOfType(["identifier", "attribute"])) {
    const parent = node.parent;
    if (
      parent?.type === "attribute" &&
      (parent.childForFieldName("object")?.equals(node) || parent.childForFieldName("attribute")?.equals(node))
    )
      continue;
    if (isInsideImport(node)) continue;
    const name = context.qualifiedName(node);
    if (name) references.push({ node, name });
  }
  return references;
});

/** A reference compared against (`if mode == ssl.CERT_NONE`) only reads the value; it configures nothing. */
export function isComparedOnly(node: SyntaxNode): boolean {
  return node.parent?.type === "comparison_operator";
}

/**
 * Lower-case words of an identifier, dict key or keyword: `apiKey`, `API_KEY`, `api-key` → ["api", "key"].
 */
export function identifierWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1_$2")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word.length > 0);
}

/** The name an assignment target binds: `token`, `self.token` → token, `config["SECRET_KEY"]` → SECRET_KEY. */
export function targetName(context: RuleContext, target: SyntaxNode): string | undefined {
  switch (target.type) {
    case "identifier":
      return target.text;
    case "attribute":
      return target.childForFieldName("attribute")?.text;
    case "subscript": {
      const key = target.childForFieldName("subscript");
      return constantString(context, key ?? undefined);
    }
    default:
      return undefined;
  }
}

/**
 * Identifiers inside an expression, f-string interpolations included. Attribute names count
 * (`user.password` says as much as `password`); keyword-argument names do not (they name a parameter).
 */
export function identifiersIn(node: SyntaxNode): SyntaxNode[] {
  if (node.type === "identifier") return [node];
  return node.descendantsOfType("identifier").filter((identifier) => {
    const parent = identifier.parent;
    return !(parent?.type === "keyword_argument" && parent.childForFieldName("name")?.equals(identifier));
  });
}

// ---------------------------------------------------------------- assignments

export interface Assignment {
  node: SyntaxNode;
  target: SyntaxNode;
  value: SyntaxNode;
}

/** Every simple `target = value` (also annotated `target: T = value`); tuple targets are skipped. */
export const assignments = perContext((context): Assignment[] => {
  const result: Assignment[] = [];
  for (const node of nodesOfType(context, "assignment")) {
    const target = node.childForFieldName("left");
    const value = node.childForFieldName("right");
    if (!target || !value || value.type === "assignment") continue;
    result.push({ node, target, value });
  }
  return result;
});

export interface Setting {
  name: string;
  value: SyntaxNode;
}

/** Calls that set configuration by keyword: `app.config.update(X=...)`, `from_mapping`, `settings.configure`. */
const CONFIGURING_METHODS = new Set(["update", "from_mapping", "configure"]);

/**
 * Configuration values set in the file, however spelled: `X = v`, `cfg.X = v`, `app.config["X"] = v`,
 * `app.config.update(X=v)`. Rules about framework settings (CSRF, cookie flags) read them from here.
 */
export const settings = perContext((context): Setting[] => {
  const found: Setting[] = [];
  for (const { target, value } of assignments(context)) {
    const name = targetName(context, target);
    if (name) found.push({ name, value });
  }
  for (const call of context.calls()) {
    if (!CONFIGURING_METHODS.has(call.methodName)) continue;
    for (const [name, value] of call.keywords) found.push({ name, value });
  }
  return found;
});

/** Whether a statement sits directly in the module (settings files, app setup), not in a def or class. */
export function isModuleLevel(node: SyntaxNode): boolean {
  return ancestor(node, ["function_definition", "class_definition"]) === undefined;
}

// ---------------------------------------------------------------- fixes

export function replaceEdit(context: RuleContext, node: SyntaxNode, newText: string): TextEdit {
  return { range: context.rangeOf(node), newText };
}

export function replaceFix(context: RuleContext, title: string, node: SyntaxNode, newText: string): FixSuggestion {
  return { title, edits: [replaceEdit(context, node, newText)] };
}

/**
 * `import module` for a fix that introduces a call into it, or undefined when the file already has that plain import.
 * The line goes after the module's header (shebang and coding comments, the docstring, `from __future__` imports),
 * which must stay first: an import above a `from __future__` line is a SyntaxError, and above a docstring it
 * unmakes the docstring.
 */
export function addImportEdit(context: RuleContext, module: string): TextEdit | undefined {
  const imported = nodesOfType(context, "import_statement").some((statement) =>
    statement.childrenForFieldName("name").some((name) => name.type === "dotted_name" && name.text === module),
  );
  if (imported) return undefined;
  let header: SyntaxNode | undefined;
  let statements = 0;
  for (const child of context.tree.rootNode.children) {
    const isDocstring =
      statements === 0 &&
      child.type === "expression_statement" &&
      child.namedChildren.length === 1 &&
      child.firstNamedChild?.type === "string";
    if (child.type !== "comment" && !isDocstring && child.type !== "future_import_statement") break;
    if (child.type !== "comment") statements++;
    header = child;
  }
  if (!header)
    return { range: { startLine: 0, startColumn: 0, endLine: 0, endColumn: 0 }, newText: `import ${module}\n` };
  const end = context.rangeOf(header);
  return {
    range: { startLine: end.endLine, startColumn: end.endColumn, endLine: end.endLine, endColumn: end.endColumn },
    newText: `\nimport ${module}`,
  };
}

/** Inserts `keyword=value` at the end of a call's argument list, respecting an empty list and a trailing comma. */
export function addKeywordEdit(context: RuleContext, call: CallSite, keywordText: string): TextEdit | undefined {
  const args = call.node.childForFieldName("arguments");
  if (!args || args.type !== "argument_list") return undefined;
  const closing = args.lastChild;
  if (!closing || closing.type !== ")") return undefined;
  const beforeClosing = closing.previousSibling;
  const needsComma = beforeClosing?.type !== "(" && beforeClosing?.type !== ",";
  const at = context.rangeOf(closing);
  return {
    range: { startLine: at.startLine, startColumn: at.startColumn, endLine: at.startLine, endColumn: at.startColumn },
    newText: needsComma ? `, ${keywordText}` : keywordText,
  };
}

export function addKeywordFix(
  context: RuleContext,
  title: string,
  call: CallSite,
  keywordText: string,
): FixSuggestion | undefined {
  const edit = addKeywordEdit(context, call, keywordText);
  return edit ? { title, edits: [edit] } : undefined;
}

/** Replaces the last identifier of an attribute callee (`yaml.load` → `yaml.safe_load`); undefined for bare names. */
export function renameMethodFix(
  context: RuleContext,
  title: string,
  call: CallSite,
  newName: string,
): FixSuggestion | undefined {
  const fn = call.node.childForFieldName("function");
  const attribute = fn?.type === "attribute" ? fn.childForFieldName("attribute") : undefined;
  return attribute ? replaceFix(context, title, attribute, newName) : undefined;
}

// ---------------------------------------------------------------- untrusted input

export interface InputOrigin {
  /** Request data, command line, network: attacker-controlled for sure. */
  certain: boolean;
  /** For messages: " (the data comes from request.data)". */
  origin: string;
}

/**
 * Where the data read by a parser/deserializer comes from, per the engine's taint analysis. A helper's parameter or a file
 * the program opens may well be trusted (loading your own model file is the normal case), so those are weak evidence.
 */
export function inputOrigin(context: RuleContext, data: SyntaxNode | undefined): InputOrigin | undefined {
  const source = data ? context.taintSource(data, "code") : undefined;
  if (!source) return undefined;
  return {
    certain: source.kind !== "function-parameter" && source.kind !== "file-contents",
    origin: ` (the data comes from ${source.description})`,
  };
}

/** Deserializers that run code are always risky; certainly-untrusted input makes the finding high/high. */
export function deserializationEvidence(
  context: RuleContext,
  data: SyntaxNode | undefined,
): { severity: Severity; confidence: Confidence; origin: string } {
  const input = inputOrigin(context, data);
  return input?.certain
    ? { severity: "high", confidence: "high", origin: input.origin }
    : { severity: "medium", confidence: "medium", origin: input?.origin ?? "" };
}

// ---------------------------------------------------------------- where a value goes

const ACCUMULATORS = new Set(["append", "extend", "insert", "add"]);

/**
 * The names a value produced by this expression is stored under: the assignment target (`token = ...`, `pw += ...`),
 * the collection it is accumulated into (`password.append(...)`), or, when it is returned, the function (`def make_otp`).
 */
export function bindingNames(context: RuleContext, node: SyntaxNode): string[] {
  const statement = ancestor(node, [
    "assignment",
    "augmented_assignment",
    "return_statement",
    "expression_statement",
    "function_definition",
    "lambda",
  ]);
  switch (statement?.type) {
    case "assignment":
    case "augmented_assignment": {
      const target = statement.childForFieldName("left");
      const name = target ? targetName(context, target) : undefined;
      return name ? [name] : [];
    }
    case "return_statement": {
      const name = ancestor(statement, "function_definition")?.childForFieldName("name")?.text;
      return name ? [name] : [];
    }
    case "expression_statement": {
      const call = statement.firstNamedChild;
      const fn = call?.type === "call" ? call.childForFieldName("function") : undefined;
      const collection =
        fn?.type === "attribute" && ACCUMULATORS.has(fn.childForFieldName("attribute")?.text ?? "")
          ? fn.childForFieldName("object")
          : undefined;
      return collection ? [targetName(context, collection) ?? collection.text] : [];
    }
    default:
      return [];
  }
}
