import type { NameResolver } from "../names";
import { callArguments, classOfMethod, decoratorsOf, namedChildren, nodesOfType, unwrapParentheses } from "../syntax";
import type { SyntaxNode } from "../tree";
import type { ParameterKind } from "../types";
import { ENTRY_POINT_TABLES, type EntryPointTables, type RouteVariableSyntax } from "./frameworks/index";

/**
 * Which functions are entry points and what their parameters are, read from the framework tables
 * (frameworks/*.ts). Nothing here names a framework: decorators, base classes and parameter defaults are matched
 * by their syntax nodes, through the file's imports (NameResolver), against the tables' entries.
 */

export interface Parameter {
  name: string;
  node: SyntaxNode;
  /** Its type annotation (the `type` node). */
  annotation?: SyntaxNode;
  defaultValue?: SyntaxNode;
}

/** How a parameter of each kind is named in messages: "'path' (route parameter)". */
export const PARAMETER_DESCRIPTIONS: Readonly<Record<ParameterKind, string>> = {
  "route-parameter": "route parameter",
  "cli-argument": "command-line argument",
  "function-parameter": "function parameter",
};

/** How far a view class's same-file base classes are followed (`class Main(Base)`, `class Base(RequestHandler)`). */
const MAX_BASE_DEPTH = 8;
/** How deep type annotations are read (`Optional[Annotated[int, ...]]`). */
const MAX_TYPE_DEPTH = 8;

export function parametersOf(definition: SyntaxNode): Parameter[] {
  const list = definition.childForFieldName("parameters");
  if (!list) return [];
  const parameters: Parameter[] = [];
  for (const parameter of namedChildren(list)) {
    let nameNode: SyntaxNode | null = null;
    let annotation: SyntaxNode | null = null;
    let defaultValue: SyntaxNode | null = null;
    switch (parameter.type) {
      case "identifier":
        nameNode = parameter;
        break;
      case "default_parameter":
      case "typed_default_parameter":
        nameNode = parameter.childForFieldName("name");
        annotation = parameter.childForFieldName("type");
        defaultValue = parameter.childForFieldName("value");
        break;
      case "typed_parameter":
        nameNode = parameter.firstNamedChild;
        annotation = parameter.childForFieldName("type");
        break;
      case "list_splat_pattern":
      case "dictionary_splat_pattern":
        nameNode = parameter.firstNamedChild;
        break;
      default:
        break;
    }
    if (nameNode?.type === "list_splat_pattern" || nameNode?.type === "dictionary_splat_pattern")
      nameNode = nameNode.firstNamedChild;
    if (!nameNode || nameNode.type !== "identifier") continue;
    const entry: Parameter = { name: nameNode.text, node: nameNode };
    if (annotation) entry.annotation = annotation;
    if (defaultValue) entry.defaultValue = defaultValue;
    parameters.push(entry);
  }
  return parameters;
}

/** A set of resolved dotted names, and every dotted tail of them for names whose imports the file does not show. */
class NameTable {
  private readonly tails = new Set<string>();

  constructor(readonly names: ReadonlySet<string>) {
    for (const name of names) {
      const parts = name.split(".");
      for (let index = 0; index < parts.length; index++) this.tails.add(parts.slice(index).join("."));
    }
  }

  hasTail(written: string): boolean {
    return this.tails.has(written);
  }
}

const nameTables = new WeakMap<ReadonlySet<string>, NameTable>();

function nameTable(names: ReadonlySet<string>): NameTable {
  let table = nameTables.get(names);
  if (!table) nameTables.set(names, (table = new NameTable(names)));
  return table;
}

export class EntryPoints {
  private readonly kinds = new Map<number, ParameterKind>();
  private classesByName?: Map<string, SyntaxNode[]>;

  constructor(
    private readonly root: SyntaxNode,
    private readonly resolver: NameResolver,
    private readonly tables: EntryPointTables = ENTRY_POINT_TABLES,
  ) {}

  /**
   * What a function's parameters hold when it is called from outside: URL parts for a route handler (a decorated
   * route, a view function taking `request`, a verb method of a view class), command-line arguments for a command.
   */
  kindOf(definition: SyntaxNode): ParameterKind {
    let kind = this.kinds.get(definition.id);
    if (kind === undefined) {
      kind = this.isRouteHandler(definition)
        ? "route-parameter"
        : this.isCommand(definition)
          ? "cli-argument"
          : "function-parameter";
      this.kinds.set(definition.id, kind);
    }
    return kind;
  }

