import type { SyntaxNode, SyntaxTree } from "./tree";
import type { RuleContext, SourceRange } from "./types";

/** Small, allocation-light helpers over tree-sitter Python nodes shared by the engine, data flow and rules. */

/** Deeper expressions than this are treated as opaque: keeps recursion bounded on pathological input. */
export const MAX_EXPRESSION_DEPTH = 120;

/** The name an expression ends in: an attribute's last name (`self._logger` → `_logger`), otherwise its text. */
export function lastName(node: SyntaxNode | null | undefined): string | undefined {
  return node?.type === "attribute" ? node.childForFieldName("attribute")?.text : node?.text;
}

/** All nodes of the given types in the file, in source order. */
export function nodesOfType(tree: SyntaxTree, types: string | readonly string[]): readonly SyntaxNode[] {
  return tree.rootNode.descendantsOfType(types);
}

/** Nodes of the given types inside `scope` (the scope included), grouped by type in the order given. */
export function nodesOfTypeWithin(scope: SyntaxNode, types: readonly string[]): SyntaxNode[] {
  return types.flatMap((type) => scope.descendantsOfType(type));
}

export function unwrapParentheses(node: SyntaxNode): SyntaxNode {
  let current = node;
  for (let depth = 0; current.type === "parenthesized_expression" && depth < MAX_EXPRESSION_DEPTH; depth++) {
    const inner = current.firstNamedChild;
    if (!inner) break;
    current = inner;
  }
  return current;
}

/** The nodes that are there (an optional argument that was not passed is left out). */
export function present<T>(...items: (T | undefined | null)[]): T[] {
  return items.filter((item): item is T => item !== undefined && item !== null);
}

/** Named children other than comments (the node's own list when it has no comment: most calls allocate nothing). */
export function namedChildren(node: SyntaxNode): readonly SyntaxNode[] {
  const named = node.namedChildren;
  return named.some((child) => child.type === "comment") ? named.filter((child) => child.type !== "comment") : named;
}

/** Identifiers bound by an assignment/for target (`a`, `a, b`, `(a, [b, *c])`). */
export function boundIdentifiers(target: SyntaxNode): SyntaxNode[] {
  const found: SyntaxNode[] = [];
  const stack: SyntaxNode[] = [target];
  while (stack.length > 0 && found.length < 64) {
    const node = stack.pop()!;
    switch (node.type) {
      case "identifier":
        found.push(node);
        break;
      case "pattern_list":
      case "tuple_pattern":
      case "list_pattern":
      case "tuple":
      case "list":
      case "list_splat_pattern":
      case "parenthesized_expression":
      case "as_pattern_target":
        stack.push(...[...namedChildren(node)].reverse());
        break;
      default:
        break;
    }
  }
  return found;
}

/** The value of a plain (non-interpolated) string literal or implicit concatenation of them. */
export function stringLiteralValue(node: SyntaxNode): string | undefined {
  if (node.type === "concatenated_string") {
    let value = "";
    for (const part of namedChildren(node)) {
      const partValue = stringLiteralValue(part);
      if (partValue === undefined) return undefined;
      value += partValue;
    }
    return value;
  }
  if (node.type !== "string") return undefined;
  let value = "";
  for (const child of namedChildren(node)) {
    if (child.type === "interpolation") return undefined;
    if (child.type === "string_content") value += child.text;
    else if (child.type === "escape_sequence") value += decodeEscape(child.text);
  }
  return value;
}

function decodeEscape(escape: string): string {
  const simple: Record<string, string> = { n: "\n", t: "\t", r: "\r", "0": "\0", "\\": "\\", "'": "'", '"': '"' };
  return simple[escape.slice(1)] ?? escape;
}

/** Operator tokens of a comparison (`in`, `not in`, `==`, `is not`, ...), in order. */
export function comparisonOperators(node: SyntaxNode): string[] {
  const operators: string[] = [];
  for (const child of node.children) {
    if (!child.isNamed) operators.push(child.type);
  }
  return operators;
}

