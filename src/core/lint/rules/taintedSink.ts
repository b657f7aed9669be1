import type { SyntaxNode } from "../tree";
import type { SinkKind } from "../dataflow/taint";
import type { CallSite, Confidence, Finding, FixSuggestion, Rule, RuleContext, RuleMeta, TaintSource } from "../types";

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
   * Also report values of unknown origin (undefined globals, unknown calls' results) that are formatted into
   * this sink's input (never passed whole), at low confidence: Bandit's "string-built SQL" check done through
   * the data flow, so sanitizers, allow-lists and constants still clear it. Opt-in per sink.
   */
  unknownSources?: boolean;
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
        const match = spec.match(call, context);
        if (!match) continue;
        const source = firstTainted(match.inputs, spec.kind, context, match.wrapperAllowed === true, match.unknownSources === true);
        if (!source) continue;
        const finding: Finding = {
          ruleId: spec.meta.id,
          category: spec.meta.category,
          cwe: spec.meta.cwe,
          severity: spec.meta.severity,
          confidence: confidenceOf(source),
          range: context.rangeOf(call.node),
          message: source.unknown
            ? `${source.description}, of unknown origin, is formatted into the text passed to ${match.display}`
            : `user-controlled ${source.description} reaches ${match.display}`,
          fixHint: spec.fixHint,
        };
        if (spec.meta.subkind) finding.subkind = spec.meta.subkind;
        const fix = spec.fix?.(call, context);
        if (fix) finding.fix = fix;
        findings.push(finding);
      }
      return findings;
    },
  };
}

function firstTainted(inputs: readonly SyntaxNode[], kind: SinkKind, context: RuleContext, wrapperAllowed: boolean, unknown: boolean): TaintSource | undefined {
  let weak: TaintSource | undefined;
  for (const input of inputs) {
    const source = context.taintSource(input, kind, { unknown });
    if (source?.unknown) weak ??= source.composed ? source : undefined;
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
