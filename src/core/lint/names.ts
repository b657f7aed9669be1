import { ScopedBindings } from "./scopes";
import type { SyntaxNode, SyntaxTree } from "./tree";
import { comparisonOperators, namedChildren, nodesOfType, stringLiteralValue, unwrapParentheses } from "./syntax";
import { isBuiltinCallableName, isBuiltinName } from "./dataflow/unknown";

const MAX_RESOLUTION_DEPTH = 8;
const PARAMETER_DEFAULTS = new Set(["default_parameter", "typed_default_parameter"]);
const MAX_ATTRIBUTE_CHAIN = 32;
const DOTTED_NAME = /^[A-Za-z_][\w]*(\.[A-Za-z_][\w]*)+$/;
const IDENTIFIER = /^[A-Za-z_]\w*$/;
const MODULE_NAME = /^[A-Za-z_]\w*(\.[A-Za-z_]\w*)*$/;

export type ConstantValue = string | number | boolean | null;

/**
 * Resolves names through imports (`import numpy as np`, `from os.path import join as j`), through
 * single-constructor bindings (`app = Flask(__name__)` makes `app.run` resolve to `flask.Flask().run`) and
 * aliases (`run = app.run`, `e = eval`: a builtin is a callable like an imported one; `builtins.eval`,
 * `__builtins__.eval` and `eval.__call__` are `eval`), and folds literal constants. A name is read through the
 * bindings of the scope it is used in (scopes.ts); one whose bindings there disagree resolves to nothing.
 */
export class NameResolver {
  private readonly importedAs = new Map<string, string>();
  /** Modules of `from module import *`. */
  private readonly starModules: string[] = [];
  private readonly qualifiedCache = new Map<number, string | undefined>();
  private readonly constructorCache = new Map<string, string | undefined>();
  private readonly scopes: ScopedBindings;

  constructor(tree: SyntaxTree) {
    this.scopes = new ScopedBindings(tree);
    for (const statement of nodesOfType(tree, ["import_statement", "import_from_statement"]))
      this.recordImport(statement);
    // a top-level function or class defined under an imported name (`def Popen(...)`) shadows the import (a
    // fallback definition in `try`/`except` or `if` is an alternative to it, not a replacement)
    if (this.importedAs.size > 0) {
      for (const definition of nodesOfType(tree, ["function_definition", "class_definition"])) {
        const name = definition.childForFieldName("name")?.text;
        if (name && this.importedAs.has(name) && isTopLevel(definition)) this.importedAs.delete(name);
      }
    }
  }

  /** Import-resolved dotted name of a name/attribute/call-chain expression. */
  qualifiedName(node: SyntaxNode): string | undefined {
    return this.resolve(unwrapParentheses(node), 0);
  }

  /** Whether `name` is bound by an import in this file (so `name.attr` is a module member, not an object's). */
  isImported(name: string): boolean {
    return this.importedAs.has(name);
  }

  /** The expressions a name may hold where it is read (see ScopedBindings); undefined when one is unknown. */
  possibleValues(node: SyntaxNode): SyntaxNode[] | undefined {
    return this.scopes.possibleValues(node);
  }

  /** What a name built up with `+=` was assigned and appended (see ScopedBindings). */
  builtUpValues(identifier: SyntaxNode): { assigned: SyntaxNode[]; appended: SyntaxNode[] } | undefined {
    return this.scopes.builtUpValues(identifier);
  }

  /** The one expression a name holds where it is read, if there is exactly one (see ScopedBindings.soleValue). */
  soleValue(node: SyntaxNode): SyntaxNode | undefined {
    return this.scopes.soleValue(node);
  }

  /** Whether some scope around the identifier binds its name (or a star import may provide it). */
  isBound(identifier: SyntaxNode): boolean {
    return this.scopes.isBound(identifier);
  }

  /** Whether a function or lambda (undefined: the module) binds the name itself. */
  bindsIn(scope: SyntaxNode | undefined, name: string): boolean {
    return this.scopes.bindsIn(scope, name);
  }

  /** The value of a name bound once at module or class level. */
  soleModuleValue(name: string): SyntaxNode | undefined {
    return this.scopes.soleModuleValue(name);
  }