export interface CallArguments {
  positional: SyntaxNode[];
  keywords: Map<string, SyntaxNode>;
  /** `*args` / `**kwargs` expressions: their contents are unknown but may carry data. */
  splats: SyntaxNode[];
}

export function callArguments(call: SyntaxNode): CallArguments {
  const positional: SyntaxNode[] = [];
  const keywords = new Map<string, SyntaxNode>();
  const splats: SyntaxNode[] = [];
  const argumentList = call.childForFieldName("arguments");
  if (!argumentList) return { positional, keywords, splats };
  if (argumentList.type === "generator_expression") {
    positional.push(argumentList);
    return { positional, keywords, splats };
  }
  for (const argument of namedChildren(argumentList)) {
    if (argument.type === "keyword_argument") {
      const name = argument.childForFieldName("name");
      const value = argument.childForFieldName("value");
      if (name && value) keywords.set(name.text, value);
    } else if (argument.type === "list_splat" || argument.type === "dictionary_splat") {
      const inner = argument.firstNamedChild;
      if (inner) splats.push(inner);
    } else {
      positional.push(argument);
    }
  }
  return { positional, keywords, splats };
}

/**
 * The expression a call calls, without parentheses and `.__call__` (`(eval)(x)` and `eval.__call__(x)` call `eval`).
 * Undefined for a call without a function (broken code).
 */
export function calledExpression(call: SyntaxNode): SyntaxNode | undefined {
  let callee = call.childForFieldName("function");
  for (let depth = 0; callee && depth < MAX_EXPRESSION_DEPTH; depth++) {
    callee = unwrapParentheses(callee);
    if (callee.type !== "attribute" || callee.childForFieldName("attribute")?.text !== "__call__") break;
    callee = callee.childForFieldName("object");
  }
  return callee ?? undefined;
}

const FUNCTION_TYPES = new Set(["function_definition", "lambda"]);

/** Nearest enclosing function definition (or lambda), or undefined at module level. */
export function enclosingFunction(node: SyntaxNode): SyntaxNode | undefined {
  return node.closestAncestor(FUNCTION_TYPES) ?? undefined;
}

/** The class a function is directly defined in (a method), if any. */
export function classOfMethod(definition: SyntaxNode): SyntaxNode | undefined {
  let parent = definition.parent;
  if (parent?.type === "decorated_definition") parent = parent.parent;
  if (parent?.type !== "block") return undefined;
  const owner = parent.parent;
  return owner?.type === "class_definition" ? owner : undefined;
}

export function decoratorsOf(definition: SyntaxNode): SyntaxNode[] {
  const parent = definition.parent;
  if (!parent || parent.type !== "decorated_definition") return [];
  return namedChildren(parent).filter((child) => child.type === "decorator");
}

/** Whether two zero-based, end-exclusive ranges share a character (an empty range overlaps nothing). */
export function rangesOverlap(a: SourceRange, b: SourceRange): boolean {
  const aStartsBeforeBEnds = a.startLine < b.endLine || (a.startLine === b.endLine && a.startColumn < b.endColumn);
  const bStartsBeforeAEnds = b.startLine < a.endLine || (b.startLine === a.endLine && b.startColumn < a.endColumn);
  return aStartsBeforeBEnds && bStartsBeforeAEnds;
}

/** A finding at `node` would fall outside the context's focus (see `RuleContext.focus`): the rule may skip it. */
export function outsideFocus(context: RuleContext, node: SyntaxNode): boolean {
  const focus = context.focus;
  if (!focus) return false;
  // compared as offsets, which order like positions: the sink rules ask this of every call in the file, and the node's
  // range would search the line starts twice and make three objects
  const { tree } = context;
  const focusStart = tree.offsetAt(focus.startLine, focus.startColumn);
  const focusEnd = tree.offsetAt(focus.endLine, focus.endColumn);
  return !(node.startIndex < focusEnd && focusStart < node.endIndex);
}
