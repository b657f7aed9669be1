import type { SyntaxNode } from "../tree";
import type { CallSite, GuardCheck, TaintSource } from "../types";
import { type ConstantValue, isTruthy, type NameResolver } from "../names";
import {
  boundIdentifiers,
  callArguments,
  calledExpression,
  classOfMethod,
  enclosingFunction,
  MAX_EXPRESSION_DEPTH,
  namedChildren,
  nodesOfType,
  nodesOfTypeWithin,
  present,
  unwrapParentheses,
} from "../syntax";
import { containmentFacts, guardFacts, raisingCheckFacts, type GuardFact, type GuardHost } from "./guards";
import {
  FILE_OPENERS,
  isTerminatingCall,
  iteratesOptionPairs,
  KEYED_ACCESS,
  type KeyedAccess,
  LOOKUP_METHODS,
  MUTATING_METHODS,
  NORMALIZER_CALLS,
  NORMALIZER_METHODS,
  sanitizerBits,
  sourceOfAttribute,
  sourceOfCall,
  type SourceOrigin,
} from "./models";
import { EntryPoints, PARAMETER_DESCRIPTIONS, parametersOf } from "./entryPoints";
import { isBuiltinName, isKnownLibraryFunction, TEXT_METHODS } from "./unknown";
import {
  ALL_SINKS,
  closeHalfProofs,
  EMPTY_ENV,
  type Env,
  isWeak,
  joinTaint,
  dictKey,
  dictTaint,
  readKey,
  storeKey,
  mergeEnvs,
  NOT_ABSOLUTE,
  setVariable,
  SINK_BIT,
  type Taint,
  withClean,
} from "./taint";

/** Nesting deeper than this is not analysed (its statements see the env of the enclosing block). */
const MAX_BLOCK_DEPTH = 48;
/** A private helper's parameters take the taint of at most this many call sites. */
const MAX_CALLERS = 24;
/** Helpers with more parameters are summarized for their first ones only. */
const MAX_SUMMARY_PARAMETERS = 8;
/**
 * Analyses started inside one another (a helper's summary needs its callee's, a parameter its callers' data, a
 * nested function its definer's variables) at most this deep: a chain of thousands of helpers must not overflow
 * the stack. Past it a helper is an unknown call (its arguments flow to its result) and callers pass nothing.
 */
const MAX_ANALYSIS_NESTING = 48;

export interface AnalysisHost {
  readonly root: SyntaxNode;
  readonly resolver: NameResolver;
  calls(): readonly CallSite[];
  /** True once the lint's time budget is spent: analyses stop early instead of running on. */
  outOfTime(): boolean;
}

interface Flow {
  env: Env;
  terminated: boolean;
}

/** What a helper's callers in the file pass for one parameter, and how many of its calls were read. */
interface CallerTaint {
  taint: Taint | undefined;
  callers: number;
}

/** How a helper's return value relates to its inputs: a parameter flowing out (maybe sanitized) or a source inside it. */
interface ReturnSummary {
  parameterIndex?: number;
  taint: Taint;
}

/**
 * Intra-procedural taint tracking with light inter-procedural help: a private helper's parameters carry what its
 * callers in the file pass, and a helper's return value is summarized from its parameters. Flow-sensitive over
 * statements (branches merge, loops run twice, early exits after a guard keep the guarded facts).
 */
export class TaintAnalyzer {
  private readonly scopes = new Map<number, ScopeAnalysis>();
  private readonly summaries = new Map<number, ReturnSummary[] | "pending">();
  private readonly resolvingCallers = new Set<number>();
  private functionsByName?: Map<string, SyntaxNode[]>;
  private callsByCallee?: Map<string, CallSite[]>;
  private nesting = 0;
  /** Which functions are entry points and what their parameters hold (the framework tables). */
  readonly entryPoints: EntryPoints;

  constructor(readonly host: AnalysisHost) {
    this.entryPoints = new EntryPoints(host.root, host.resolver);
  }

  /** Runs an analysis nested in the current one, or answers `tooDeep` past MAX_ANALYSIS_NESTING. */
  private nested<T>(tooDeep: T, analyse: () => T): T {
    if (this.nesting >= MAX_ANALYSIS_NESTING) return tooDeep;
    this.nesting++;
    try {
      return analyse();
    } finally {
      this.nesting--;
    }
  }

  /** Taint of an expression at its own program point. */
  taintAt(node: SyntaxNode): Taint | undefined {
    const scope = this.analysisOf(scopeOf(node) ?? this.host.root);
    return scope.evaluate(node, scope.envAt(node));
  }

  /** Whether a check proves some path safe for the path sink, read in its scope (RuleContext.provesPathSafe). */
  provesPathSafe(check: GuardCheck): boolean {
    const at = "condition" in check ? check.condition : check.tryBody;
    return this.analysisOf(scopeOf(at) ?? this.host.root).provesPathSafe(check, at);
  }

  analysisOf(scopeNode: SyntaxNode): ScopeAnalysis {
    const cached = this.scopes.get(scopeNode.id);
    if (cached) return cached;
    // too deep: an analysis that saw nothing, not cached, so a shallower query still analyses the scope
    const analysis = new ScopeAnalysis(this, scopeNode, "actual");
    return this.nested(analysis, () => {
      this.scopes.set(scopeNode.id, analysis);
      analysis.run();
      return analysis;
    });
  }

  /** The same-file function a call goes to: `helper(...)`, or `self.helper(...)` inside the helper's class. */
  localFunction(call: SyntaxNode): SyntaxNode | undefined {
    const callee = call.childForFieldName("function");
    if (!callee) return undefined;
    this.functionsByName ??= this.indexFunctions();
    if (callee.type === "identifier") {
      if (this.host.resolver.isImported(callee.text)) return undefined;
      return this.functionsByName.get(callee.text)?.find((definition) => !classOfMethod(definition));
    }
    if (callee.type === "attribute") {
      const receiver = callee.childForFieldName("object");
      if (receiver?.type !== "identifier" || (receiver.text !== "self" && receiver.text !== "cls")) return undefined;
      const callerFunction = scopeOf(call);
      const callerClass = callerFunction ? classOfMethod(callerFunction) : undefined;
      const name = callee.childForFieldName("attribute")?.text ?? "";
      return this.functionsByName
        .get(name)
        ?.find((definition) => callerClass !== undefined && classOfMethod(definition)?.id === callerClass.id);
    }
    return undefined;
  }

  returnSummary(definition: SyntaxNode): ReturnSummary[] | undefined {
    const cached = this.summaries.get(definition.id);
    if (cached === "pending") return undefined;
    if (cached) return cached;
    return this.nested(undefined, () => {
      this.summaries.set(definition.id, "pending");
      // one run per parameter (and one with none) so that every parameter reaching the result is seen,
      // not only the first one a concatenation keeps
      const summary: ReturnSummary[] = [];
      const parameterCount = Math.min(parametersOf(definition).length, MAX_SUMMARY_PARAMETERS);
      for (let index = -1; index < parameterCount; index++) {
        const analysis = new ScopeAnalysis(this, definition, index < 0 ? { traced: undefined } : { traced: index });
        analysis.run();
        summary.push(...analysis.returnSummaries());
      }
      this.summaries.set(definition.id, summary);
      return summary;
    });
  }