  /**
   * The value a branch condition certainly has, for pruning dead branches: constantValue, except that a parameter's
   * default is not its value (callers pass others).
   */
  conditionConstant(condition: SyntaxNode): ConstantValue | undefined {
    const names = condition.type === "identifier" ? [condition] : condition.descendantsOfType("identifier");
    for (const name of names) {
      if (!name) continue;
      const values = this.scopes.possibleValues(name);
      if (values?.some((value) => PARAMETER_DEFAULTS.has(value.parent?.type ?? ""))) return undefined;
    }
    return this.constantValue(condition);
  }

  /** The constant every value a name may hold folds to, if they all agree (`DEBUG = True` in two branches). */
  private agreedConstant(identifier: SyntaxNode, depth: number): ConstantValue | undefined {
    const values = this.scopes.possibleValues(identifier);
    if (!values || values.length === 0) return undefined;
    let result: ConstantValue | undefined;
    for (const value of values) {
      const constant = this.constantValue(value, depth + 1);
      if (constant === undefined || (result !== undefined && constant !== result)) return undefined;
      result = constant;
    }
    return result;
  }

  constantValue(node: SyntaxNode, depth = 0): ConstantValue | undefined {
    if (depth > MAX_RESOLUTION_DEPTH) return undefined;
    const expression = unwrapParentheses(node);
    switch (expression.type) {
      case "string":
      case "concatenated_string":
        return stringLiteralValue(expression);
      case "integer":
      case "float": {
        const value = Number(expression.text.replace(/_/g, ""));
        return Number.isNaN(value) ? undefined : value;
      }
      case "true":
        return true;
      case "false":
        return false;
      case "none":
        return null;
      case "identifier": {
        if (this.importedAs.has(expression.text)) return undefined;
        return this.agreedConstant(expression, depth);
      }
      case "binary_operator": {
        const operator = expression.childForFieldName("operator")?.type;
        const left = expression.childForFieldName("left");
        const right = expression.childForFieldName("right");
        if (!operator || !left || !right) return undefined;
        return binaryConstant(operator, this.constantValue(left, depth + 1), this.constantValue(right, depth + 1));
      }
      case "unary_operator": {
        const argument = expression.childForFieldName("argument");
        const value = argument ? this.constantValue(argument, depth + 1) : undefined;
        const operator = expression.childForFieldName("operator")?.type;
        return typeof value === "number" && operator === "-" ? -value : undefined;
      }
      case "not_operator": {
        const argument = expression.childForFieldName("argument");
        const value = argument ? this.constantValue(argument, depth + 1) : undefined;
        return value === undefined ? undefined : !isTruthy(value);
      }
      case "boolean_operator": {
        // Python's `a and b` / `a or b` yield one of the operands
        const left = expression.childForFieldName("left");
        const right = expression.childForFieldName("right");
        const leftValue = left ? this.constantValue(left, depth + 1) : undefined;
        if (leftValue === undefined || !right) return undefined;
        const isAnd = expression.childForFieldName("operator")?.type === "and";
        return isTruthy(leftValue) === isAnd ? this.constantValue(right, depth + 1) : leftValue;
      }
      case "comparison_operator": {
        // `a < b < c` holds when each adjacent pair does
        const operands = namedChildren(expression).map((operand) => this.constantValue(operand, depth + 1));
        const operators = comparisonOperators(expression);
        if (operators.length !== operands.length - 1 || operands.some((value) => value === undefined)) return undefined;
        let holds = true;
        for (const [index, operator] of operators.entries()) {
          const pair = compareConstants(operator, operands[index]!, operands[index + 1]!);
          if (pair === undefined) return undefined;
          holds &&= pair;
        }
        return holds;
      }
      case "subscript": {
        // `"ABC"[1]`: one character of a constant string
        const value = expression.childForFieldName("value");
        const indices = expression.childrenForFieldName("subscript");
        const text = value ? this.constantValue(value, depth + 1) : undefined;
        const index = indices.length === 1 && indices[0] ? this.constantValue(indices[0], depth + 1) : undefined;
        if (typeof text !== "string" || typeof index !== "number" || !Number.isInteger(index)) return undefined;
        return text.at(index);
      }
      default:
        return undefined;
    }
  }

