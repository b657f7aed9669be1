import { namedChildren, unwrapParentheses } from "../syntax";
import type { SyntaxNode } from "../tree";
import type { SinkKind } from "../dataflow/taint";
import type { CallSite, Confidence, Finding, FixSuggestion, Rule, RuleContext, RuleMeta, SourceRange, TaintSource } from "../types";

/** One dangerous call: which of its inputs must not carry untrusted data, and how to name it in messages. */
export interface SinkMatch {
  inputs: SyntaxNode[];
  /** How the call is named in messages: `open()`, `subprocess.run(shell=True)`. */
  display: string;
  /**
   * A public function handing its own parameter, whole, to this sink is a wrapper (`def load(path): open(path)`,
   * `def run(argv): subprocess.run(argv)`): the caller decides what it gets. Only a parameter built into a larger
   * path/query (`os.path.join(BASE, name)`) is an injection point there.
   */
  wrapperAllowed?: boolean;
  /**
   * Also report values of unknown origin (undefined globals, unknown calls' results) at low confidence, done
   * through the data flow so sanitizers, allow-lists and constants still clear them. Opt-in per sink:
   * "formatted" when formatted into the input (Bandit's string-built SQL), "any" also when passed whole (a shell
   * command line: Bandit's "shell with a non-literal command").
   */
  unknownSources?: "formatted" | "any";
  /** Low for a sink that is dangerous only on some platforms or setups; the source's confidence otherwise. */
  confidence?: "low";
}

export interface TaintedSinkRuleSpec {
  meta: RuleMeta;
  kind: SinkKind;
  /** The sink inputs of a call, or undefined if the call is not a sink of this rule. */
  match(call: CallSite, context: RuleContext): SinkMatch | undefined;
  fixHint: string;
  fix?(call: CallSite, context: RuleContext): FixSuggestion | undefined;
}

/** Untrusted input reaching a sink: the shape shared by the injection and traversal rules. */
export function taintedSinkRule(spec: TaintedSinkRuleSpec): Rule {
  return {
    meta: spec.meta,
    check(context) {
      const findings: Finding[] = [];
      for (const original of context.calls()) {
        let call = original;
        let match = spec.match(call, context);
        if (!match) {
          // `loop.run_in_executor(None, exec, code)` is `exec(code)`
          const delegated = delegatedCall(original, context);
          if (delegated) {
            call = delegated;
            match = spec.match(call, context);
          }
        }
        if (!match) continue;
        const source = firstTainted(match.inputs, spec.kind, context, match.wrapperAllowed === true, match.unknownSources);
        if (!source) continue;
        const finding = sinkFinding(spec, context.rangeOf(call.node), source, match.display);
        if (match.confidence) finding.confidence = match.confidence;
        const fix = call === original ? spec.fix?.(call, context) : undefined;
        if (fix) finding.fix = fix;
        findings.push(finding);
      }
      return findings;
    },
  };
}

/** The finding for untrusted data (`source`) reaching a sink named `display` at `range`. */
export function sinkFinding(spec: Pick<TaintedSinkRuleSpec, "meta" | "fixHint">, range: SourceRange, source: TaintSource, display: string): Finding {
  const finding: Finding = {
    ruleId: spec.meta.id,
    category: spec.meta.category,
    cwe: spec.meta.cwe,
    severity: spec.meta.severity,
    confidence: confidenceOf(source),
    range,
    message: source.unknown
      ? `${source.description}, of unknown origin, is ${source.composed ? "formatted into the text passed to" : "passed to"} ${display}`
      : `user-controlled ${source.description} reaches ${display}`,
    fixHint: spec.fixHint,
  };
  if (spec.meta.subkind) finding.subkind = spec.meta.subkind;
  return finding;
}

