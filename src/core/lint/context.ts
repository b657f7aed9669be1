import type { SyntaxNode, SyntaxTree } from "./tree";
import { TaintAnalyzer } from "./dataflow/analysis";
import { isWeak, SINK_BIT, type SinkKind } from "./dataflow/taint";
import { NameResolver } from "./names";
import { type CallArguments, callArguments, calledExpression, nodesOfType } from "./syntax";
import type { CallSite, GuardCheck, ParameterKind, RuleContext, SourceRange, TaintSource } from "./types";

/** RuleContext over one parsed file; every analysis is lazy and cached, so rules pay only for what they ask. */
export class LintContext implements RuleContext {
  private readonly resolver: NameResolver;
  private readonly analyzer: TaintAnalyzer;
  private callSites?: CallSite[];

  constructor(
    readonly source: string,
    readonly tree: SyntaxTree,
    private readonly deadline: number,
    readonly log: (message: string) => void,
    readonly focus?: SourceRange,
  ) {
    this.resolver = new NameResolver(tree);
    this.analyzer = new TaintAnalyzer({
      root: tree.rootNode,
      resolver: this.resolver,
      calls: () => this.calls(),
      outOfTime: () => this.outOfTime(),
    });
  }

  outOfTime(): boolean {
    return Date.now() > this.deadline;
  }

  calls(): readonly CallSite[] {
    if (this.callSites) return this.callSites;
    const sites: CallSite[] = [];
    for (const node of nodesOfType(this.tree, "call")) {
      const callee = calledExpression(node);
      if (!callee) continue;
      const isMethod = callee.type === "attribute";
      sites.push(
        new FileCallSite(
          node,
          this.resolver.qualifiedName(callee) ?? callee.text,
          isMethod ? (callee.childForFieldName("attribute")?.text ?? "") : callee.text,
          isMethod ? (callee.childForFieldName("object") ?? undefined) : undefined,
        ),
      );
    }
    this.callSites = sites;
    return sites;
  }

  qualifiedName(node: SyntaxNode): string | undefined {
    return this.resolver.qualifiedName(node);
  }

  constantValue(node: SyntaxNode): string | number | boolean | null | undefined {
    return this.resolver.constantValue(node);
  }

  possibleValues(node: SyntaxNode): SyntaxNode[] | undefined {
    return this.resolver.possibleValues(node);
  }

  builtUpValues(identifier: SyntaxNode): { assigned: SyntaxNode[]; appended: SyntaxNode[] } | undefined {
    return this.resolver.builtUpValues(identifier);
  }

  soleValue(node: SyntaxNode): SyntaxNode | undefined {
    return this.resolver.soleValue(node);
  }

  taintSource(node: SyntaxNode, sink: SinkKind, options?: { unknown?: boolean }): TaintSource | undefined {
    if (this.outOfTime()) return undefined;
    const taint = this.analyzer.taintAt(node);
    if (!taint || (taint.clean & SINK_BIT[sink]) !== 0) return undefined;
    if (isWeak(taint) && !options?.unknown) return undefined;
    return { ...taint.source, composed: taint.composed };
  }

  entryPointKind(definition: SyntaxNode): ParameterKind {
    return this.analyzer.entryPoints.kindOf(definition);
  }

  definesFunction(name: string): boolean {
    return this.analyzer.definesFunction(name);
  }

  isBound(identifier: SyntaxNode): boolean {
    return this.resolver.isBound(identifier);
  }

  provesPathSafe(check: GuardCheck): boolean {
    return !this.outOfTime() && this.analyzer.provesPathSafe(check);
  }

  rangeOf(node: SyntaxNode): SourceRange {
    // web-tree-sitter parses JS strings as UTF-16, so columns already are UTF-16 code units like VS Code's
    return {
      startLine: node.startPosition.row,
      startColumn: node.startPosition.column,
      endLine: node.endPosition.row,
      endColumn: node.endPosition.column,
    };
  }
}

/** A call of the file; its arguments are read on first use, since most calls are matched by name and dropped. */
class FileCallSite implements CallSite {
  private args?: CallArguments;

  constructor(
    readonly node: SyntaxNode,
    readonly callee: string,
    readonly methodName: string,
    readonly receiver: SyntaxNode | undefined,
  ) {}

  get positional(): SyntaxNode[] {
    return (this.args ??= callArguments(this.node)).positional;
  }

  get keywords(): ReadonlyMap<string, SyntaxNode> {
    return (this.args ??= callArguments(this.node)).keywords;
  }
}