  private resolve(node: SyntaxNode, depth: number): string | undefined {
    if (depth > MAX_RESOLUTION_DEPTH) return undefined;
    const cached = this.qualifiedCache.get(node.id);
    if (cached !== undefined || this.qualifiedCache.has(node.id)) return cached;
    let result: string | undefined;
    switch (node.type) {
      case "identifier":
        result =
          this.importedAs.get(node.text) ?? this.constructedBy(node, depth) ?? this.starImported(node) ?? node.text;
        break;
      case "attribute": {
        const text = node.text;
        if (DOTTED_NAME.test(text)) {
          // plain `a.b.c`: resolve the first name of the text instead of walking the attribute nodes
          const dot = text.indexOf(".");
          const first = text.slice(0, dot);
          const name = leftmostName(node);
          result =
            (this.importedAs.get(first) ?? this.constructedBy(name, depth) ?? this.starImported(name) ?? first) +
            text.slice(dot);
          break;
        }
        const attributes: string[] = [];
        let current: SyntaxNode = node;
        while (current.type === "attribute" && attributes.length < MAX_ATTRIBUTE_CHAIN) {
          const attribute = current.childForFieldName("attribute");
          const object = current.childForFieldName("object");
          if (!attribute || !object) break;
          attributes.unshift(attribute.text);
          current = unwrapParentheses(object);
        }
        const base = current.type === "attribute" ? undefined : (this.resolve(current, depth + 1) ?? current.text);
        result = base === undefined ? undefined : [base, ...attributes].join(".");
        break;
      }
      case "call": {
        const dynamic = this.dynamicLookup(node, depth);
        if (dynamic !== undefined) {
          result = dynamic;
          break;
        }
        const callee = node.childForFieldName("function");
        const name = callee ? this.resolve(unwrapParentheses(callee), depth + 1) : undefined;
        result = name === undefined ? undefined : `${name}()`;
        break;
      }
      default:
        result = undefined;
    }
    if (result !== undefined) result = this.withoutBuiltinsModule(withoutCallAttribute(result));
    this.qualifiedCache.set(node.id, result);
    return result;
  }

  /**
   * `DES` after `from Crypto.Cipher import *` is `Crypto.Cipher.DES`: a name the file binds nowhere and no builtin can
   * only come from the star import, when there is one (with several, which one provides it is not known).
   */
  private starImported(identifier: SyntaxNode): string | undefined {
    if (this.starModules.length !== 1 || identifier.type !== "identifier") return undefined;
    const name = identifier.text;
    if (isBuiltinName(name) || this.scopes.bindingsOf(identifier) !== undefined) return undefined;
    return `${this.starModules[0]}.${name}`;
  }

  /** `builtins.eval` and `__builtins__.eval` are the builtin `eval`, unless the file binds the module name itself. */
  private withoutBuiltinsModule(qualified: string): string {
    for (const module of BUILTINS_MODULES) {
      if (!qualified.startsWith(`${module}.`)) continue;
      const meaning = this.importedAs.get(module);
      if (meaning === "builtins" || (meaning === undefined && !this.scopes.bindsAnywhere(module)))
        return qualified.slice(module.length + 1);
    }
    return qualified;
  }

  /** A builtin used as a value (`e = eval`), when the file never rebinds its name. */
  private isBuiltinCallable(expression: SyntaxNode): boolean {
    const name = expression.text;
    return (
      expression.type === "identifier" &&
      isBuiltinCallableName(name) &&
      !this.importedAs.has(name) &&
      !this.scopes.bindsAnywhere(name)
    );
  }

