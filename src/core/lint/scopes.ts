import { boundIdentifiers, present, unwrapParentheses } from "./syntax";
import type { SyntaxNode, SyntaxTree } from "./tree";

const SCOPE_TYPES = new Set(["function_definition", "lambda"]);
/** Scope id (-1: the module) → name → values (null: one is unknown). */
type BindingTable = Map<number, Map<string, SyntaxNode[] | null>>;
const BINDING_TYPES = [
  "assignment",
  "augmented_assignment",
  "for_statement",
  "for_in_clause",
  "as_pattern",
  "named_expression",
  "global_statement",
  "nonlocal_statement",
  "import_statement",
  "import_from_statement",
  "delete_statement",
  "function_definition",
  "class_definition",
];
/** Where a binding statement names what it binds (absent: the whole statement). */
const BINDING_TARGET_FIELD: Record<string, string | undefined> = {
  augmented_assignment: "left",
  for_statement: "left",
  for_in_clause: "left",
  as_pattern: "alias",
  named_expression: "name",
};

function scopeOf(node: SyntaxNode): SyntaxNode | undefined {
  return node.closestAncestor(SCOPE_TYPES) ?? undefined;
}

/**
 * The file's bindings, scope by scope (functions and lambdas; the module, class bodies included): for each scope and
 * name, the values bound (`name = value`, `with value as name`, `def name`, a parameter's default), or null when some
 * binding is not a plain value (a loop target, `+=`, an import, `global`, a parameter without default...). Built in
 * one walk on first use; lives as long as the lint of that file.
 */
export class ScopedBindings {
  /**
   * Scope id (-1: the module) → name → values; by scope first, so that no key string is made per lookup. A `+=`
   * is not in it: a name in `appended` is unknown to possibleValues.
   */
  private index?: BindingTable;
  private names?: Set<string>;
  /** Scope id → name → what `name += value` statements append. */
  private appended?: BindingTable;
  /** `from module import *`: any name the file does not bind may come from it. */
  private starImport = false;

  constructor(private readonly tree: SyntaxTree) {}

  /** The names a scope (undefined: the module) binds, with their values. */
  private bindingsIn(scope: SyntaxNode | undefined): Map<string, SyntaxNode[] | null> | undefined {
    if (!this.index) this.build();
    return this.index!.get(scope?.id ?? -1);
  }