  /**
   * What callers in this file pass for a parameter of a helper, and how many calls were read; undefined when they
   * cannot be read now (the helper is already being resolved, or the analysis is nested too deep).
   */
  callerTaint(definition: SyntaxNode, parameterIndex: number, parameterName: string): CallerTaint | undefined {
    if (this.resolvingCallers.has(definition.id)) return undefined;
    return this.nested(undefined, () => this.taintFromCallers(definition, parameterIndex, parameterName));
  }

  private taintFromCallers(definition: SyntaxNode, parameterIndex: number, parameterName: string): CallerTaint {
    this.resolvingCallers.add(definition.id);
    try {
      let result: Taint | undefined;
      let callers = 0;
      const name = definition.childForFieldName("name")?.text ?? "";
      // `helper(...)` for a function, `self.helper(...)` for a method
      const isMethod = classOfMethod(definition) !== undefined;
      const callees = isMethod ? [`self.${name}`, `cls.${name}`] : [name];
      const sites = isMethod && this.isDistinctMethodName(name) ? this.instanceCallsTo(name) : this.callsTo(callees);
      for (const site of sites) {
        if (callers >= MAX_CALLERS || this.host.outOfTime()) break;
        if (site.methodName !== name) continue;
        // `handler.get_data(path)` on an instance: the file's only method of that name
        const onInstance = site.receiver !== undefined && site.receiver.text !== "self" && site.receiver.text !== "cls";
        if (!onInstance && this.localFunction(site.node)?.id !== definition.id) continue;
        callers++;
        const argument = argumentFor(site, definition, parameterIndex, parameterName);
        if (argument) result = joinTaint(result, this.taintAt(argument));
      }
      return { taint: result, callers };
    } finally {
      this.resolvingCallers.delete(definition.id);
    }
  }

  /**
   * Calls to the given resolved callees, in source order: the candidates for a local call. Indexed by the whole
   * callee: by method name alone, each `def run(self)` would scan every `subprocess.run(...)` of the file.
   */
  private callsTo(callees: readonly string[]): readonly CallSite[] {
    if (!this.callsByCallee) {
      this.callsByCallee = new Map();
      for (const site of this.host.calls()) {
        const list = this.callsByCallee.get(site.callee);
        if (list) list.push(site);
        else this.callsByCallee.set(site.callee, [site]);
      }
    }
    const sites = callees.flatMap((callee) => this.callsByCallee!.get(callee) ?? []);
    return callees.length > 1 ? sites.sort((a, b) => a.node.id - b.node.id) : sites;
  }

  /**
   * A method name defined once in the file and specific enough (`get_data`, not `get`/`run`/`save`) that a call of
   * it on some object (`handler.get_data(path)`) goes to that method.
   */
  private isDistinctMethodName(name: string): boolean {
    this.functionsByName ??= this.indexFunctions();
    if (this.functionsByName.get(name)?.length !== 1 || /^__\w+__$/.test(name)) return false;
    if (LOOKUP_METHODS.has(name) || MUTATING_METHODS.has(name) || TEXT_METHODS.has(name)) return false;
    return name.includes("_") ? name.length >= 6 : name.length >= 10;
  }

  private callsByMethod?: Map<string, CallSite[]>;

  /** Calls of a method name on any receiver except imported modules, in source order. */
  private instanceCallsTo(name: string): readonly CallSite[] {
    if (!this.callsByMethod) {
      this.callsByMethod = new Map();
      for (const site of this.host.calls()) {
        if (!site.receiver) continue;
        const root = site.receiver.text.split(".")[0];
        if (this.host.resolver.isImported(root)) continue;
        const list = this.callsByMethod.get(site.methodName);
        if (list) list.push(site);
        else this.callsByMethod.set(site.methodName, [site]);
      }
    }
    return this.callsByMethod.get(name) ?? [];
  }

  /** Whether the file defines a function or method of that name, at any depth. */
  definesFunction(name: string): boolean {
    this.functionsByName ??= this.indexFunctions();
    return this.functionsByName.has(name);
  }

  private readonly constantAttributes = new Map<number, ReadonlySet<string>>();

  /**
   * The attributes a class assigns only constants to, wherever it assigns them (`self.table = "users"` in any
   * method, `TABLE = "users"` in its body): reading one through self/cls is reading a constant.
   */
  constantAttributesOf(owner: SyntaxNode): ReadonlySet<string> {
    const known = this.constantAttributes.get(owner.id);
    if (known) return known;
    const constant = new Set<string>();
    const other = new Set<string>();
    const body = owner.childForFieldName("body");
    const note = (name: string, value: SyntaxNode | null) =>
      (value && this.host.resolver.constantValue(value) !== undefined ? constant : other).add(name);
    for (const assignment of body?.descendantsOfType(["assignment", "augmented_assignment"]) ?? []) {
      if (!assignment) continue;
      const target = assignment.childForFieldName("left");
      const value = assignment.type === "assignment" ? assignment.childForFieldName("right") : null;
      if (target?.type === "attribute") {
        const object = target.childForFieldName("object");
        const name = target.childForFieldName("attribute")?.text;
        if (name && object?.type === "identifier" && (object.text === "self" || object.text === "cls"))
          note(name, value);
      } else if (target?.type === "identifier" && assignment.parent?.parent?.id === body?.id) {
        note(target.text, value);
      }
    }
    for (const name of other) constant.delete(name);
    this.constantAttributes.set(owner.id, constant);
    return constant;
  }

  private indexFunctions(): Map<string, SyntaxNode[]> {
    const index = new Map<string, SyntaxNode[]>();
    for (const definition of nodesOfType(this.host.root.tree, "function_definition")) {
      const name = definition.childForFieldName("name")?.text;
      if (!name) continue;
      const list = index.get(name);
      if (list) list.push(definition);
      else index.set(name, [definition]);
    }
    return index;
  }
}

/** The enclosing `def` (lambdas are transparent: they see their definer's variables). */
function scopeOf(node: SyntaxNode): SyntaxNode | undefined {
  let scope = enclosingFunction(node);
  while (scope?.type === "lambda") scope = enclosingFunction(scope);
  return scope;
}

function argumentFor(site: CallSite, definition: SyntaxNode, index: number, name: string): SyntaxNode | undefined {
  const keyword = site.keywords.get(name);
  if (keyword) return keyword;
  // `self.helper(a)` binds a to the parameter after self
  const offset = site.receiver && classOfMethod(definition) ? 1 : 0;
  return site.positional[index - offset];
}

/** "actual": real sources (entry-point parameters, callers' data); otherwise a summary run tracing one parameter. */
type Mode = "actual" | { traced: number | undefined };

const MEMBER_NAME_ATTRIBUTES = new Set(["name", "filename", "path"]);

const COMPREHENSIONS = new Set([
  "list_comprehension",
  "set_comprehension",
  "generator_expression",
  "dictionary_comprehension",
]);

class ScopeAnalysis implements GuardHost {
  readonly resolver: NameResolver;
  private readonly envBefore = new Map<number, Env>();
  /** Variables at the end of the scope (for a module: what its functions see as globals). */
  finalEnv: Env = EMPTY_ENV;
  private readonly returns: Taint[] = [];
  /** In a summary run, the stand-in source of the traced parameter. */
  private parameterMarker?: TaintSource;