  /**
   * Lookups by a constant name mean the same as writing the name: `getattr(os, "system")` is `os.system`,
   * `__import__("os")` and `importlib.import_module("os.path")` are the modules `os` and `os.path`.
   */
  private dynamicLookup(call: SyntaxNode, depth: number): string | undefined {
    const callee = call.childForFieldName("function");
    if (!callee || (callee.type !== "identifier" && callee.type !== "attribute")) return undefined;
    const text = callee.text;
    if (text !== "getattr" && text !== "__import__" && !text.endsWith("import_module")) return undefined;
    const argumentList = call.childForFieldName("arguments");
    if (!argumentList || argumentList.type !== "argument_list") return undefined;
    const args = namedChildren(argumentList).filter((child) => child.type !== "comment");
    const positional = args.filter((child) => child.type !== "keyword_argument");
    if (positional.some((child) => child.type === "list_splat" || child.type === "dictionary_splat")) return undefined;
    if (text === "getattr") {
      // getattr(obj, "name") and getattr(obj, "name", default); a shadowing `getattr` import is not the builtin
      if (this.importedAs.has(text) || positional.length < 2 || positional.length > 3) return undefined;
      const attribute = this.constantValue(positional[1], depth + 1);
      if (typeof attribute !== "string" || !IDENTIFIER.test(attribute)) return undefined;
      const object = unwrapParentheses(positional[0]);
      const base =
        object.type === "identifier" || object.type === "attribute" || object.type === "call"
          ? this.resolve(object, depth + 1)
          : undefined;
      return base === undefined ? undefined : `${base}.${attribute}`;
    }
    const qualified =
      text === "__import__" ? (this.importedAs.has(text) ? undefined : "__import__") : this.resolve(callee, depth + 1);
    if (qualified !== "__import__" && qualified !== "importlib.import_module") return undefined;
    const nameArgument =
      positional[0] ??
      args
        .find((child) => child.type === "keyword_argument" && child.childForFieldName("name")?.text === "name")
        ?.childForFieldName("value");
    const moduleName = nameArgument ? this.constantValue(nameArgument, depth + 1) : undefined;
    if (typeof moduleName !== "string" || !MODULE_NAME.test(moduleName)) return undefined;
    // `__import__("os.path")` returns the top-level package unless a fromlist asks for the submodule
    return qualified === "__import__" &&
      positional.length < 4 &&
      !args.some((child) => child.type === "keyword_argument" && child.childForFieldName("name")?.text === "fromlist")
      ? moduleName.split(".")[0]
      : moduleName;
  }

  /**
   * What every binding of the name in the scope it is read from makes it stand for: `x = pkg.Factory(...)` resolves
   * x to `pkg.Factory()`, an alias `put = requests.put` / `E = Environment` (imported) to `requests.put` /
   * `jinja2.Environment`. Bindings of the same name in other functions do not count.
   */
  private constructedBy(identifier: SyntaxNode, depth: number): string | undefined {
    const bound = this.scopes.bindingsOf(identifier);
    if (!bound?.values) return undefined;
    const key = `${bound.scope}:${identifier.text}`;
    if (this.constructorCache.has(key)) return this.constructorCache.get(key);
    this.constructorCache.set(key, undefined); // a self-referencing binding (`x = x.copy()`) resolves to nothing
    const constructor = this.soleConstructor(bound.values, depth);
    this.constructorCache.set(key, constructor);
    return constructor;
  }

  private soleConstructor(values: readonly SyntaxNode[], depth: number): string | undefined {
    let meaning: string | undefined;
    for (const value of values) {
      // a parameter holds what its callers pass, not its default
      if (value.parent?.type === "default_parameter" || value.parent?.type === "typed_default_parameter")
        return undefined;
      const dynamic = value.type === "call" ? this.dynamicLookup(value, depth + 1) : undefined;
      if (dynamic !== undefined) {
        if (meaning !== undefined && meaning !== dynamic) return undefined;
        meaning = dynamic;
        continue;
      }
      const expression = value.type === "call" ? value.childForFieldName("function") : value;
      if (!expression || !(expression.type === "identifier" || expression.type === "attribute")) return undefined;
      const resolved = this.resolve(unwrapParentheses(expression), depth + 1);
      // `x = helper()` or `x = y` keeps x's own name; imported or dotted names (`sqlite3.connect`, `Flask`) and
      // builtins used as values (`e = eval`; a builtin's call result, `d = dict()`, stays unresolved) give it meaning
      const builtinAlias = value.type !== "call" && this.isBuiltinCallable(expression);
      if (!resolved || !(resolved.includes(".") || this.importedAs.has(expression.text) || builtinAlias))
        return undefined;
      const current = value.type === "call" ? `${resolved}()` : resolved;
      if (meaning !== undefined && meaning !== current) return undefined;
      meaning = current;
    }
    return meaning;
  }