  private build(): void {
    const index: BindingTable = new Map();
    const appended: BindingTable = new Map();
    const names = new Set<string>();
    const add = (table: BindingTable, scopeId: number, name: string, value: SyntaxNode | null) => {
      let bound = table.get(scopeId);
      if (!bound) table.set(scopeId, (bound = new Map<string, SyntaxNode[] | null>()));
      const values = bound.get(name);
      if (values === null) return;
      if (!value) bound.set(name, null);
      else if (values) values.push(value);
      else bound.set(name, [value]);
    };
    const record = (scope: SyntaxNode | undefined, name: string, value: SyntaxNode | null) => {
      names.add(name);
      add(index, scope?.id ?? -1, name, value);
    };
    for (const type of BINDING_TYPES) {
      for (const node of this.tree.rootNode.descendantsOfType(type)) {
        const owner = scopeOf(node);
        if (type === "assignment") {
          const left = node.childForFieldName("left");
          let right = node.childForFieldName("right");
          while (right?.type === "assignment") right = right.childForFieldName("right");
          if (left?.type === "identifier") record(owner, left.text, right);
          else if (left) for (const identifier of boundIdentifiers(left)) record(owner, identifier.text, null);
          continue;
        }
        if (type === "function_definition" || type === "class_definition") {
          const name = node.childForFieldName("name");
          if (name) record(owner, name.text, node); // `def name(...)`: the definition
          if (type === "function_definition") this.recordParameters(node, record);
          continue;
        }
        if (type === "as_pattern" && node.parent?.type === "with_item") {
          const alias = node.childForFieldName("alias");
          const bound = alias ? boundIdentifiers(alias) : [];
          if (bound.length === 1 && node.firstNamedChild) {
            record(owner, bound[0].text, node.firstNamedChild); // `with Session() as session`
            continue;
          }
        }
        if (type === "import_statement" || type === "import_from_statement") {
          if (node.descendantsOfType("wildcard_import").length > 0) this.starImport = true;
          for (const name of importedNames(node)) record(owner, name, null);
          continue;
        }
        const appendedValue = node.childForFieldName("right");
        const appendedName = node.childForFieldName("left");
        if (
          type === "augmented_assignment" &&
          node.childForFieldName("operator")?.type === "+=" &&
          appendedName?.type === "identifier" &&
          appendedValue
        ) {
          // `cmd += " -v"`: what was appended is kept apart, the name's value is unknown to possibleValues
          names.add(appendedName.text);
          add(appended, owner?.id ?? -1, appendedName.text, appendedValue);
          continue;
        }
        // `global x` in a function: x is the module's, and bound there to whatever the function assigns
        if (type === "global_statement")
          for (const identifier of node.descendantsOfType("identifier")) record(undefined, identifier.text, null);
        // any other way of binding a name (loop, `+=`, `with ... as`, walrus, global, del) makes its value unknown
        const target = BINDING_TARGET_FIELD[type] ? node.childForFieldName(BINDING_TARGET_FIELD[type]) : node;
        if (!target) continue;
        for (const identifier of target.type === "identifier" ? [target] : target.descendantsOfType("identifier"))
          record(owner, identifier.text, null);
      }
    }
    for (const lambda of this.tree.rootNode.descendantsOfType("lambda")) this.recordParameters(lambda, record);
    this.index = index;
    this.names = names;
    this.appended = appended;
  }

  /** A parameter binds its default value, or an unknown value when it has none. */
  private recordParameters(
    scope: SyntaxNode,
    record: (scope: SyntaxNode, name: string, value: SyntaxNode | null) => void,
  ): void {
    const parameters = scope.childForFieldName("parameters");
    for (const parameter of parameters ? parameters.namedChildren : []) {
      const nameNode =
        parameter.type === "identifier"
          ? parameter
          : (parameter.childForFieldName("name") ?? parameter.firstNamedChild);
      if (!nameNode || nameNode.type !== "identifier") continue;
      const value =
        parameter.type === "default_parameter" || parameter.type === "typed_default_parameter"
          ? parameter.childForFieldName("value")
          : null;
      record(scope, nameNode.text, value);
    }
  }

  private bindingsInScope(scope: SyntaxNode | undefined, name: string): SyntaxNode[] | null {
    const values = this.bindingsIn(scope)?.get(name);
    if (this.appended!.get(scope?.id ?? -1)?.has(name)) return null;
    return values === undefined ? [] : values;
  }

  /** Whether any scope of the file binds the name. */
  bindsAnywhere(name: string): boolean {
    if (!this.names) this.build();
    return this.names!.has(name);
  }

  /** Whether the scope (a function or lambda; undefined: the module) binds the name itself. */
  bindsIn(scope: SyntaxNode | undefined, name: string): boolean {
    return (this.bindingsIn(scope)?.has(name) ?? false) || (this.appended!.get(scope?.id ?? -1)?.has(name) ?? false);
  }

  /** Whether some scope around the identifier binds its name, or a star import may provide it. */
  isBound(identifier: SyntaxNode): boolean {
    // bindingsOf builds the index, which notes a star import
    return this.bindingsOf(identifier) !== undefined || this.starImport;
  }

  /**
   * The values bound to a name in the nearest scope around `identifier` that binds it (null: one is unknown), not
   * followed further; undefined when no scope binds it (a builtin, an import-free global).
   */
  bindingsOf(identifier: SyntaxNode): { scope: number; values: SyntaxNode[] | null } | undefined {
    let scope = scopeOf(identifier);
    let bound = this.bindingsInScope(scope, identifier.text);
    while (bound !== null && bound.length === 0 && scope) {
      scope = scopeOf(scope);
      bound = this.bindingsInScope(scope, identifier.text);
    }
    return bound !== null && bound.length === 0 ? undefined : { scope: scope?.id ?? -1, values: bound };
  }