  /**
   * Entry points whose parameters an attacker may choose: route handlers and commands, and public module functions
   * and methods of public classes, except tests and fixtures (the test runner passes them its fixtures).
   */
  isEntryPoint(definition: SyntaxNode): boolean {
    if (this.kindOf(definition) !== "function-parameter") return true;
    if (this.isTestOrFixture(definition)) return false;
    const name = definition.childForFieldName("name")?.text ?? "";
    if (isPrivateName(name)) return false;
    let container = definition.parent;
    if (container?.type === "decorated_definition") container = container.parent;
    if (container?.type === "module") return true;
    const owner = classOfMethod(definition);
    return (
      owner !== undefined &&
      owner.parent?.type === "module" &&
      !isPrivateName(owner.childForFieldName("name")?.text ?? "")
    );
  }

  /** A test or a fixture: the test runner passes its parameters, which are the test's own values. */
  isTestOrFixture(definition: SyntaxNode): boolean {
    const name = definition.childForFieldName("name")?.text ?? "";
    if (this.tables.testFunctionPrefixes.some((prefix) => name.startsWith(prefix))) return true;
    const fixtures = this.tables.fixtureDecorators;
    return decoratorsOf(definition).some((decorator) => this.resolvesTo(decoratorCallee(decorator), fixtures));
  }

  /**
   * A parameter the framework fills or validates: typed to admit no free text (`user_id: int`,
   * `Optional[UUID]`, `Annotated[int, Path()]`), or injected (`db = Depends(get_db)`,
   * `user: Annotated[User, Depends(current_user)]`).
   */
  isSafeParameter(parameter: Parameter): boolean {
    if (parameter.annotation && (this.isSafeType(parameter.annotation, 0) || this.isInjectedType(parameter.annotation)))
      return true;
    return parameter.defaultValue !== undefined && this.isInjection(parameter.defaultValue);
  }

  private isInjection(value: SyntaxNode): boolean {
    return value.type === "call" && this.resolvesTo(value.childForFieldName("function"), this.tables.injectedDefaults);
  }

  /** `Annotated[T, Depends(f)]`. */
  private isInjectedType(annotation: SyntaxNode): boolean {
    const form = typeForm(annotation);
    return (
      form !== undefined &&
      this.resolvesTo(form.base, this.tables.annotatedTypes) &&
      form.arguments.slice(1).some((argument) => this.isInjection(typeExpression(argument)))
    );
  }

  /** Whether a type annotation admits only values that are no free text. */
  private isSafeType(annotation: SyntaxNode, depth: number): boolean {
    const type = typeExpression(annotation);
    if (depth > MAX_TYPE_DEPTH) return false;
    switch (type.type) {
      case "identifier":
      case "attribute":
        return this.resolvesTo(type, this.tables.safeTypes);
      case "call":
        return this.resolvesTo(type.childForFieldName("function"), this.tables.safeTypeCalls);
      case "binary_operator": {
        // T | None, T | U
        const left = type.childForFieldName("left");
        const right = type.childForFieldName("right");
        return (
          type.childForFieldName("operator")?.type === "|" && !!left && !!right && this.allSafe([left, right], depth)
        );
      }
      default: {
        const form = typeForm(type);
        if (!form) return false;
        const { base, arguments: parts } = form;
        if (this.resolvesTo(base, this.tables.literalTypes)) return true;
        if (this.resolvesTo(base, this.tables.annotatedTypes))
          return parts.length > 0 && this.isSafeType(parts[0], depth + 1);
        if (this.resolvesTo(base, this.tables.optionalTypes))
          return parts.length === 1 && this.isSafeType(parts[0], depth + 1);
        return this.resolvesTo(base, this.tables.unionTypes) && this.allSafe(parts, depth);
      }
    }
  }

  /** Every member of a union is safe or None, and one is not None. */
  private allSafe(members: readonly SyntaxNode[], depth: number): boolean {
    let some = false;
    for (const member of members) {
      if (typeExpression(member).type === "none") continue;
      if (!this.isSafeType(member, depth + 1)) return false;
      some = true;
    }
    return some;
  }

  /** A framework's request object (`request`, `req`): not data itself, its data attributes are the sources. */
  isRequestParameter(name: string): boolean {
    return this.tables.requestParameters.has(name);
  }

