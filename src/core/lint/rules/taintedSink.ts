import { indirectCalls } from "./indirectCalls";
import { outsideFocus } from "../syntax";
import type { SyntaxNode } from "../tree";
import type { SinkKind } from "../dataflow/taint";
import type {
  CallSite,
  Confidence,
  Finding,
  FixSuggestion,
  Rule,
  RuleContext,
  RuleMeta,
  SourceRange,
  TaintSource,
} from "../types";

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
      for (const call of context.calls()) {
        // the finding's range is the call's: out of focus, its data flow need not be analysed
        if (outsideFocus(context, call.node)) continue;
        // a call the analysis cannot finish (a pathological input) costs its own finding, not the file's
        try {
          const finding = sinkFindingAt(spec, call, context);
          if (finding) findings.push(finding);
        } catch (error) {
          context.log(
            `${spec.meta.id}: call at line ${call.node.startPosition.row + 1} skipped: ${error instanceof Error ? error.message : String(error)}`,
          );
        }
      }
      return findings;
    },
  };
}

/** The finding for a call, made directly or through another (`map(eval, xs)`, `{"run": eval}[k](x)`), if it is a tainted sink. */
function sinkFindingAt(spec: TaintedSinkRuleSpec, original: CallSite, context: RuleContext): Finding | undefined {
  for (const call of [original, ...indirectCalls(original, context)]) {
    const match = spec.match(call, context);
    if (!match) continue;
    const source = firstTainted(match.inputs, spec.kind, context, match.wrapperAllowed === true, match.unknownSources);
    if (!source) continue;
    const finding = sinkFinding(spec, context.rangeOf(call.node), source, match.display);
    if (match.confidence) finding.confidence = match.confidence;
    const fix = call === original ? spec.fix?.(call, context) : undefined;
    if (fix) finding.fix = fix;
    return finding;
  }
  return undefined;
}

/** The finding for untrusted data (`source`) reaching a sink named `display` at `range`. */
export function sinkFinding(
  spec: Pick<TaintedSinkRuleSpec, "meta" | "fixHint">,
  range: SourceRange,
  source: TaintSource,
  display: string,
): Finding {
  const finding: Finding = {
    ruleId: spec.meta.id,
    category: spec.meta.category,
    cwe: spec.meta.cwe,
    severity: spec.meta.severity,
    confidence: confidenceOf(source),
    range,
    message:
      source.kind === "unknown"
        ? `${source.description}, of unknown origin, is ${source.composed ? "formatted into the text passed to" : "passed to"} ${display}`
        : `user-controlled ${source.description} reaches ${display}`,
    fixHint: spec.fixHint,
  };
  if (spec.meta.subkind) finding.subkind = spec.meta.subkind;
  return finding;
}

function firstTainted(
  inputs: readonly SyntaxNode[],
  kind: SinkKind,
  context: RuleContext,
  wrapperAllowed: boolean,
  unknown: SinkMatch["unknownSources"],
): TaintSource | undefined {
  let weak: TaintSource | undefined;
  for (const input of inputs) {
    const source = context.taintSource(input, kind, { unknown: unknown !== undefined });
    if (source?.kind === "unknown") weak ??= source.composed || unknown === "any" ? source : undefined;
    else if (source && !(wrapperAllowed && source.kind === "function-parameter" && !source.composed)) return source;
  }
  return weak;
}

/** Data straight from a request, the command line or the network is attacker-controlled for sure; a public
 *  function's parameter only if its callers pass such data. */
export function confidenceOf(source: TaintSource): Confidence {
  if (source.kind === "unknown") return "low";
  return source.kind === "function-parameter" ? "medium" : "high";
}

/** The argument at a position or passed by keyword (`open(file=...)`). */
export function argument(call: CallSite, position: number, keyword?: string): SyntaxNode | undefined {
  return call.positional[position] ?? (keyword ? call.keywords.get(keyword) : undefined);
}