  constructor(
    private readonly analyzer: TaintAnalyzer,
    private readonly scope: SyntaxNode,
    private readonly mode: Mode,
  ) {
    this.resolver = analyzer.host.resolver;
  }

  run(): void {
    const body = this.scope.type === "module" ? this.scope : this.scope.childForFieldName("body");
    if (!body || this.scope.type === "lambda") return;
    const flow = this.block(body, this.initialEnv(), 0);
    this.finalEnv = flow.env;
  }

  returnSummaries(): ReturnSummary[] {
    if (this.mode === "actual") return [];
    const traced = this.mode.traced;
    if (traced === undefined) return this.returns.map((taint) => ({ taint }));
    return this.returns
      .filter((taint) => taint.source === this.parameterMarker)
      .map((taint) => ({ parameterIndex: traced, taint }));
  }

  /** The variables' taint just before the statement holding `node` (plus comprehension variables around it). */
  envAt(node: SyntaxNode): Env {
    const comprehensions: SyntaxNode[] = [];
    let env: Env | undefined;
    for (let current: SyntaxNode | null = node; current && current.id !== this.scope.id; current = current.parent) {
      env = this.envBefore.get(current.id);
      if (env) break;
      if (COMPREHENSIONS.has(current.type)) comprehensions.push(current);
    }
    let result = env ?? this.finalEnv;
    for (const comprehension of comprehensions.reverse()) result = this.bindComprehension(comprehension, result, 0);
    return result;
  }

  evaluate(node: SyntaxNode, env: Env, depth = 0): Taint | undefined {
    if (depth > MAX_EXPRESSION_DEPTH) return undefined;
    switch (node.type) {
      case "identifier": {
        const lambda = lambdaBinding(node);
        if (lambda) return this.lambdaArgumentTaint(lambda, depth);
        return env.get(node.text) ?? this.outerVariable(node) ?? this.undefinedName(node);
      }
      case "attribute": {
        const own = env.get(node.text);
        if (own) return own;
        const qualified = this.resolver.qualifiedName(node);
        const source = qualified && !qualified.includes("()") ? sourceOfAttribute(qualified) : undefined;
        if (source) return this.fixedByRoute(node, source) ? undefined : fresh(source, node);
        const object = node.childForFieldName("object");
        if (object && this.isOwnInstance(object)) return this.instanceAttribute(node, object);
        return object ? this.evaluate(object, env, depth + 1) : undefined;
      }
      case "subscript": {
        // the container's content flows out; the key only selects (`COMMANDS[name]` is a trusted value), and a
        // constant one selects its own value where the dict's keys are known (`m["a"]` after `m["b"] = param`)
        const value = node.childForFieldName("value");
        const container = value ? this.evaluate(value, env, depth + 1) : undefined;
        const key = container?.contents && this.constantKey(node);
        return key === undefined ? container : readKey(container, key);
      }
      case "dictionary": {
        const byKey = new Map<string, Taint | undefined>();
        for (const pair of namedChildren(node)) {
          const key = pair.type === "pair" ? pair.childForFieldName("key") : null;
          const constant = key ? this.resolver.constantValue(key) : undefined;
          const value = pair.childForFieldName("value");
          if ((typeof constant !== "string" && typeof constant !== "number") || !value)
            return this.evaluateParts(node, env, depth);
          byKey.set(dictKey(constant), this.evaluate(value, env, depth + 1));
        }
        return dictTaint(byKey, undefined);
      }
      case "call":
        return this.evaluateCall(node, env, depth);
      case "conditional_expression": {
        const [consequence, condition, alternative] = namedChildren(node);
        const known = condition && this.resolver.conditionConstant(condition);
        if (known !== undefined) {
          const taken = isTruthy(known) ? consequence : alternative;
          return taken && this.evaluate(taken, env, depth + 1);
        }
        return joinTaint(
          consequence && this.evaluate(consequence, env, depth + 1),
          alternative && this.evaluate(alternative, env, depth + 1),
        );
      }
      case "list_comprehension":
      case "set_comprehension":
      case "generator_expression":
      case "dictionary_comprehension": {
        const inner = this.bindComprehension(node, env, depth);
        const body = node.childForFieldName("body");
        return body ? this.evaluate(body, inner, depth + 1) : undefined;
      }
      case "pair": {
        const value = node.childForFieldName("value");
        return value ? this.evaluate(value, env, depth + 1) : undefined;
      }
      case "named_expression": {
        const value = node.childForFieldName("value");
        return value ? this.evaluate(value, env, depth + 1) : undefined;
      }
      case "comparison_operator":
      case "not_operator":
      case "lambda":
      case "integer":
      case "float":
      case "true":
      case "false":
      case "none":
      case "string_content":
        return undefined;
      default:
        return this.evaluateParts(node, env, depth);
    }
  }

  /** Strings (f-string interpolations), operators (+ % /), containers, parentheses, await, splats: all parts flow. */
  private evaluateParts(node: SyntaxNode, env: Env, depth: number): Taint | undefined {
    let result: Taint | undefined;
    let parts = 0;
    const appends = isAppending(node);
    for (const child of namedChildren(node)) {
      const isPart = child.type === "interpolation" || child.type === "string_content" || node.type !== "string";
      const taint = this.evaluate(child, env, depth + 1);
      // text after the first part cannot make the whole absolute: `f"{BASE}/{name}"`, `base + name`
      result = joinTaint(result, isPart && parts > 0 && appends ? withClean(taint, NOT_ABSOLUTE) : taint);
      if (isPart) parts++;
    }
    return COMPOSING_EXPRESSIONS.has(node.type) ? composedOf(result, parts) : result;
  }

  private readonly resolvingLambdas = new Set<number>();

  /**
   * What a lambda's parameter receives where the lambda is called: `(lambda c: os.system(c))(cmd)`, the elements of
   * `map(lambda c: ..., cmds)`, the calls of `run = lambda c: ...` in the same scope. Elsewhere (a callback handed to
   * code the file does not show) nothing is known.
   */
  private lambdaArgumentTaint(binding: LambdaParameter, depth: number): Taint | undefined {
    const { lambda, index, name } = binding;
    if (this.resolvingLambdas.has(lambda.id)) return undefined;
    this.resolvingLambdas.add(lambda.id);
    try {
      let result: Taint | undefined;
      for (const argument of this.argumentsOfLambda(lambda, index, name)) {
        result = joinTaint(result, this.evaluate(argument, this.envAt(argument), depth + 1));
      }
      return result;
    } finally {
      this.resolvingLambdas.delete(lambda.id);
    }
  }

