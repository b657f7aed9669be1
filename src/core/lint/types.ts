import type { SinkKind } from "./dataflow/sinkKinds";
import type { SyntaxNode, SyntaxTree } from "./tree";

export type Severity = "info" | "low" | "medium" | "high";
export type Confidence = "low" | "medium" | "high";
export type Category =
  "path-traversal" | "sql-injection" | "command-injection" | "code-injection" | "unsafe-default" | "review";

/** Zero-based, end-exclusive range in the linted source (line/column in UTF-16 code units, as VS Code counts). */
export interface SourceRange {
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
}

export interface TextEdit {
  range: SourceRange;
  newText: string;
}

/** A mechanical fix a quick fix can apply without judgement (e.g. yaml.load → yaml.safe_load). */
export interface FixSuggestion {
  title: string;
  edits: TextEdit[];
}

export interface Finding {
  /** Stable, kebab-case, descriptive (e.g. "sql-injection", "yaml-unsafe-load"). */
  ruleId: string;
  category: Category;
  /** For unsafe-default and review: what kind (e.g. "debug-mode", "tls-verification-disabled"). */
  subkind?: string;
  cwe: number;
  severity: Severity;
  confidence: Confidence;
  range: SourceRange;
  message: string;
  fixHint: string;
  fix?: FixSuggestion;
}

/** A call in the linted file with its callee resolved through imports and simple assignments. */
export interface CallSite {
  node: SyntaxNode;
  /**
   * Dotted, import-resolved name: `os.system`, `subprocess.run`, `yaml.load` (also for `from yaml import load`,
   * `import yaml as y`). A method on an object built by a known constructor gets the constructor's name and `()`:
   * `app = Flask(__name__); app.run()` → `flask.Flask().run`. Unknown receivers keep their source text
   * (`cursor.execute`). Builtins are plain (`eval`, `open`).
   */
  callee: string;
  /** Last identifier of the callee (`execute` for `cur.execute(...)`). */
  methodName: string;
  /** The object a method is called on (`cur` in `cur.execute`), if any. */
  receiver?: SyntaxNode;
  positional: SyntaxNode[];
  keywords: ReadonlyMap<string, SyntaxNode>;
}

/**
 * What kind of input a source is. Rules decide on it; a source's `description` is only for the message. The tables of
 * dataflow/models.ts and the entry points (dataflow/entryPoints.ts) say which kind each source is.
 */
export type SourceKind =
  /** A request's data (query, form, body, headers, cookies, path) and its argument getters. */
  | "request-data"
  /** A request's uploaded files (`request.files`, `request.FILES`): file objects whose name and content the client chose. */
  | "uploaded-file"
  /** A route handler's parameter: a part of the URL. */
  | "route-parameter"
  /** `sys.argv`, argparse results, a click/typer command's parameter. */
  | "cli-argument"
  /** `input()`, `sys.stdin`. */
  | "console-input"
  | "environment"
  /** Socket `recv*` data. */
  | "network"
  /** Contents of a file opened from a non-literal path: often the program's own data. */
  | "file-contents"
  /** Member names of an archive (`getnames()`, `namelist()`): whoever made the archive chose them. */
  | "archive-member"
  /** A public function's own parameter: an API input, not data shown to come from a user. */
  | "function-parameter"
  /**
   * Of unknown origin (an undefined global, an unknown call's result), not shown to be user input. Only returned to a
   * rule that asks for such sources (`taintSource(node, kind, { unknown: true })`).
   */
  | "unknown";

/** What a function's parameters hold when it is called from outside: its kind of entry point. */
export type ParameterKind = Extract<SourceKind, "route-parameter" | "cli-argument" | "function-parameter">;

/** Where untrusted data came from: its kind, and for the message a description ("request.args", "'path' (function parameter)"). */
export interface TaintSource {
  kind: SourceKind;
  description: string;
  node: SyntaxNode;
  /**
   * On its way to the queried expression the data was combined with other text (a name joined under a base
   * directory, a value formatted into a query) rather than passed through whole.
   */
  composed?: boolean;
}

/** A check read by the data flow's guards: a branch condition as it holds or fails, or a `try` body that passed. */
export type GuardCheck = { condition: SyntaxNode; whenTrue: boolean } | { tryBody: SyntaxNode };

export interface RuleContext {
  readonly source: string;
  readonly tree: SyntaxTree;
  /**
   * Set when only findings overlapping this range are wanted (a suggestion linted in its document): a rule may skip
   * the work whose findings could not overlap it (`outsideFocus` of syntax.ts). Findings outside it are dropped.
   */
  readonly focus?: SourceRange;
  /** All calls in the file, in source order. */
  calls(): readonly CallSite[];
  /** Import-resolved dotted name of an expression (`np.load` → `numpy.load`), or undefined if not a name/attribute. */
  qualifiedName(node: SyntaxNode): string | undefined;
  /** Compile-time value of a literal or of a name bound once to a literal in the same scope. */
  constantValue(node: SyntaxNode): string | number | boolean | null | undefined;
  /** The expressions a name may hold where it is read (its bindings in the enclosing scopes, a parameter's default,
   *  the binding that certainly reaches the use); undefined when one of them is unknown. Other nodes: themselves. */
  possibleValues(node: SyntaxNode): SyntaxNode[] | undefined;
  /** A name built up with `+=` (`cmd = "ls "; cmd += name`) in its scope: what it was assigned and what appended,
   *  when every binding there is one or the other (possibleValues is undefined for it). */
  builtUpValues(identifier: SyntaxNode): { assigned: SyntaxNode[]; appended: SyntaxNode[] } | undefined;
  /** The one expression a name holds where it is read (its only possible value), if there is exactly one. */
  soleValue(node: SyntaxNode): SyntaxNode | undefined;
  /** If the expression may carry untrusted data that no sanitizer on its path removed, where it came from. */
  taintSource(node: SyntaxNode, sink: SinkKind, options?: { unknown?: boolean }): TaintSource | undefined;
  /**
   * What a function's parameters hold when it is called from outside, per the framework entry-point tables
   * (dataflow/entryPoints.ts): "route-parameter" for a request handler (a route, a view taking `request`, a view
   * class's verb method), "cli-argument" for a command, else "function-parameter".
   */
  entryPointKind(definition: SyntaxNode): ParameterKind;
  /**
   * Whether a check proves some path safe for the path sink, as the data flow's guards (dataflow/guards.ts) read it
   * where it stands: a containment check of a normalized path (`realpath(p).startswith(base)`, `commonpath`,
   * `is_relative_to`, a passed `p.resolve().relative_to(base)`), both an absolute-path and a `..` test, or a same-file
   * predicate making one. For rules that judge a check apart from one value's flow (a loop validating every member).
   */
  provesPathSafe(check: GuardCheck): boolean;
  /** Whether the file defines a function or method of that name, at any depth (its body is analysed where used). */
  definesFunction(name: string): boolean;
  /** Whether some scope around the identifier binds its name (an import, an assignment, a parameter…) or a star import may. */
  isBound(identifier: SyntaxNode): boolean;
  /** The range of a node, in the linted source's coordinates. */
  rangeOf(node: SyntaxNode): SourceRange;
  /** Reports a part of the file a rule had to skip (the engine's `log` option). */
  log(message: string): void;
}

export interface RuleMeta {
  id: string;
  category: Category;
  subkind?: string;
  cwe: number;
  severity: Severity;
  title: string;
  /** Longer explanation shown by "Explain this risk": what goes wrong and how to fix it. */
  description: string;
}

export interface Rule {
  meta: RuleMeta;
  check(context: RuleContext): Finding[];
}