  /** Route variables with a converter that admits no free text (`<int:user_id>`): the router rejects anything else. */
  typedRouteVariables(definition: SyntaxNode): Set<string> {
    const names = new Set<string>();
    for (const decorator of this.routeDecorators(definition)) {
      if (decorator.type !== "call") continue;
      const { positional, keywords } = callArguments(decorator);
      for (const argument of [...positional, ...keywords.values()]) {
        // the route string's value, also through a constant (`@app.route(USER_ROUTE)`)
        const route = this.resolver.constantValue(argument);
        if (typeof route !== "string") continue;
        for (const syntax of this.tables.routeVariables) {
          for (const variable of safeRouteVariables(route, syntax)) names.add(variable);
        }
      }
    }
    return names;
  }

  /**
   * Whether `request.<attribute>` is fixed in this function: it is a route handler whose every route decorator names
   * a constant route without variables, and the framework's router fixes that attribute for such a route.
   */
  fixedByStaticRoute(definition: SyntaxNode, attribute: string): boolean {
    if (!this.tables.staticRouteAttributes.has(attribute)) return false;
    const decorators = this.routeDecorators(definition);
    return (
      decorators.length > 0 &&
      decorators.every((decorator) => {
        const route = decorator.type === "call" ? callArguments(decorator).positional[0] : undefined;
        const value = route ? this.resolver.constantValue(route) : undefined;
        return typeof value === "string" && this.tables.routeVariables.every(({ open }) => !value.includes(open));
      })
    );
  }

  /**
   * The decorators (their expressions) that register the function as a route: a route method on any object, a
   * framework's own route decorator, or the file's own decorator function named like a route method (a project's
   * `def route(path)` over its app, which is as unresolvable as the app of `@app.route`).
   */
  private routeDecorators(definition: SyntaxNode): SyntaxNode[] {
    return decoratorsOf(definition).flatMap((decorator) => {
      const callee = decoratorCallee(decorator);
      const isRoute =
        callee?.type === "attribute"
          ? this.tables.routeDecoratorMethods.has(attributeName(callee)) ||
            this.resolvesTo(callee, this.tables.routeDecorators)
          : this.resolvesTo(callee, this.tables.routeDecorators) ||
            (callee?.type === "identifier" &&
              this.tables.routeDecoratorMethods.has(callee.text) &&
              this.resolver.soleModuleValue(callee.text)?.type === "function_definition");
      return isRoute ? [unwrapParentheses(decorator.firstNamedChild!)] : [];
    });
  }

  private isRouteHandler(definition: SyntaxNode): boolean {
    if (this.routeDecorators(definition).length > 0) return true;
    const owner = classOfMethod(definition);
    const first = parametersOf(definition)[owner ? 1 : 0]?.name;
    if (first !== undefined && this.isRequestParameter(first)) return true;
    if (!owner) return false;
    const name = definition.childForFieldName("name")?.text ?? "";
    return this.tables.viewClasses.some((family) => family.verbMethods.has(name) && this.derivesFrom(owner, family, 0));
  }

  /** Whether a class has a base of the family: a listed base, a base named like the family's, or a same-file class that has. */
  private derivesFrom(definition: SyntaxNode, family: EntryPointTables["viewClasses"][number], depth: number): boolean {
    const superclasses = definition.childForFieldName("superclasses");
    if (!superclasses || depth > MAX_BASE_DEPTH) return false;
    for (let base of namedChildren(superclasses)) {
      if (base.type === "subscript") base = base.childForFieldName("value") ?? base; // Generic views: ListView[Item]
      if (base.type !== "identifier" && base.type !== "attribute") continue; // keyword arguments (metaclass=...)
      const qualified = this.resolver.qualifiedName(base) ?? base.text;
      if (family.bases.has(qualified)) return true;
      const lastName = qualified.slice(qualified.lastIndexOf(".") + 1);
      if (family.baseNameEndings.some((ending) => lastName.endsWith(ending))) return true;
      const local = this.sameFileClass(base);
      if (local && !local.equals(definition) && this.derivesFrom(local, family, depth + 1)) return true;
    }
    return false;
  }

  /** The top-level class a base names, when the file defines exactly one class of that name and imports none. */
  private sameFileClass(base: SyntaxNode): SyntaxNode | undefined {
    if (base.type !== "identifier" || this.resolver.isImported(base.text)) return undefined;
    if (!this.classesByName) {
      this.classesByName = new Map();
      for (const definition of nodesOfType(this.root.tree, "class_definition")) {
        const name = definition.childForFieldName("name")?.text;
        if (!name) continue;
        const list = this.classesByName.get(name);
        if (list) list.push(definition);
        else this.classesByName.set(name, [definition]);
      }
    }
    const candidates = this.classesByName.get(base.text);
    return candidates?.length === 1 ? candidates[0] : undefined;
  }

