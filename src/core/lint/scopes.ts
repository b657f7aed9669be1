import { boundIdentifiers, unwrapParentheses } from "./syntax";
import type { SyntaxNode, SyntaxTree } from "./tree";

const SCOPE_TYPES = new Set(["function_definition", "lambda"]);
const BINDING_TYPES = [
  "assignment", "augmented_assignment", "for_statement", "for_in_clause", "as_pattern", "named_expression",
  "global_statement", "nonlocal_statement", "import_statement", "import_from_statement", "delete_statement",
  "function_definition", "class_definition",
];
/** Where a binding statement names what it binds (absent: the whole statement). */
const BINDING_TARGET_FIELD: Record<string, string | undefined> = {
  augmented_assignment: "left", for_statement: "left", for_in_clause: "left", as_pattern: "alias", named_expression: "name",
};

function scopeOf(node: SyntaxNode): SyntaxNode | undefined {
  for (let current = node.parent; current; current = current.parent) if (SCOPE_TYPES.has(current.type)) return current;
  return undefined;
}

/**
 * Which values a name may hold, scope by scope (the enclosing function, parameter defaults included, else the
 * module), for one parsed file. Caches per scope and name; lives as long as the lint of that file.
 */
export class ScopedBindings {
  /** Per scope (function or module) and name: the values bound, or null when some binding is not a plain `name = value`. */
  private readonly cache = new Map<string, SyntaxNode[] | null>();

  constructor(private readonly tree: SyntaxTree) {}

  private bindingsInScope(scope: SyntaxNode | undefined, name: string): SyntaxNode[] | null {
    const key = `${scope?.id ?? -1}:${name}`;
    const cache = this.cache;
    const cached = cache.get(key);
    if (cached !== undefined) return cached;
    const values: SyntaxNode[] = [];
    let unknown = false;
    const root = scope ?? this.tree.rootNode;
    for (const type of BINDING_TYPES) {
      for (const node of root.descendantsOfType(type)) {
        if (unknown) break;
        const owner = scopeOf(node);
        if (scope ? !owner?.equals(scope) : owner !== undefined) continue;
        if (type === "assignment") {
          const left = node.childForFieldName("left");
          let right = node.childForFieldName("right");
          while (right?.type === "assignment") right = right.childForFieldName("right");
          if (left?.type === "identifier") {
            if (left.text === name && right) values.push(right);
          } else if (left && boundIdentifiers(left).some((identifier) => identifier.text === name)) unknown = true;
          continue;
        }
        if (type === "function_definition" || type === "class_definition") {
          if (node.childForFieldName("name")?.text === name) values.push(node); // `def name(...)`: the definition
          continue;
        }
        if (type === "as_pattern" && node.parent?.type === "with_item") {
          const alias = node.childForFieldName("alias");
          const bound = alias ? boundIdentifiers(alias) : [];
          if (bound.length === 1 && bound[0]!.text === name && node.firstNamedChild) {
            values.push(node.firstNamedChild); // `with Session() as session`
            continue;
          }
        }
        // any other way of binding the name (loop, `+=`, `with ... as`, walrus, import, global, del) makes its value unknown
        const target = BINDING_TARGET_FIELD[type] ? node.childForFieldName(BINDING_TARGET_FIELD[type]!) : node;
        if (target && (target.type === "identifier" ? [target] : target.descendantsOfType("identifier")).some((identifier) => identifier.text === name)) unknown = true;
      }
    }
    if (!unknown && scope) {
      const parameters = scope.childForFieldName("parameters");
      for (const parameter of parameters ? parameters.namedChildren : []) {
        const nameNode = parameter.type === "identifier" ? parameter : parameter.childForFieldName("name") ?? parameter.firstNamedChild;
        if (nameNode?.text !== name) continue;
        const value = parameter.type === "default_parameter" || parameter.type === "typed_default_parameter" ? parameter.childForFieldName("value") : undefined;
        if (value) values.push(value);
        else unknown = true;
      }
    }
    const result = unknown ? null : values;
    cache.set(key, result);
    return result;
  }