  private argumentsOfLambda(lambda: SyntaxNode, index: number, name: string): SyntaxNode[] {
    let outer = lambda;
    while (outer.parent?.type === "parenthesized_expression") outer = outer.parent;
    const parent = outer.parent;
    const argumentAt = (call: SyntaxNode) => {
      const { positional, keywords } = callArguments(call);
      return keywords.get(name) ?? positional[index];
    };
    // (lambda c: ...)(cmd)
    if (parent?.type === "call" && parent.childForFieldName("function")?.equals(outer))
      return present(argumentAt(parent));
    // map(lambda c: ..., cmds): each element of the iterable at the parameter's position
    const call = parent?.type === "argument_list" ? parent.parent : null;
    if (
      call?.type === "call" &&
      ELEMENT_CALLERS.has(this.resolver.qualifiedName(calledExpression(call) ?? call) ?? "")
    ) {
      const { positional } = callArguments(call);
      return positional[0]?.equals(outer) ? present(positional[index + 1]) : [];
    }
    // run = lambda c: ...; run(cmd)
    const target =
      parent?.type === "assignment" && parent.childForFieldName("right")?.equals(outer)
        ? parent.childForFieldName("left")
        : null;
    if (target?.type !== "identifier") return [];
    const scope = scopeOf(lambda)?.id ?? -1;
    return this.analyzer.host
      .calls()
      .filter(
        (site) =>
          site.node.childForFieldName("function")?.type === "identifier" &&
          site.callee === target.text &&
          (scopeOf(site.node)?.id ?? -1) === scope,
      )
      .flatMap((site) => present(argumentAt(site.node)));
  }

  mayBeTainted(node: SyntaxNode): boolean {
    // an allow-list of unknown origin (`ALLOWED = load_allowed()`) still vouches, as before weak taint existed
    const taint = this.evaluate(node, this.currentEnv);
    return taint !== undefined && !isWeak(taint);
  }

  /**
   * `self`/`cls` of the method being analysed: its first parameter, under the name a method gives it (also in a
   * method shown without its class, as a fragment), or bound nowhere in view (lines from inside a method shown
   * without its `def`).
   */
  private isOwnInstance(node: SyntaxNode): boolean {
    if (node.type !== "identifier" || (node.text !== "self" && node.text !== "cls")) return false;
    if (this.scope.type === "function_definition" && parametersOf(this.scope)[0]?.name === node.text) return true;
    return !this.resolver.isBound(node);
  }

  /**
   * `self.attr` that this method has not assigned: set elsewhere (another method, a caller, a subclass), so of
   * unknown origin, unless its class only ever assigns it constants.
   */
  private instanceAttribute(node: SyntaxNode, instance: SyntaxNode): Taint | undefined {
    const name = node.childForFieldName("attribute")?.text;
    const owner = classOfMethod(this.scope);
    if (!name || (owner && this.analyzer.constantAttributesOf(owner).has(name))) return undefined;
    return fresh({ kind: "unknown", description: `'${instance.text}.${name}'` }, node);
  }

  /** A name the file never binds and Python does not provide: an undefined global, of unknown origin. */
  private undefinedName(identifier: SyntaxNode): Taint | undefined {
    const name = identifier.text;
    if (isBuiltinName(name) || this.resolver.isImported(name) || this.resolver.isBound(identifier)) return undefined;
    return fresh({ kind: "unknown", description: `'${name}'` }, identifier);
  }

  /**
   * Whether a call's result is of unknown origin when none of its inputs is tainted: a function the file does not
   * define and neither Python's builtins nor its standard library provide (`something()`, `lib.fetch()`), or a
   * method of an object other than self/cls that is not a str/collection method (`req.FormValue("x")`).
   */
  private returnsUnknown(callee: SyntaxNode, qualified: string, methodName: string): boolean {
    if (callee.type === "identifier") {
      const name = callee.text;
      if (isBuiltinName(name)) return false;
      if (this.resolver.isImported(name)) return !isKnownLibraryFunction(qualified);
      return this.undefinedName(callee) !== undefined;
    }
    if (callee.type !== "attribute" || TEXT_METHODS.has(methodName)) return false;
    let root = callee.childForFieldName("object");
    while (root && (root.type === "attribute" || root.type === "call" || root.type === "subscript")) {
      root =
        root.type === "call"
          ? root.childForFieldName("function")
          : root.childForFieldName(root.type === "attribute" ? "object" : "value");
    }
    if (root?.type !== "identifier") return false;
    if (root.text === "self" || root.text === "cls" || root.text === "super") return false;
    return !(this.resolver.isImported(root.text) && isKnownLibraryFunction(qualified));
  }

  /** A same-file predicate (`def is_safe(p): return ...`) proves what its returned condition proves about its arguments. */
  predicateFacts(call: SyntaxNode, whenTrue: boolean, depth: number): GuardFact[] {
    const definition = this.analyzer.localFunction(call);
    const body = definition?.childForFieldName("body");
    if (!definition || !body || depth > 4) return [];
    const statements = namedChildren(body);
    const last = statements[statements.length - 1];
    if (
      last?.type !== "return_statement" ||
      statements.some((statement) => statement !== last && statement.type === "return_statement")
    )
      return [];
    const returned = last.firstNamedChild;
    if (!returned) return [];
    // `resolved = os.path.realpath(p); return resolved.startswith(BASE)` vouches for p
    const facts = guardFacts(returned, whenTrue, this, depth + 1).flatMap((fact) => this.throughAssignment(fact));
    return this.factsForArguments(facts, definition, call);
  }

  /** A same-file validator called as a statement (`check_name(name)`) whose `if <bad>: raise` guards hold afterwards. */
  private validatorFacts(call: SyntaxNode): GuardFact[] {
    const definition = this.analyzer.localFunction(call);
    const body = definition?.childForFieldName("body");
    if (!definition || !body) return [];
    const statements = namedChildren(body);
    const facts: GuardFact[] = [];
    for (const statement of statements) {
      if (statement.type !== "if_statement" || statement.childrenForFieldName("alternative").length > 0) continue;
      const condition = statement.childForFieldName("condition");
      const consequence = statement.childForFieldName("consequence");
      const exits = consequence ? namedChildren(consequence).some((child) => child.type === "raise_statement") : false;
      if (!condition || !exits) continue;
      for (const fact of guardFacts(condition, false, this)) facts.push(...this.throughAssignment(fact));
    }
    return this.factsForArguments(facts, definition, call);
  }

  /** The check's facts (guards.ts) at `at`, a containment fact counting only on a normalized path: safe for paths? */
  provesPathSafe(check: GuardCheck, at: SyntaxNode): boolean {
    const env = this.envAt(at);
    this.currentEnv = env;
    const facts =
      "condition" in check ? guardFacts(check.condition, check.whenTrue, this) : raisingCheckFacts(check.tryBody, this);
    let clean = 0;
    for (const fact of facts.flatMap((proven) => this.throughAssignment(proven))) {
      if (!fact.needsNormalized || this.evaluate(fact.subject, env)?.normalized) clean |= fact.clean;
    }
    return (closeHalfProofs(clean) & SINK_BIT.path) !== 0;
  }

  /** A containment fact about a helper's local (`resolved = realpath(p)`) is one about the path it normalized. */
  private throughAssignment(fact: GuardFact): GuardFact[] {
    const assigned =
      fact.needsNormalized && fact.subject.type === "identifier" ? this.resolver.soleValue(fact.subject) : undefined;
    return assigned && !assigned.equals(fact.subject) ? containmentFacts(assigned, this) : [fact];
  }