  private isCommand(definition: SyntaxNode): boolean {
    return decoratorsOf(definition).some((decorator) => {
      const callee = decoratorCallee(decorator);
      if (callee?.type === "attribute" && this.tables.commandDecoratorMethods.has(attributeName(callee))) return true;
      return this.resolvesTo(callee, this.tables.commandDecorators);
    });
  }

  /**
   * Whether a name or attribute stands for one of the names: resolved through the file's imports, or, when the
   * file neither imports nor binds the name it starts with (the import is outside the linted text), written as a
   * tail of one (`Depends` for `fastapi.Depends`, `click.command` for itself).
   */
  private resolvesTo(node: SyntaxNode | null | undefined, names: ReadonlySet<string>): boolean {
    if (!node || (node.type !== "identifier" && node.type !== "attribute")) return false;
    const qualified = this.resolver.qualifiedName(node);
    if (qualified !== undefined && names.has(qualified)) return true;
    const parts: string[] = [];
    let current: SyntaxNode | null = node;
    while (current?.type === "attribute") {
      parts.unshift(attributeName(current));
      current = current.childForFieldName("object");
    }
    if (current?.type !== "identifier") return false;
    if (this.resolver.isImported(current.text) || this.resolver.isBound(current)) return false;
    parts.unshift(current.text);
    return nameTable(names).hasTail(parts.join("."));
  }
}

/** The expression of a `type` node (`x: int` holds `(type (identifier))`), without parentheses. */
function typeExpression(node: SyntaxNode): SyntaxNode {
  let current = unwrapParentheses(node);
  while (current.type === "type" && current.firstNamedChild) current = unwrapParentheses(current.firstNamedChild);
  return current;
}

/** A generic type's base and arguments: `Optional[int]` (a generic_type) or `typing.Optional[int]` (a subscript). */
function typeForm(node: SyntaxNode): { base: SyntaxNode; arguments: SyntaxNode[] } | undefined {
  const type = typeExpression(node);
  if (type.type === "generic_type") {
    const base = type.firstNamedChild;
    const parameters = namedChildren(type).find((child) => child.type === "type_parameter");
    return base ? { base, arguments: parameters ? [...namedChildren(parameters)] : [] } : undefined;
  }
  if (type.type === "subscript") {
    const base = type.childForFieldName("value");
    return base ? { base, arguments: type.childrenForFieldName("subscript") } : undefined;
  }
  return undefined;
}

/** The callee of a decorator: `app.route` of `@app.route("/")`, `click.command` of `@click.command`. */
function decoratorCallee(decorator: SyntaxNode): SyntaxNode | undefined {
  const expression = decorator.firstNamedChild;
  if (!expression) return undefined;
  const unwrapped = unwrapParentheses(expression);
  return unwrapped.type === "call" ? (unwrapped.childForFieldName("function") ?? undefined) : unwrapped;
}

function attributeName(attribute: SyntaxNode): string {
  return attribute.childForFieldName("attribute")?.text ?? "";
}

/** The variables of a route string whose converter is one of the syntax's safe ones. */
function safeRouteVariables(route: string, syntax: RouteVariableSyntax): string[] {
  const variables: string[] = [];
  for (let start = route.indexOf(syntax.open); start >= 0; start = route.indexOf(syntax.open, start + 1)) {
    const end = route.indexOf(syntax.close, start + 1);
    if (end < 0) break;
    const inside = route.slice(start + syntax.open.length, end);
    const colon = syntax.converterFirst ? inside.lastIndexOf(":") : inside.indexOf(":");
    if (colon < 0) continue;
    let converter = (syntax.converterFirst ? inside.slice(0, colon) : inside.slice(colon + 1)).trim();
    const variable = (syntax.converterFirst ? inside.slice(colon + 1) : inside.slice(0, colon)).trim();
    // Werkzeug converters take arguments: <int(signed=True):offset>, <any(about, help):page>
    const parenthesis = converter.indexOf("(");
    if (parenthesis >= 0) converter = converter.slice(0, parenthesis).trim();
    if (syntax.safeConverters.includes(converter)) variables.push(variable);
  }
  return variables;
}

function isPrivateName(name: string): boolean {
  return name.startsWith("_") && !/^__\w+__$/.test(name);
}