  /** The one expression a name certainly holds where it is read (see possibleValues), if there is exactly one. */
  soleValue(node: SyntaxNode): SyntaxNode | undefined {
    const values = this.possibleValues(node);
    return values?.length === 1 ? values[0] : undefined;
  }

  /** The value of a name bound once at module or class level (`PATTERN = re.compile(...)`, read as `self.PATTERN`). */
  soleModuleValue(name: string): SyntaxNode | undefined {
    const values = this.bindingsInScope(undefined, name);
    return values?.length === 1 ? values[0] : undefined;
  }

  /**
   * The expressions a value may come from: a name resolves to every value bound to it in its scope (the enclosing
   * function, parameter defaults included, else the module), recursively. Undefined when some binding is unknown
   * (a loop variable, a parameter without default, `+=`, an import...).
   */
  possibleValues(node: SyntaxNode, depth = 0): SyntaxNode[] | undefined {
    const expression = unwrapParentheses(node);
    if (expression.type !== "identifier") return [expression];
    if (depth > 6 || testedByEnclosingCondition(expression)) return undefined;
    let scope = scopeOf(expression);
    let bound = this.bindingsInScope(scope, expression.text);
    while (bound !== null && bound.length === 0 && scope) {
      scope = scopeOf(scope);
      bound = this.bindingsInScope(scope, expression.text);
    }
    if (bound === null || bound.length === 0) return undefined;
    // in the name's own scope, a binding that certainly reaches the use (straight-line code) is the only value
    const reaching = scope?.id === scopeOf(expression)?.id ? reachingBinding(expression, bound) : undefined;
    const values: SyntaxNode[] = [];
    for (const value of reaching ? [reaching] : bound) {
      const inner = this.possibleValues(value, depth + 1);
      if (!inner) return undefined;
      values.push(...inner);
    }
    return values;
  }
}

const LOOP_TYPES = new Set(["for_statement", "while_statement"]);
const CONDITIONAL_TYPES = new Set(["if_statement", "elif_clause", "while_statement", "conditional_expression", "boolean_operator"]);

/**
 * `def f(cond=False): if cond: Environment(autoescape=cond)`: inside a branch that tested the name, the value is not
 * any of its bindings in general (here it is certainly truthy), so nothing is concluded.
 */
function testedByEnclosingCondition(use: SyntaxNode): boolean {
  for (let current = use.parent; current && !SCOPE_TYPES.has(current.type); current = current.parent) {
    if (!CONDITIONAL_TYPES.has(current.type)) continue;
    const condition = current.type === "conditional_expression" ? current.namedChildren[1] : current.type === "boolean_operator" ? current.childForFieldName("left") : current.childForFieldName("condition");
    if (!condition || contains(condition, use)) continue;
    if ((condition.type === "identifier" ? [condition] : condition.descendantsOfType("identifier")).some((identifier) => identifier.text === use.text)) return true;
  }
  return false;
}

function contains(outer: SyntaxNode, inner: SyntaxNode): boolean {
  return outer.startIndex <= inner.startIndex && inner.endIndex <= outer.endIndex;
}

function enclosingBlock(node: SyntaxNode): SyntaxNode | undefined {
  for (let current = node.parent; current; current = current.parent) if (current.type === "block" || current.type === "module") return current;
  return undefined;
}

/**
 * The last binding before the use when it certainly reaches it: it sits in a block that contains the use (not in a
 * branch the use is outside of) and no later binding in an enclosing loop can flow back to the use.
 * `opts = {...False}; decode(options=opts); opts = {...True}` → the first dict.
 */
function reachingBinding(use: SyntaxNode, bound: readonly SyntaxNode[]): SyntaxNode | undefined {
  let last: SyntaxNode | undefined;
  for (const value of bound) {
    if (value.endIndex <= use.startIndex) {
      if (!last || value.startIndex > last.startIndex) last = value;
    } else if (value.startIndex > use.endIndex) {
      for (let current = use.parent; current && !SCOPE_TYPES.has(current.type); current = current.parent) {
        if (LOOP_TYPES.has(current.type) && contains(current, value)) return undefined;
      }
    }
  }
  const block = last ? enclosingBlock(last) : undefined;
  return last && block && contains(block, use) ? last : undefined;
}