  /** Re-targets facts about a helper's parameters onto the arguments of a call to it. */
  private factsForArguments(facts: readonly GuardFact[], definition: SyntaxNode, call: SyntaxNode): GuardFact[] {
    if (facts.length === 0) return [];
    const parameters = parametersOf(definition);
    const { positional, keywords } = callArguments(call);
    const site: CallSite = { node: call, callee: "", methodName: "", positional, keywords };
    const receiver = call.childForFieldName("function")?.childForFieldName("object");
    if (receiver) site.receiver = receiver;
    const mapped: GuardFact[] = [];
    for (const fact of facts) {
      const index = parameters.findIndex((parameter) => parameter.name === fact.subject.text);
      const argument = index >= 0 ? argumentFor(site, definition, index, parameters[index].name) : undefined;
      if (argument) mapped.push({ ...fact, subject: argument });
    }
    return mapped;
  }

  // ----- statements -----

  /** Per enclosing loop, the envs at its `break` and `continue` statements. */
  private readonly loopJumps: Env[][] = [];

  /** Env at the guard being evaluated, for `mayBeTainted`. */
  private currentEnv: Env = EMPTY_ENV;

  private initialEnv(): Env {
    if (this.scope.type !== "function_definition") return EMPTY_ENV;
    const parameters = parametersOf(this.scope);
    const env = new Map<string, Taint>();
    if (this.mode !== "actual") {
      const traced = this.mode.traced === undefined ? undefined : parameters[this.mode.traced];
      if (traced) {
        this.parameterMarker = {
          kind: "function-parameter",
          description: `'${traced.name}' (${PARAMETER_DESCRIPTIONS["function-parameter"]})`,
          node: traced.node,
        };
        env.set(traced.name, { source: this.parameterMarker, clean: 0, normalized: false, composed: false });
      }
      return env;
    }
    const entryPoints = this.analyzer.entryPoints;
    const entryPoint = entryPoints.isEntryPoint(this.scope);
    const kind = entryPoints.kindOf(this.scope);
    const typedByRoute = entryPoints.typedRouteVariables(this.scope);
    parameters.forEach((parameter, index) => {
      // `self`/`cls` (also of decorators and metaclass helpers taking a class) are objects, not data
      if (
        typedByRoute.has(parameter.name) ||
        (index === 0 && (parameter.name === "self" || parameter.name === "cls")) ||
        entryPoints.isSafeParameter(parameter)
      )
        return;
      // a framework request object is not data itself; its data attributes (request.GET, request.args) are sources
      if (entryPoints.isRequestParameter(parameter.name)) return;
      const callers = this.analyzer.callerTaint(this.scope, index, parameter.name);
      const fromCallers = callers?.taint;
      if (!entryPoint) {
        if (fromCallers) env.set(parameter.name, fromCallers);
        // a helper no code in view calls (a suggestion's new helper, a method of a private class): its callers are
        // elsewhere, so what it is given is of unknown origin
        else if (callers?.callers === 0 && !entryPoints.isTestOrFixture(this.scope))
          env.set(
            parameter.name,
            fresh(
              { kind: "unknown", description: `'${parameter.name}' (parameter, no caller in view)` },
              parameter.node,
            ),
          );
        return;
      }
      // a public helper called in this file with request data carries that data (whole or not), not just "a parameter"
      const own: Taint = {
        source: { kind, description: `'${parameter.name}' (${PARAMETER_DESCRIPTIONS[kind]})`, node: parameter.node },
        clean: 0,
        normalized: false,
        composed: false,
      };
      const fromUser =
        kind === "function-parameter" &&
        fromCallers !== undefined &&
        !isWeak(fromCallers) &&
        fromCallers.source.kind !== "function-parameter";
      env.set(parameter.name, fromUser ? fromCallers : own);
    });
    return env;
  }

  private block(block: SyntaxNode, env: Env, depth: number): Flow {
    let current = env;
    let terminated = false;
    for (const statement of namedChildren(block)) {
      if (this.analyzer.host.outOfTime()) break;
      this.envBefore.set(statement.id, current);
      if (terminated) continue; // unreachable code keeps the env of the exit for queries
      const flow = this.statement(statement, current, depth);
      current = flow.env;
      terminated = flow.terminated;
    }
    return { env: current, terminated };
  }

  private statement(statement: SyntaxNode, env: Env, depth: number): Flow {
    if (depth > MAX_BLOCK_DEPTH) return { env, terminated: false };
    switch (statement.type) {
      case "expression_statement":
        return this.expressionStatement(statement, env);
      case "return_statement": {
        const value = statement.firstNamedChild;
        const taint = value ? this.evaluate(value, env) : undefined;
        if (taint) this.returns.push(taint);
        return { env, terminated: true };
      }
      case "continue_statement":
      case "break_statement":
        // the env leaves the loop (break) or starts the next iteration (continue), which may then leave it
        this.loopJumps.at(-1)?.push(env);
        return { env, terminated: true };
      case "raise_statement":
        return { env, terminated: true };
      case "assert_statement": {
        const condition = statement.firstNamedChild;
        return { env: condition ? this.applyGuard(condition, true, env) : env, terminated: false };
      }
      case "if_statement":
        return this.ifStatement(
          statement.childForFieldName("condition"),
          statement.childForFieldName("consequence"),
          statement.childrenForFieldName("alternative"),
          env,
          depth,
        );
      case "for_statement":
      case "while_statement":
        return this.loop(statement, env, depth);
      case "try_statement":
        return this.tryStatement(statement, env, depth);
      case "with_statement":
        return this.withStatement(statement, env, depth);
      case "match_statement": {
        const subject = statement.childForFieldName("subject");
        const known = subject ? this.resolver.conditionConstant(subject) : undefined;
        const body = statement.childForFieldName("body");
        const flows: Flow[] = [];
        // on a constant subject, cases of other literals are dead and a certain match ends the search
        let matched = false;
        for (const clause of body ? namedChildren(body) : []) {
          const consequence = clause.childForFieldName("consequence");
          if (!consequence) continue;
          const verdict = matched ? false : known === undefined ? undefined : caseMatches(clause, known, this.resolver);
          const flow = this.block(consequence, env, depth + 1);
          if (verdict !== false) flows.push(flow);
          if (verdict === true && clause.childForFieldName("guard") === null) matched = true;
        }
        if (!matched) flows.push({ env, terminated: false });
        return mergeFlows(flows);
      }
      case "ERROR":
        // recover what parses inside broken code
        return this.block(statement, env, depth + 1);
      case "block":
        return this.block(statement, env, depth + 1);
      default:
        return { env, terminated: false };
    }
  }