  /** The one expression a name certainly holds where it is read (see possibleValues), if there is exactly one. */
  soleValue(node: SyntaxNode): SyntaxNode | undefined {
    const values = this.possibleValues(node);
    return values?.length === 1 ? values[0] : undefined;
  }

  /**
   * A name built up with `+=` (`cmd = "ls "; cmd += name`) in the nearest scope around `identifier` that binds it:
   * what was assigned to it and what was appended, when every binding there is one or the other.
   */
  builtUpValues(identifier: SyntaxNode): { assigned: SyntaxNode[]; appended: SyntaxNode[] } | undefined {
    const bound = this.bindingsOf(identifier);
    if (!bound || bound.values !== null) return undefined;
    const appended = this.appended!.get(bound.scope)?.get(identifier.text);
    const assigned = this.index!.get(bound.scope)?.get(identifier.text);
    // assigned is null when some binding is neither an assignment nor a `+=`
    return appended && assigned ? { assigned, appended } : undefined;
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
    const bound = this.bindingsOf(expression);
    if (!bound?.values) return undefined;
    // in the name's own scope, a binding that certainly reaches the use (straight-line code) is the only value
    const reaching =
      bound.scope === (scopeOf(expression)?.id ?? -1) ? reachingBinding(expression, bound.values) : undefined;
    const values: SyntaxNode[] = [];
    for (const value of reaching ? [reaching] : bound.values) {
      const inner = this.possibleValues(value, depth + 1);
      if (!inner) return undefined;
      values.push(...inner);
    }
    return values;
  }
}

/** The names an import binds: `import a.b` binds a, `import a as b` and `from m import a as b` bind b. */
function importedNames(statement: SyntaxNode): string[] {
  const items =
    statement.type === "import_statement" ? statement.namedChildren : statement.childrenForFieldName("name");
  return items.flatMap((item) => {
    if (item.type === "aliased_import") return present(item.childForFieldName("alias")?.text);
    if (item.type === "dotted_name")
      return present(statement.type === "import_statement" ? item.firstNamedChild?.text : item.text);
    return [];
  });
}

const LOOP_TYPES = new Set(["for_statement", "while_statement"]);
const CONDITIONAL_TYPES = new Set([
  "if_statement",
  "elif_clause",
  "while_statement",
  "conditional_expression",
  "boolean_operator",
]);

/**
 * `def f(cond=False): if cond: Environment(autoescape=cond)`: inside a branch that tested the name, the value is not
 * any of its bindings in general (here it is certainly truthy), so nothing is concluded.
 */
function testedByEnclosingCondition(use: SyntaxNode): boolean {
  for (let current = use.parent; current && !SCOPE_TYPES.has(current.type); current = current.parent) {
    if (!CONDITIONAL_TYPES.has(current.type)) continue;
    const condition =
      current.type === "conditional_expression"
        ? current.namedChildren[1]
        : current.type === "boolean_operator"
          ? current.childForFieldName("left")
          : current.childForFieldName("condition");
    if (!condition || contains(condition, use)) continue;
    if (
      (condition.type === "identifier" ? [condition] : condition.descendantsOfType("identifier")).some(
        (identifier) => identifier.text === use.text,
      )
    )
      return true;
  }
  return false;
}

function contains(outer: SyntaxNode, inner: SyntaxNode): boolean {
  return outer.startIndex <= inner.startIndex && inner.endIndex <= outer.endIndex;
}

function enclosingBlock(node: SyntaxNode): SyntaxNode | undefined {
  for (let current = node.parent; current; current = current.parent)
    if (current.type === "block" || current.type === "module") return current;
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