  private recordImport(statement: SyntaxNode): void {
    if (statement.type === "import_statement") {
      for (const item of namedChildren(statement)) {
        if (item.type === "dotted_name") {
          const first = item.text.split(".")[0];
          this.importedAs.set(first, first);
        } else if (item.type === "aliased_import") {
          const name = item.childForFieldName("name");
          const alias = item.childForFieldName("alias");
          if (name && alias) this.importedAs.set(alias.text, name.text);
        }
      }
      return;
    }
    const moduleNode = statement.childForFieldName("module_name");
    if (!moduleNode) return;
    const moduleName = moduleNode.text.replace(/^\.+/, "");
    if (moduleName && namedChildren(statement).some((child) => child.type === "wildcard_import"))
      this.starModules.push(moduleName);
    const prefix = moduleName ? `${moduleName}.` : "";
    for (const item of statement.childrenForFieldName("name")) {
      if (item.type === "dotted_name") {
        this.importedAs.set(item.text, prefix + item.text);
      } else if (item.type === "aliased_import") {
        const name = item.childForFieldName("name");
        const alias = item.childForFieldName("alias");
        if (name && alias) this.importedAs.set(alias.text, prefix + name.text);
      }
    }
  }
}

/** Names under which the builtin functions are reachable as attributes (`import builtins`, CPython's `__builtins__`). */
const BUILTINS_MODULES = ["builtins", "__builtins__"];
const CALL_ATTRIBUTE = ".__call__";

/** `f.__call__` is `f` (`eval.__call__(x)` calls eval). */
function withoutCallAttribute(qualified: string): string {
  let result = qualified;
  while (result.endsWith(CALL_ATTRIBUTE) && result.length > CALL_ATTRIBUTE.length)
    result = result.slice(0, -CALL_ATTRIBUTE.length);
  return result;
}

/** The name an attribute chain starts from (`a` in `a.b.c`). */
function leftmostName(attribute: SyntaxNode): SyntaxNode {
  let current = attribute;
  for (let depth = 0; current.type === "attribute" && depth < MAX_ATTRIBUTE_CHAIN; depth++)
    current = current.childForFieldName("object") ?? current;
  return current;
}

function isTopLevel(definition: SyntaxNode): boolean {
  let parent = definition.parent;
  if (parent?.type === "decorated_definition") parent = parent.parent;
  return parent?.type === "module";
}

/** Python's truth value of a constant. */
export function isTruthy(value: ConstantValue): boolean {
  return value !== null && value !== false && value !== 0 && value !== "";
}

/** Arithmetic on two constants as Python computes it: + - * as doubles (as Python's floats), // and % on integers only. */
function binaryConstant(
  operator: string,
  left: ConstantValue | undefined,
  right: ConstantValue | undefined,
): ConstantValue | undefined {
  if (typeof left === "string" && typeof right === "string") return operator === "+" ? left + right : undefined;
  if (typeof left !== "number" || typeof right !== "number") return undefined;
  if (operator === "+") return left + right;
  if (operator === "-") return left - right;
  if (operator === "*") return left * right;
  // beyond 2^53 Python's integers stay exact and doubles do not
  if (!Number.isSafeInteger(left) || !Number.isSafeInteger(right) || right === 0) return undefined;
  if (operator === "//") return Math.floor(left / right);
  if (operator === "%") return left - right * Math.floor(left / right);
  return undefined;
}

function compareConstants(operator: string, left: ConstantValue, right: ConstantValue): boolean | undefined {
  switch (operator) {
    case "==":
      return left === right;
    case "!=":
      return left !== right;
    case "in":
    case "not in":
      if (typeof left !== "string" || typeof right !== "string") return undefined;
      return right.includes(left) === (operator === "in");
  }
  if (typeof left !== typeof right || (typeof left !== "number" && typeof left !== "string")) return undefined;
  const [a, b] = [left, right as typeof left];
  if (operator === "<") return a < b;
  if (operator === ">") return a > b;
  if (operator === "<=") return a <= b;
  if (operator === ">=") return a >= b;
  return undefined;
}