  private expressionStatement(statement: SyntaxNode, env: Env): Flow {
    const expression = statement.firstNamedChild;
    if (!expression) return { env, terminated: false };
    switch (expression.type) {
      case "assignment":
        return { env: this.assignment(expression, env), terminated: false };
      case "augmented_assignment": {
        const target = expression.childForFieldName("left");
        const value = expression.childForFieldName("right");
        if (!target || !value) return { env, terminated: false };
        // `cmd += name` builds a value of two parts, as `cmd + name` does
        const combined = composedOf(joinTaint(this.evaluate(target, env), this.evaluate(value, env)), 2);
        return { env: this.bind(target, combined, env), terminated: false };
      }
      case "call": {
        const callee = expression.childForFieldName("function");
        const qualified = callee ? (this.resolver.qualifiedName(callee) ?? callee.text) : "";
        const method = callee?.type === "attribute" ? (callee.childForFieldName("attribute")?.text ?? "") : qualified;
        if (isTerminatingCall(qualified, method)) return { env, terminated: true };
        const validated = this.validatorFacts(expression);
        if (validated.length > 0) return { env: this.applyFacts(validated, env), terminated: false };
        const receiver = callee?.type === "attribute" ? callee.childForFieldName("object") : undefined;
        const keyed = KEYED_ACCESS.get(qualified);
        if (
          receiver &&
          keyed?.value !== undefined &&
          (receiver.type === "identifier" || receiver.type === "attribute")
        ) {
          // `conf.set("s", "k", value)`: the store keeps the value under its key, as `m["k"] = value` does
          const args = callArguments(expression);
          const stored = args.positional[keyed.value];
          const value = stored && this.evaluate(stored, env);
          const key = this.accessKey(args.positional, keyed);
          const container = this.evaluate(receiver, env);
          return {
            env: setVariable(
              env,
              receiver.text,
              key === undefined ? joinTaint(container, value) : storeKey(container, key, value),
            ),
            terminated: false,
          };
        }
        if (
          receiver &&
          MUTATING_METHODS.has(method) &&
          (receiver.type === "identifier" || receiver.type === "attribute")
        ) {
          const added = this.evaluate(expression.childForFieldName("arguments")!, env);
          if (added)
            return {
              env: setVariable(env, receiver.text, joinTaint(this.evaluate(receiver, env), added)),
              terminated: false,
            };
        }
        return { env, terminated: false };
      }
      default:
        return { env, terminated: false };
    }
  }

  private assignment(assignment: SyntaxNode, env: Env): Env {
    const target = assignment.childForFieldName("left");
    const value = assignment.childForFieldName("right");
    if (!target || !value) return env;
    if (value.type === "assignment") {
      // a = b = value
      const inner = this.assignment(value, env);
      const innerValue = value.childForFieldName("left");
      return innerValue ? this.bind(target, this.evaluate(innerValue, inner), inner) : inner;
    }
    const targets = namedChildren(target);
    const values = namedChildren(value);
    if (
      (target.type === "pattern_list" || target.type === "tuple_pattern") &&
      value.type === "expression_list" &&
      targets.length === values.length
    ) {
      // a, b = x, y: element-wise, so a clean value stays clean
      let next = env;
      targets.forEach((element, index) => {
        next = this.bind(element, this.evaluate(values[index], env), next);
      });
      return next;
    }
    return this.bind(target, this.evaluate(value, env), env);
  }

  /** Assigns a taint to a target; a subscript/attribute target taints (adds to) its container. */
  private bind(target: SyntaxNode, taint: Taint | undefined, env: Env): Env {
    switch (target.type) {
      case "identifier":
        return setVariable(env, target.text, taint);
      case "attribute":
        return setVariable(env, target.text, taint);
      case "subscript": {
        const container = target.childForFieldName("value");
        if (!container || (container.type !== "identifier" && container.type !== "attribute")) return env;
        const key = this.constantKey(target);
        if (key !== undefined)
          return setVariable(env, container.text, storeKey(this.evaluate(container, env), key, taint));
        if (!taint) return env;
        return setVariable(env, container.text, joinTaint(this.evaluate(container, env), taint));
      }
      default: {
        let next = env;
        for (const identifier of boundIdentifiers(target)) next = setVariable(next, identifier.text, taint);
        return next;
      }
    }
  }

  /** `request.path` in a view whose routes have no variables: the router fixed it (frameworks' staticRouteAttributes). */
  private fixedByRoute(node: SyntaxNode, source: SourceOrigin): boolean {
    const view = source.requestAttribute === undefined ? undefined : scopeOf(node);
    return view !== undefined && this.analyzer.entryPoints.fixedByStaticRoute(view, source.requestAttribute!);
  }

  /** The key a keyed store's call names, when all its key arguments are constant (names bound once to one count). */
  private accessKey(positional: readonly SyntaxNode[], access: KeyedAccess): string | undefined {
    const parts: string[] = [];
    for (const index of access.key) {
      const argument = positional[index];
      const constant = argument ? this.resolver.constantValue(argument) : undefined;
      if (typeof constant !== "string" && typeof constant !== "number") return undefined;
      const text = String(constant);
      parts.push(access.caseFolded?.includes(index) ? text.toLowerCase() : text);
    }
    return dictKey(parts.join("\u0000"));
  }

  /** The constant str or int key of `container[key]` (a name bound once to one counts), as a `dictKey`. */
  private constantKey(subscript: SyntaxNode): string | undefined {
    const keys = subscript.childrenForFieldName("subscript");
    return keys.length === 1 ? this.constantDictKey(keys[0]) : undefined;
  }

  /** A constant str or int (a name bound once to one counts) as a `dictKey`: `m["k"]`'s key, `m.get("k")`'s. */
  private constantDictKey(node: SyntaxNode): string | undefined {
    const key = this.resolver.constantValue(node);
    return typeof key === "string" || typeof key === "number" ? dictKey(key) : undefined;
  }

  private ifStatement(
    condition: SyntaxNode | null,
    consequence: SyntaxNode | null,
    alternatives: (SyntaxNode | null)[],
    entry: Env,
    depth: number,
  ): Flow {
    if (!condition || !consequence) return { env: entry, terminated: false };
    // `if (name := request.args.get("n")):` binds name for both branches
    const env = this.bindWalrus(condition, entry);
    const thenFlow = this.block(consequence, this.applyGuard(condition, true, env), depth + 1);
    const elseEnv = this.applyGuard(condition, false, env);
    const [first, ...rest] = alternatives.filter((alternative): alternative is SyntaxNode => alternative !== null);
    let elseFlow: Flow;
    if (!first) elseFlow = { env: elseEnv, terminated: false };
    else if (first.type === "elif_clause") {
      elseFlow = this.ifStatement(
        first.childForFieldName("condition"),
        first.childForFieldName("consequence"),
        rest,
        elseEnv,
        depth + 1,
      );
    } else {
      const body = first.childForFieldName("body") ?? first.lastNamedChild;
      elseFlow = body ? this.block(body, elseEnv, depth + 1) : { env: elseEnv, terminated: false };
    }
    // a constant condition (`if DEBUG:`, `if 7 * 42 - num > 200:`) leaves one branch dead; both are still walked
    // for the queries inside them
    const known = this.resolver.conditionConstant(condition);
    if (known !== undefined) return isTruthy(known) ? thenFlow : elseFlow;
    return mergeFlows([thenFlow, elseFlow]);
  }

  private loop(statement: SyntaxNode, env: Env, depth: number): Flow {
    const body = statement.childForFieldName("body");
    if (!body) return { env, terminated: false };
    const enter = (entry: Env): Env => {
      if (statement.type !== "for_statement") return entry;
      const target = statement.childForFieldName("left");
      const iterable = statement.childForFieldName("right");
      if (!target || !iterable) return entry;
      const bound = this.bind(target, this.evaluate(iterable, entry), entry);
      // `for opt, arg in opts` over getopt's pairs: `opt` is one of the declared option names
      const pair = target.type === "pattern_list" || target.type === "tuple_pattern" ? namedChildren(target) : [];
      return pair.length === 2 && iteratesOptionPairs(iterable, this.resolver)
        ? this.bind(pair[0], undefined, bound)
        : bound;
    };
    // twice: a value tainted late in the body reaches the body's start on the next iteration
    const jumps: Env[] = [];
    this.loopJumps.push(jumps);
    const first = this.block(body, enter(env), depth + 1);
    const second = this.block(body, enter(mergeEnvs([env, first.env, ...jumps])), depth + 1);
    this.loopJumps.pop();
    const exit = mergeEnvs([env, first.env, second.env, ...jumps]);
    const alternative = statement.childForFieldName("alternative");
    const elseBody = alternative?.childForFieldName("body") ?? alternative?.lastNamedChild;
    return elseBody ? this.block(elseBody, exit, depth + 1) : { env: exit, terminated: false };
  }

