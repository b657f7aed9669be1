import type { Node, Tree } from "web-tree-sitter";

/** One top-level definition of a module as stub lines (a class, a function, a module attribute). */
export interface StubDefinition {
  name: string;
  lines: string[];
  /** A shorter form for tight budgets: a class header with its fields and method signatures, no docstrings. */
  compact?: string[];
  /** For a class: line counts of `compact ?? lines` split into header (decorators, `class` line) and one per member, so a prefix of the members can be shown. */
  parts?: number[];
  /** For a class: each member's name, in the order of `parts.slice(1)`, so members not shown whole can still be named. */
  members?: string[];
  /** For a class: the base classes it names plainly (`class B(A, Generic[T])` → ["A"]): their members are its members too. */
  bases?: string[];
}

/**
 * The module's top-level definitions as .pyi-like stubs: signatures, class headers, methods, class and
 * module attributes and each definition's first docstring line; bodies become `...`. In source order,
 * the first definition of a name wins.
 */
export function stubDefinitions(tree: Tree): StubDefinition[] {
  const definitions = new Map<string, StubDefinition>();
  for (const statement of tree.rootNode.namedChildren) {
    if (!statement) continue;
    const rendered = renderStatement(statement, "", true);
    if (!rendered || definitions.has(rendered.name)) continue;
    const short = renderStatement(statement, "", false) ?? rendered;
    const definition: StubDefinition = { name: rendered.name, lines: rendered.lines };
    if (short.lines.length < rendered.lines.length) definition.compact = short.lines;
    if (short.parts && short.members && short.members.length > 0) {
      definition.parts = short.parts;
      definition.members = short.members;
    }
    if (short.bases && short.bases.length > 0) definition.bases = short.bases;
    definitions.set(rendered.name, definition);
  }
  return [...definitions.values()];
}

/**
 * Renders a module as a stub under a `# file:` header. `wanted` lists the top-level names the current
 * file refers to: those come first, in that order; the rest of the module's public names follow unless
 * `onlyWanted` is set.
 */
export function renderStub(tree: Tree, filePath: string, wanted: string[] = [], onlyWanted = false): string {
  const definitions = new Map(stubDefinitions(tree).map((definition) => [definition.name, definition.lines]));
  const order = wanted.filter((name) => definitions.has(name));
  if (!onlyWanted)
    order.push(...[...definitions.keys()].filter((name) => !name.startsWith("_") && !order.includes(name)));
  const lines = [`# file: ${filePath}`];
  for (const name of new Set(order)) lines.push(...(definitions.get(name) ?? []));
  return lines.join("\n") + "\n";
}

interface Rendered {
  name: string;
  lines: string[];
  /** Classes: see StubDefinition.parts, StubDefinition.members and StubDefinition.bases. */
  parts?: number[];
  members?: string[];
  bases?: string[];
}

function renderStatement(statement: Node, indent: string, docstrings: boolean): Rendered | undefined {
  switch (statement.type) {
    case "decorated_definition": {
      const definition = statement.childForFieldName("definition");
      const inner = definition && renderStatement(definition, indent, docstrings);
      if (!inner) return undefined;
      const decorators = statement.namedChildren
        .filter((child) => child?.type === "decorator")
        .map((decorator) => indent + decorator!.text);
      const parts = inner.parts && [inner.parts[0] + decorators.length, ...inner.parts.slice(1)];
      return { ...inner, lines: [...decorators, ...inner.lines], parts };
    }
    case "function_definition":
      return renderFunction(statement, indent, docstrings);
    case "class_definition":
      return renderClass(statement, indent, docstrings);
    case "expression_statement":
      return renderAssignment(statement, indent);
    default:
      return undefined;
  }
}

function renderFunction(definition: Node, indent: string, docstrings: boolean): Rendered | undefined {
  const name = definition.childForFieldName("name")?.text;
  const parameters = definition.childForFieldName("parameters")?.text;
  if (!name || !parameters) return undefined;
  const returns = definition.childForFieldName("return_type")?.text;
  const asyncPrefix = definition.children.some((child) => child?.type === "async") ? "async " : "";
  const header = `${indent}${asyncPrefix}def ${name}${oneLine(parameters)}${returns ? ` -> ${returns}` : ""}:`;
  const docstring = docstrings && firstDocstringLine(definition.childForFieldName("body"));
  if (!docstring) return { name, lines: [`${header} ...`] };
  return { name, lines: [header, `${indent}    ${docstring}`, `${indent}    ...`] };
}

