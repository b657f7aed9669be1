import type { Node, Tree } from "web-tree-sitter";

/** Small, allocation-light helpers over tree-sitter Python nodes shared by the engine, data flow and rules. */

/** Deeper expressions than this are treated as opaque: keeps recursion bounded on pathological input. */
export const MAX_EXPRESSION_DEPTH = 120;

/** Node types the engine looks up across a whole file; collected together in one walk of the tree. */
const INDEXED_TYPES = [
  "call", "import_statement", "import_from_statement", "assignment", "augmented_assignment", "for_statement", "for_in_clause",
  "as_pattern", "parameters", "lambda_parameters", "named_expression", "function_definition",
];
const indexes = new WeakMap<Tree, Map<string, Node[]>>();

function indexOf(tree: Tree): Map<string, Node[]> {
  let index = indexes.get(tree);
  if (!index) {
    // one descendantsOfType walk instead of one per question: each walk visits every node of the file in WASM
    index = new Map(INDEXED_TYPES.map((type) => [type, []]));
    for (const node of tree.rootNode.descendantsOfType(INDEXED_TYPES)) {
      if (node) index.get(node.type)?.push(node);
    }
    indexes.set(tree, index);
  }
  return index;
}

/** All nodes of the given indexed types in the file, in source order. */
export function nodesOfType(tree: Tree, types: string | readonly string[]): Node[] {
  const index = indexOf(tree);
  if (typeof types === "string") return index.get(types) ?? [];
  return types.flatMap((type) => index.get(type) ?? []).sort((a, b) => a.startIndex - b.startIndex);
}

/** Nodes of the given indexed types inside `scope` (found by binary search over the file index). */
export function nodesOfTypeWithin(scope: Node, types: readonly string[]): Node[] {
  const result: Node[] = [];
  for (const type of types) {
    const nodes = indexOf(scope.tree).get(type) ?? [];
    let low = 0;
    let high = nodes.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (nodes[middle]!.startIndex < scope.startIndex) low = middle + 1;
      else high = middle;
    }
    for (let i = low; i < nodes.length && nodes[i]!.startIndex < scope.endIndex; i++) result.push(nodes[i]!);
  }
  return result;
}

export function unwrapParentheses(node: Node): Node {
  let current = node;
  for (let depth = 0; current.type === "parenthesized_expression" && depth < MAX_EXPRESSION_DEPTH; depth++) {
    const inner = current.firstNamedChild;
    if (!inner) break;
    current = inner;
  }
  return current;
}

export function namedChildren(node: Node): Node[] {
  const result: Node[] = [];
  for (const child of node.namedChildren) if (child && child.type !== "comment") result.push(child);
  return result;
}

/** Identifiers bound by an assignment/for target (`a`, `a, b`, `(a, [b, *c])`). */
export function boundIdentifiers(target: Node): Node[] {
  const found: Node[] = [];
  const stack: Node[] = [target];
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
        stack.push(...namedChildren(node).reverse());
        break;
      default:
        break;
    }
  }
  return found;
}

/** The value of a plain (non-interpolated) string literal or implicit concatenation of them. */
export function stringLiteralValue(node: Node): string | undefined {
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
export function comparisonOperators(node: Node): string[] {
  const operators: string[] = [];
  for (const child of node.children) {
    if (child && !child.isNamed) operators.push(child.type);
  }
  return operators;
}

export interface CallArguments {
  positional: Node[];
  keywords: Map<string, Node>;
  /** `*args` / `**kwargs` expressions: their contents are unknown but may carry data. */
  splats: Node[];
}

export function callArguments(call: Node): CallArguments {
  const positional: Node[] = [];
  const keywords = new Map<string, Node>();
  const splats: Node[] = [];
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

const FUNCTION_TYPES = new Set(["function_definition", "lambda"]);

/** Nearest enclosing function definition (or lambda), or undefined at module level. */
export function enclosingFunction(node: Node): Node | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (FUNCTION_TYPES.has(current.type)) return current;
  }
  return undefined;
}

/** The class a function is directly defined in (a method), if any. */
export function classOfMethod(definition: Node): Node | undefined {
  let parent = definition.parent;
  if (parent?.type === "decorated_definition") parent = parent.parent;
  if (parent?.type !== "block") return undefined;
  const owner = parent.parent;
  return owner?.type === "class_definition" ? owner : undefined;
}

export function decoratorsOf(definition: Node): Node[] {
  const parent = definition.parent;
  if (!parent || parent.type !== "decorated_definition") return [];
  return namedChildren(parent).filter((child) => child.type === "decorator");
}