  private tryStatement(statement: SyntaxNode, env: Env, depth: number): Flow {
    const body = statement.childForFieldName("body");
    const bodyFlow = body ? this.block(body, env, depth + 1) : { env, terminated: false };
    const flows: Flow[] = [];
    let finallyBlock: SyntaxNode | undefined;
    let elseFlow: Flow = bodyFlow;
    for (const clause of namedChildren(statement)) {
      if (clause.type === "except_clause" || clause.type === "except_group_clause") {
        const handler = namedChildren(clause).find((child) => child.type === "block");
        // the exception may come from any point of the body
        if (handler) flows.push(this.block(handler, mergeEnvs([env, bodyFlow.env]), depth + 1));
      } else if (clause.type === "else_clause") {
        const elseBody = clause.childForFieldName("body") ?? clause.lastNamedChild;
        if (elseBody && !bodyFlow.terminated) elseFlow = this.block(elseBody, bodyFlow.env, depth + 1);
      } else if (clause.type === "finally_clause") {
        finallyBlock = namedChildren(clause).find((child) => child.type === "block");
      }
    }
    let merged = mergeFlows([elseFlow, ...flows]);
    if (body && flows.length > 0 && flows.every((flow) => flow.terminated) && !merged.terminated) {
      // try: p.relative_to(base) / ipaddress.ip_address(host) — except ValueError: abort() proves the check passed
      merged = { env: this.applyFacts(raisingCheckFacts(body, this), merged.env), terminated: false };
    }
    if (!finallyBlock) return merged;
    const finallyFlow = this.block(finallyBlock, merged.env, depth + 1);
    return { env: finallyFlow.env, terminated: merged.terminated || finallyFlow.terminated };
  }

  private withStatement(statement: SyntaxNode, env: Env, depth: number): Flow {
    let next = env;
    for (const item of statement.descendantsOfType("with_item")) {
      const value = item?.childForFieldName("value");
      if (value?.type !== "as_pattern") continue;
      const expression = value.firstNamedChild;
      const alias = value.childForFieldName("alias");
      if (expression && alias) next = this.bind(alias, this.evaluate(expression, next), next);
    }
    const body = statement.childForFieldName("body");
    return body ? this.block(body, next, depth + 1) : { env: next, terminated: false };
  }

  private bindWalrus(expression: SyntaxNode, env: Env): Env {
    let next = env;
    for (const walrus of nodesOfTypeWithin(expression, ["named_expression"])) {
      const name = walrus.childForFieldName("name");
      const value = walrus.childForFieldName("value");
      if (name && value) next = this.bind(name, this.evaluate(value, next), next);
    }
    return next;
  }

  private applyGuard(condition: SyntaxNode, whenTrue: boolean, env: Env): Env {
    this.currentEnv = env;
    return this.applyFacts(guardFacts(condition, whenTrue, this), env);
  }

  private applyFacts(facts: readonly GuardFact[], env: Env): Env {
    let next = env;
    for (const fact of facts) {
      let subject = unwrapParentheses(fact.subject);
      if (subject.type === "named_expression") subject = subject.childForFieldName("name") ?? subject;
      if (
        subject.type === "attribute" &&
        !next.has(subject.text) &&
        MEMBER_NAME_ATTRIBUTES.has(subject.childForFieldName("attribute")?.text ?? "")
      ) {
        // checking an archive entry's or upload's name vouches for the entry, which is extracted/saved by that name
        subject = subject.childForFieldName("object") ?? subject;
      }
      if (subject.type !== "identifier" && subject.type !== "attribute") continue;
      const taint = next.get(subject.text);
      if (!taint || (fact.needsNormalized && !taint.normalized)) continue;
      next = setVariable(next, subject.text, withClean(taint, fact.clean));
    }
    return next;
  }

  // ----- expressions -----

  private evaluateCall(call: SyntaxNode, env: Env, depth: number): Taint | undefined {
    const callee = calledExpression(call);
    if (!callee) return undefined;
    const isMethod = callee.type === "attribute";
    const methodName = isMethod ? (callee.childForFieldName("attribute")?.text ?? "") : callee.text;
    const qualified = this.resolver.qualifiedName(callee) ?? callee.text;
    const args = callArguments(call);
    // `request.get_json()` is a source like `request.json`
    const source =
      sourceOfCall(qualified, methodName, isMethod) ??
      (isMethod && !qualified.includes("()") ? sourceOfAttribute(qualified) : undefined);
    if (source) return this.fixedByRoute(call, source) ? undefined : fresh(source, call);
    if (FILE_OPENERS.has(qualified)) {
      // the application's own files (a literal path) are trusted; anything else may be attacker-supplied content
      const path = args.positional[0] ?? args.keywords.get("file");
      return path && this.resolver.constantValue(path) === undefined
        ? fresh({ kind: "file-contents", description: `file contents (${qualified}())` }, call)
        : undefined;
    }
    const clean = sanitizerBits(qualified, methodName, isMethod) | this.separatorRemoval(methodName, args);
    if ((clean & ALL_SINKS) === ALL_SINKS || qualified === "range") return undefined;
    const argumentTaint = (): Taint | undefined => {
      let result: Taint | undefined;
      for (const argument of [...args.positional, ...args.keywords.values(), ...args.splats]) {
        result = joinTaint(result, this.evaluate(argument, env, depth + 1));
      }
      return result;
    };
    const local = this.analyzer.localFunction(call);
    const summary = local ? this.analyzer.returnSummary(local) : undefined;
    let result: Taint | undefined;
    if (local && summary) {
      const parameters = parametersOf(local);
      const site: CallSite = {
        node: call,
        callee: qualified,
        methodName,
        positional: args.positional,
        keywords: args.keywords,
      };
      if (isMethod) site.receiver = callee.childForFieldName("object")!;
      for (const entry of summary) {
        if (entry.parameterIndex === undefined) {
          result = joinTaint(result, entry.taint);
          continue;
        }
        const parameter = parameters[entry.parameterIndex];
        const argument = parameter ? argumentFor(site, local, entry.parameterIndex, parameter.name) : undefined;
        const passed = argument ? this.evaluate(argument, env, depth + 1) : undefined;
        const through = withClean(passed, entry.taint.clean);
        const shaped =
          through && (entry.taint.normalized || entry.taint.composed)
            ? {
                ...through,
                normalized: entry.taint.normalized || through.normalized,
                composed: entry.taint.composed || through.composed,
              }
            : through;
        result = joinTaint(result, shaped);
      }
    } else if (isMethod) {
      const receiver = callee.childForFieldName("object");
      const receiverTaint = receiver ? this.evaluate(receiver, env, depth + 1) : undefined;
      // a receiver is a part of the result (`"{}/{}".format(a)`, `base.joinpath(a)`) unless it is a module (`os.path`)
      const receiverIsModule = receiver !== null && this.resolver.isImported(receiver.text.split(".")[0]);
      const keyed = KEYED_ACCESS.get(qualified);
      if (keyed && keyed.value === undefined) {
        // `conf.get("s", "k")` reads what was stored under that key, as `m["k"]` does
        const key = receiverTaint?.contents && this.accessKey(args.positional, keyed);
        result = key === undefined ? receiverTaint : readKey(receiverTaint, key);
      } else if (methodName === "get" && receiverTaint?.contents && args.positional.length > 0) {
        // `m.get("k", default)` on a dict whose keys are known: that key's value, or the default
        const key = this.constantDictKey(args.positional[0]);
        result =
          key === undefined
            ? receiverTaint
            : joinTaint(
                readKey(receiverTaint, key),
                args.positional[1] && this.evaluate(args.positional[1], env, depth + 1),
              );
      } else if (LOOKUP_METHODS.has(methodName)) result = receiverTaint;
      else
        result = composedOf(
          joinTaint(receiverTaint, argumentTaint()),
          args.positional.length + args.keywords.size + (receiverIsModule ? 0 : 1),
        );
      if (result && NORMALIZER_METHODS.has(methodName)) result = { ...result, normalized: true };
    } else {
      result = composedOf(argumentTaint(), args.positional.length + args.keywords.size);
    }
    if (!result && clean === 0 && !local && this.returnsUnknown(callee, qualified, methodName)) {
      const description = `the result of ${callee.text.length > 40 ? `${methodName}` : callee.text}()`;
      result = fresh({ kind: "unknown", description }, call);
    }
    if (result && NORMALIZER_CALLS.has(qualified)) result = { ...result, normalized: true };
    return withClean(result, clean);
  }

