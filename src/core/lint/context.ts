import type { SyntaxNode, SyntaxTree } from "./tree";
import { TaintAnalyzer } from "./dataflow/analysis";
import { SINK_BIT, type SinkKind } from "./dataflow/taint";
import { NameResolver } from "./names";
import { callArguments, nodesOfType } from "./syntax";
import type { CallSite, RuleContext, SourceRange, TaintSource } from "./types";

/** RuleContext over one parsed file; every analysis is lazy and cached, so rules pay only for what they ask. */
export class LintContext implements RuleContext {
  private readonly resolver: NameResolver;
  private readonly analyzer: TaintAnalyzer;
  private callSites?: CallSite[];

  constructor(
    readonly source: string,
    readonly tree: SyntaxTree,
    private readonly deadline: number,
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
      const callee = node.childForFieldName("function");
      if (!callee) continue;
      const isMethod = callee.type === "attribute";
      const receiver = isMethod ? callee.childForFieldName("object") : null;
      // arguments are read only for the few calls a rule matches by name: most calls never need them
      let args: ReturnType<typeof callArguments> | undefined;
      const site: CallSite = {
        node,
        callee: this.resolver.qualifiedName(callee) ?? callee.text,
        methodName: isMethod ? callee.childForFieldName("attribute")?.text ?? "" : callee.text,
        get positional() {
          return (args ??= callArguments(node)).positional;
        },
        get keywords() {
          return (args ??= callArguments(node)).keywords;
        },
      };
      if (receiver) site.receiver = receiver;
      sites.push(site);
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

  taintSource(node: SyntaxNode, sink: SinkKind): TaintSource | undefined {
    if (this.outOfTime()) return undefined;
    const taint = this.analyzer.taintAt(node);
    if (!taint || (taint.clean & SINK_BIT[sink]) !== 0) return undefined;
    return { ...taint.source, composed: taint.composed };
  }

  rangeOf(node: SyntaxNode): SourceRange {
    // web-tree-sitter parses JS strings as UTF-16, so columns already are UTF-16 code units like VS Code's
    return { startLine: node.startPosition.row, startColumn: node.startPosition.column, endLine: node.endPosition.row, endColumn: node.endPosition.column };
  }
}