function renderClass(definition: Node, indent: string, docstrings: boolean): Rendered | undefined {
  const name = definition.childForFieldName("name")?.text;
  if (!name) return undefined;
  const superclasses = definition.childForFieldName("superclasses");
  const lines = [`${indent}class ${name}${oneLine(superclasses?.text ?? "")}:`];
  const bases = (superclasses?.namedChildren ?? [])
    .filter((base) => base?.type === "identifier")
    .map((base) => base!.text);
  const body = definition.childForFieldName("body");
  const docstring = docstrings && firstDocstringLine(body);
  if (docstring) lines.push(`${indent}    ${docstring}`);
  const parts = [lines.length];
  const memberNames: string[] = [];
  const statements = (body?.namedChildren ?? []).filter((member): member is Node => member !== null);
  const rendered = statements.map((member) => renderStatement(member, `${indent}    `, docstrings));
  const classNames = new Set(rendered.map((member) => member?.name));
  statements.forEach((member, i) => {
    const stub = rendered[i];
    if (!stub || isPrivate(stub.name)) return;
    if (stub.name === "__init__") {
      for (const attribute of instanceAttributes(member, `${indent}    `, classNames)) {
        lines.push(attribute.line);
        parts.push(1);
        memberNames.push(attribute.name);
      }
    }
    lines.push(...stub.lines);
    parts.push(stub.lines.length);
    memberNames.push(stub.name);
  });
  // a class with no members shown: its docstring is a body, else `...` on the header line (fewer tokens)
  if (lines.length === 1) lines[0] += " ...";
  return { name, lines, parts, members: memberNames, bases };
}

/** `self.x = value` / `self.x: T = value` at the top of `__init__`'s body, as `x = ...` / `x: T` fields (public ones not declared on the class). */
function instanceAttributes(
  member: Node,
  indent: string,
  classNames: Set<string | undefined>,
): { name: string; line: string }[] {
  const init = member.type === "decorated_definition" ? member.childForFieldName("definition") : member;
  const self = init
    ?.childForFieldName("parameters")
    ?.namedChildren.find((parameter) => parameter?.type === "identifier")?.text;
  if (!init || !self) return [];
  const attributes: { name: string; line: string }[] = [];
  for (const statement of init.childForFieldName("body")?.namedChildren ?? []) {
    const assignment = statement?.type === "expression_statement" ? statement.namedChildren[0] : undefined;
    const target = assignment?.type === "assignment" ? assignment.childForFieldName("left") : undefined;
    if (target?.type !== "attribute" || target.childForFieldName("object")?.text !== self) continue;
    const name = target.childForFieldName("attribute")?.text;
    if (!name || name.startsWith("_") || classNames.has(name)) continue;
    classNames.add(name);
    const annotation = assignment!.childForFieldName("type")?.text;
    attributes.push({ name, line: `${indent}${name}${annotation ? `: ${annotation}` : " = ..."}` });
  }
  return attributes;
}

/** `x = 1` → `x = ...`; `x: int = 1` → `x: int`; tuple targets and other statements are left out. */
function renderAssignment(statement: Node, indent: string): Rendered | undefined {
  const assignment = statement.namedChildren[0];
  if (assignment?.type !== "assignment") return undefined;
  const target = assignment.childForFieldName("left");
  if (target?.type !== "identifier") return undefined;
  const annotation = assignment.childForFieldName("type")?.text;
  return { name: target.text, lines: [`${indent}${target.text}${annotation ? `: ${annotation}` : " = ..."}`] };
}

/** Private members are left out; dunders such as __init__ and __call__ say how the class is used. */
function isPrivate(name: string): boolean {
  return name.startsWith("_") && !(name.startsWith("__") && name.endsWith("__"));
}

function firstDocstringLine(body: Node | null | undefined): string | undefined {
  const first = body?.namedChildren[0];
  if (first?.type !== "expression_statement") return undefined;
  const literal = first.namedChildren[0];
  if (literal?.type !== "string") return undefined;
  const content = literal.namedChildren.find((child) => child?.type === "string_content")?.text ?? "";
  const line = content.trim().split("\n")[0]?.trim();
  return line ? `"""${line.replace(/"""/g, "")}"""` : undefined;
}

/** Multi-line parameter lists and base lists are joined on one line to save tokens. */
function oneLine(text: string): string {
  return text
    .replace(/\s*\n\s*/g, " ")
    .replace(/\(\s+/g, "(")
    .replace(/,\s*\)/g, ")");
}