  /** `name.replace("/", "_")` leaves no path separator: the result names one entry of its directory. */
  private separatorRemoval(methodName: string, args: ReturnType<typeof callArguments>): number {
    if (methodName !== "replace" || args.positional.length < 2) return 0;
    const removed = this.resolver.constantValue(args.positional[0]);
    const replacement = this.resolver.constantValue(args.positional[1]);
    return removed === "/" && typeof replacement === "string" && !replacement.includes("/") ? SINK_BIT.path : 0;
  }

  private bindComprehension(comprehension: SyntaxNode, env: Env, depth: number): Env {
    let inner = env;
    for (const clause of namedChildren(comprehension)) {
      if (clause.type !== "for_in_clause") continue;
      const target = clause.childForFieldName("left");
      const iterable = clause.childForFieldName("right");
      if (target && iterable) inner = this.bind(target, this.evaluate(iterable, inner, depth + 1), inner);
    }
    return inner;
  }

  /** A nested function sees its definer's variables as they were where it was defined; a top-level one, the module's. */
  private outerVariable(identifier: SyntaxNode): Taint | undefined {
    const name = identifier.text;
    if (
      this.scope.type !== "function_definition" ||
      this.resolver.isImported(name) ||
      this.resolver.bindsIn(this.scope, name)
    )
      return undefined;
    this.outerEnv ??= this.computeOuterEnv();
    return this.outerEnv.get(name);
  }

  private outerEnv?: Env;

  private computeOuterEnv(): Env {
    const outer = scopeOf(this.scope);
    if (outer) return this.analyzer.analysisOf(outer).envAt(this.scope);
    // a module global is read when the function runs, normally after the whole module has executed
    return this.analyzer.analysisOf(this.analyzer.host.root).finalEnv;
  }
}

/** Calls that call their first argument with the elements of the iterables after it. */
const ELEMENT_CALLERS = new Set(["map", "filter", "itertools.starmap", "itertools.filterfalse"]);

interface LambdaParameter {
  lambda: SyntaxNode;
  index: number;
  name: string;
}

/** The lambda whose parameter an identifier reads, if the innermost binding of the name is one. */
function lambdaBinding(identifier: SyntaxNode): LambdaParameter | undefined {
  const name = identifier.text;
  let child = identifier;
  for (
    let current = identifier.parent;
    current && current.type !== "function_definition" && current.type !== "class_definition";
    child = current, current = current.parent
  ) {
    if (current.type !== "lambda") continue;
    const parameters = current.childForFieldName("parameters");
    // a default value (`lambda c=c: ...`) is read where the lambda is defined
    if (parameters?.equals(child)) continue;
    const names = parameters ? namedChildren(parameters).map(parameterName) : [];
    const index = names.indexOf(name);
    if (index >= 0) return { lambda: current, index, name };
  }
  return undefined;
}

function parameterName(parameter: SyntaxNode): string | undefined {
  if (parameter.type === "identifier") return parameter.text;
  const name = parameter.childForFieldName("name") ?? parameter.firstNamedChild;
  return name?.type === "identifier" ? name.text : undefined;
}

/**
 * Whether a `case` clause matches a constant subject: true for `case _:`, a capture name or an equal literal,
 * false when every alternative is an unequal literal, undefined when its patterns are not literals.
 */
function caseMatches(clause: SyntaxNode, subject: ConstantValue, resolver: NameResolver): boolean | undefined {
  const patterns = namedChildren(clause).filter((child) => child.type === "case_pattern");
  if (patterns.length !== 1) return undefined; // `case a, b:` is a sequence pattern
  const [inner, ...more] = namedChildren(patterns[0]);
  if (!inner) return true; // `case _:`
  if (more.length > 0) return undefined;
  if (inner.type === "dotted_name" && !inner.text.includes(".")) return true; // a capture pattern binds anything
  const alternatives = inner.type === "union_pattern" ? namedChildren(inner) : [inner];
  let verdict: boolean | undefined = false;
  for (const alternative of alternatives) {
    const value = resolver.constantValue(alternative);
    if (value === undefined) verdict = undefined;
    else if (value === subject) return true;
  }
  return verdict;
}

/** Expressions that build a new string or path out of their parts. */
const COMPOSING_EXPRESSIONS = new Set(["binary_operator", "string", "concatenated_string"]);

/** Strings built by appending text to their first part (not `BASE / name`, where an absolute name replaces BASE). */
function isAppending(node: SyntaxNode): boolean {
  if (node.type === "string" || node.type === "concatenated_string") return true;
  return node.type === "binary_operator" && node.childForFieldName("operator")?.type === "+";
}

/** A value built from several parts (`os.path.join(base, name)`, `"{}".format(x)`, `base + name`) is composed. */
function composedOf(taint: Taint | undefined, parts: number): Taint | undefined {
  return taint && parts > 1 && !taint.composed ? { ...taint, composed: true } : taint;
}

function fresh(origin: SourceOrigin, node: SyntaxNode): Taint {
  return {
    source: { kind: origin.kind, description: origin.description, node },
    clean: 0,
    normalized: false,
    composed: false,
  };
}

function mergeFlows(flows: readonly Flow[]): Flow {
  const live = flows.filter((flow) => !flow.terminated);
  if (live.length === 0) return { env: mergeEnvs(flows.map((flow) => flow.env)), terminated: true };
  return { env: mergeEnvs(live.map((flow) => flow.env)), terminated: false };
}