function firstTainted(inputs: readonly SyntaxNode[], kind: SinkKind, context: RuleContext, wrapperAllowed: boolean, unknown: SinkMatch["unknownSources"]): TaintSource | undefined {
  let weak: TaintSource | undefined;
  for (const input of inputs) {
    const source = context.taintSource(input, kind, { unknown: unknown !== undefined });
    if (source?.unknown) weak ??= source.composed || unknown === "any" ? source : undefined;
    else if (source && !(wrapperAllowed && source.fromParameter && !source.composed)) return source;
  }
  return weak;
}

/** Data straight from a request, the command line or the network is attacker-controlled for sure; a public
 *  function's parameter only if its callers pass such data. */
export function confidenceOf(source: TaintSource): Confidence {
  if (source.unknown) return "low";
  return source.fromParameter ? "medium" : "high";
}

/** The argument at a position or passed by keyword (`open(file=...)`). */
export function argument(call: CallSite, position: number, keyword?: string): SyntaxNode | undefined {
  return call.positional[position] ?? (keyword ? call.keywords.get(keyword) : undefined);
}

export function present(...nodes: (SyntaxNode | undefined)[]): SyntaxNode[] {
  return nodes.filter((node): node is SyntaxNode => node !== undefined);
}

/** Methods that call the function they are given with the positional arguments after it: position of the function. */
const CALLING_METHODS: ReadonlyMap<string, number> = new Map([
  ["run_in_executor", 1], ["submit", 0], ["call_soon", 0], ["call_soon_threadsafe", 0], ["call_later", 1], ["call_at", 1], ["apply_async", 0], ["apply", 0],
]);
/** Functions that do the same (`functools.partial` binds the arguments for a later call). */
const CALLING_FUNCTIONS: ReadonlyMap<string, number> = new Map([["asyncio.to_thread", 0], ["functools.partial", 0]]);
/** Constructors taking `target=` and `args=` (threads and processes). */
const TARGET_CONSTRUCTORS = new Set(["threading.Thread", "multiprocessing.Process", "threading.Timer"]);

/**
 * A call that hands a named function and its arguments to another call (`loop.run_in_executor(None, exec, code)`,
 * `executor.submit(os.system, cmd)`, `threading.Thread(target=eval, args=(expr,))`), seen as the direct call it
 * makes. The positional arguments of `apply_async(f, (a,))`-style calls are the tuple's elements.
 */
export function delegatedCall(call: CallSite, context: RuleContext): CallSite | undefined {
  let position = CALLING_FUNCTIONS.get(call.callee) ?? (call.receiver ? CALLING_METHODS.get(call.methodName) : undefined);
  let target: SyntaxNode | undefined;
  let rest: SyntaxNode[];
  if (position !== undefined) {
    target = call.positional[position];
    rest = call.positional.slice(position + 1);
    if (call.methodName === "apply_async" || call.methodName === "apply") rest = tupleElements(rest[0] ?? call.keywords.get("args"));
  } else if (TARGET_CONSTRUCTORS.has(call.callee)) {
    position = call.callee === "threading.Timer" ? 1 : -1;
    target = call.keywords.get(call.callee === "threading.Timer" ? "function" : "target") ?? (position >= 0 ? call.positional[position] : undefined);
    rest = tupleElements(call.keywords.get("args") ?? (position >= 0 ? call.positional[position + 1] : undefined));
  } else {
    return undefined;
  }
  if (!target) return undefined;
  const reference = unwrapParentheses(target);
  if (reference.type !== "identifier" && reference.type !== "attribute") return undefined;
  const callee = context.qualifiedName(reference) ?? reference.text;
  return {
    node: call.node,
    callee,
    methodName: reference.type === "attribute" ? reference.childForFieldName("attribute")?.text ?? "" : reference.text,
    receiver: reference.type === "attribute" ? reference.childForFieldName("object") ?? undefined : undefined,
    positional: rest,
    keywords: call.callee === "functools.partial" ? call.keywords : new Map(),
  };
}

function tupleElements(node: SyntaxNode | undefined): SyntaxNode[] {
  if (!node) return [];
  const value = unwrapParentheses(node);
  return value.type === "tuple" || value.type === "list" ? [...namedChildren(value)] : [];
}
