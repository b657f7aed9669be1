import type { SyntaxNode } from "../tree";
import type { NameResolver } from "../names";
import { callArguments, comparisonOperators, MAX_EXPRESSION_DEPTH, namedChildren, unwrapParentheses } from "../syntax";
import { NORMALIZER_CALLS, NORMALIZER_METHODS } from "./models";
import { ALL_SINKS, NO_PARENT_SEGMENTS, NOT_ABSOLUTE, SINK_BIT } from "./taint";

/**
 * Sanitizing conditions: what a branch condition proves about a variable when it holds (or fails).
 * `if name not in ALLOWED: abort()` proves `name` is allow-listed after the `if`; a containment check
 * (`startswith`, `commonpath`, `is_relative_to`) proves a *normalized* path stays inside its base.
 */
export interface GuardFact {
  /** Expression whose variable becomes safe (an identifier or `self.attr`). */
  subject: SyntaxNode;
  clean: number;
  /** The subject only counts as contained if its value was normalized (realpath & co.) before the check. */
  needsNormalized: boolean;
}

export interface GuardHost {
  readonly resolver: NameResolver;
  /** Whether an expression may carry untrusted data at the guard (an attacker-supplied allow-list proves nothing). */
  mayBeTainted(node: SyntaxNode): boolean;
  /** Facts proven by calling a same-file predicate such as `is_safe(name)`. */
  predicateFacts(call: SyntaxNode, whenTrue: boolean, depth: number): GuardFact[];
}

const CHARACTER_CLASS_PREDICATES = new Set(["isalnum", "isalpha", "isdigit", "isdecimal", "isnumeric", "isidentifier"]);
const REGEX_FUNCTIONS = new Set([
  "re.fullmatch",
  "re.match",
  "re.search",
  "regex.fullmatch",
  "regex.match",
  "regex.search",
]);
const REGEX_METHODS = new Set(["fullmatch", "match", "search"]);
const COMMON_PATH_FUNCTIONS = new Set(["os.path.commonpath", "os.path.commonprefix", "posixpath.commonpath"]);
/** python-validators checks whose accepted values contain no shell, SQL or path metacharacters. */
const VALIDATOR_PREDICATES = new Set([
  "validators.domain",
  "validators.ipv4",
  "validators.ipv6",
  "validators.uuid",
  "validators.slug",
  "validators.mac_address",
]);
/** Conversions that raise on anything but a number/address/UUID: `try: int(x) except: abort()` validates x. */
const VALIDATING_CONVERSIONS = new Set([
  "int",
  "float",
  "uuid.UUID",
  "ipaddress.ip_address",
  "ipaddress.ip_network",
  "ipaddress.IPv4Address",
  "ipaddress.IPv6Address",
  "socket.inet_aton",
  "socket.inet_pton",
  "decimal.Decimal",
]);
const SAFE_TYPES = new Set(["int", "float", "bool", "uuid.UUID", "UUID"]);
/** The `string` module's character constants, for allow-lists built from them (`set(string.digits + "+-")`). */
const LOWERCASE = "abcdefghijklmnopqrstuvwxyz";
const UPPERCASE = LOWERCASE.toUpperCase();
const STRING_MODULE_CHARACTERS: ReadonlyMap<string, string> = new Map([
  ["string.digits", "0123456789"],
  ["string.hexdigits", "0123456789abcdefABCDEF"],
  ["string.octdigits", "01234567"],
  ["string.ascii_lowercase", LOWERCASE],
  ["string.ascii_uppercase", UPPERCASE],
  ["string.ascii_letters", LOWERCASE + UPPERCASE],
  ["string.whitespace", " \t\n\r\x0b\x0c"],
  ["string.punctuation", "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"],
]);
/**
 * A value made only of allowed characters (`set(x).issubset(ALLOWED)`) is safe for a sink when none of them is
 * one the sink's syntax needs to be subverted: quotes, separators, metacharacters, or letters to name things with.
 */
const COMMAND_METACHARACTERS = ";&|`$()<>\n\r'\"\\*?[]{}~!#%^";
const SQL_BREAKOUT_CHARACTERS = "'\"\\;";
const CODE_BREAKOUT_CHARACTERS = "'\"\\_";
const PATH_SEPARATORS = "/\\";
const PATH = SINK_BIT.path;

export function guardFacts(condition: SyntaxNode, whenTrue: boolean, host: GuardHost, depth = 0): GuardFact[] {
  if (depth > MAX_EXPRESSION_DEPTH) return [];
  const node = unwrapParentheses(condition);
  switch (node.type) {
    case "not_operator": {
      const argument = node.childForFieldName("argument");
      return argument ? guardFacts(argument, !whenTrue, host, depth + 1) : [];
    }
    case "boolean_operator": {
      const operator = node.childForFieldName("operator")?.type;
      const left = node.childForFieldName("left");
      const right = node.childForFieldName("right");
      if (!left || !right) return [];
      // `a and b` true proves both sides; `a or b` false proves both negations.
      if ((operator === "and" && whenTrue) || (operator === "or" && !whenTrue)) {
        return [...guardFacts(left, whenTrue, host, depth + 1), ...guardFacts(right, whenTrue, host, depth + 1)];
      }
      // `x == "a" or x == "b"`: whichever side held, x is safe for what both sides prove
      return commonFacts(guardFacts(left, whenTrue, host, depth + 1), guardFacts(right, whenTrue, host, depth + 1));
    }
    case "comparison_operator":
      return comparisonFacts(node, whenTrue, host);
    case "call":
      return callFacts(node, whenTrue, host, depth);
    default:
      return [];
  }
}

function commonFacts(left: readonly GuardFact[], right: readonly GuardFact[]): GuardFact[] {
  const common: GuardFact[] = [];
  for (const fact of left) {
    const other = right.find((candidate) => candidate.subject.text === fact.subject.text);
    const clean = other ? fact.clean & other.clean : 0;
    if (other && clean !== 0)
      common.push({ subject: fact.subject, clean, needsNormalized: fact.needsNormalized || other.needsNormalized });
  }
  return common;
}

function comparisonFacts(node: SyntaxNode, whenTrue: boolean, host: GuardHost): GuardFact[] {
  const operands = namedChildren(node);
  const operators = comparisonOperators(node);
  if (operands.length !== 2 || operators.length === 0) return [];
  const operator = operators.join(" ");
  const [left, right] = [unwrapParentheses(operands[0]), unwrapParentheses(operands[1])];
  if (operator === "in" || operator === "not in") {
    const holds = (operator === "in") === whenTrue;
    const needle = host.resolver.constantValue(left);
    if (typeof needle === "string" && needle.includes("..")) {
      // `".." in name` failing rules out parent-directory segments (an absolute name may still escape)
      return holds ? [] : [{ subject: right, clean: NO_PARENT_SEGMENTS, needsNormalized: false }];
    }
    if (needle === "/" || needle === "\\" || left.text === "os.sep") {
      // no separator: the name cannot be absolute (".." must still be ruled out)
      return holds ? [] : [{ subject: right, clean: NOT_ABSOLUTE, needsNormalized: false }];
    }
    if (!holds) return [];
    if (right.type === "attribute" && right.childForFieldName("attribute")?.text === "parents") {
      const path = right.childForFieldName("object");
      return path ? containmentFacts(path, host) : [];
    }
    return host.mayBeTainted(right) ? [] : [{ subject: left, clean: ALL_SINKS, needsNormalized: false }];
  }
  if (whenTrue && (operator === "<=" || operator === ">=")) {
    // `set(x) <= ALLOWED`, `ALLOWED >= set(x)`
    const [inner, outer] = operator === "<=" ? [left, right] : [right, left];
    const subject = setArgument(inner, host);
    if (subject) return allowedCharacterFacts(subject, outer, host);
  }
  if (operator === "==" || operator === "!=") {
    if ((operator === "==") !== whenTrue) return [];
    for (const [candidate, other] of [
      [left, right],
      [right, left],
    ] as const) {
      if (
        candidate.type === "call" &&
        COMMON_PATH_FUNCTIONS.has(host.resolver.qualifiedName(candidate.childForFieldName("function")!) ?? "")
      ) {
        const list = callArguments(candidate).positional[0];
        if (!list) return [];
        return namedChildren(unwrapParentheses(list)).flatMap((element) => containmentFacts(element, host));
      }
      if (host.resolver.constantValue(other) !== undefined && !host.mayBeTainted(other)) {
        return [{ subject: candidate, clean: ALL_SINKS, needsNormalized: false }];
      }
    }
  }
  return [];
}

function callFacts(call: SyntaxNode, whenTrue: boolean, host: GuardHost, depth: number): GuardFact[] {
  const callee = call.childForFieldName("function");
  if (!callee) return [];
  const args = callArguments(call);
  const qualified = host.resolver.qualifiedName(callee) ?? "";
  const allowList = characterAllowListFacts(call, args.positional, qualified, whenTrue, host);
  if (allowList.length > 0) return allowList;
  if (!whenTrue) return [...negativeCallFacts(call, qualified, host), ...host.predicateFacts(call, whenTrue, depth)];
  if (REGEX_FUNCTIONS.has(qualified)) {
    const [pattern, subject] = args.positional;
    const patternText = pattern ? host.resolver.constantValue(pattern) : undefined;
    return subject && typeof patternText === "string" && matchesWhole(qualified.split(".")[1], patternText)
      ? [{ subject, clean: ALL_SINKS, needsNormalized: false }]
      : [];
  }
  if (callee.type === "attribute") {
    const method = callee.childForFieldName("attribute")?.text ?? "";
    const receiver = callee.childForFieldName("object");
    if (!receiver) return [];
    if (CHARACTER_CLASS_PREDICATES.has(method))
      return [{ subject: receiver, clean: ALL_SINKS, needsNormalized: false }];
    if (method === "startswith" || method === "is_relative_to") return containmentFacts(receiver, host);
    if (REGEX_METHODS.has(method) && args.positional[0]) {
      const pattern = compiledPattern(receiver, host);
      if (pattern !== undefined && matchesWhole(method, pattern))
        return [{ subject: args.positional[0], clean: ALL_SINKS, needsNormalized: false }];
      return [];
    }
  }
  if (VALIDATOR_PREDICATES.has(qualified) && args.positional[0])
    return [{ subject: args.positional[0], clean: ALL_SINKS, needsNormalized: false }];
  if (qualified === "isinstance" && args.positional.length === 2) {
    const types = unwrapParentheses(args.positional[1]);
    const names = types.type === "tuple" ? namedChildren(types).map((t) => t.text) : [types.text];
    return names.every((name) => SAFE_TYPES.has(name))
      ? [{ subject: args.positional[0], clean: ALL_SINKS, needsNormalized: false }]
      : [];
  }
  return host.predicateFacts(call, whenTrue, depth);
}

/**
 * Character allow-lists: `set(x).issubset(ALLOWED)` and `all(c in ALLOWED for c in x)` holding, or
 * `any(c not in ALLOWED for c in x)` failing, where ALLOWED is constant; the sinks they make x safe for follow from
 * the characters allowed (cleanForCharacters).
 */
function characterAllowListFacts(
  call: SyntaxNode,
  args: readonly SyntaxNode[],
  qualified: string,
  whenTrue: boolean,
  host: GuardHost,
): GuardFact[] {
  const callee = call.childForFieldName("function")!;
  if (whenTrue && callee.type === "attribute" && callee.childForFieldName("attribute")?.text === "issubset") {
    const subject = setArgument(callee.childForFieldName("object")!, host);
    return subject && args[0] ? allowedCharacterFacts(subject, args[0], host) : [];
  }
  if ((qualified !== "all" || !whenTrue) && (qualified !== "any" || whenTrue)) return [];
  const generator = args[0];
  if (generator?.type !== "generator_expression") return [];
  const body = generator.childForFieldName("body");
  const clauses = namedChildren(generator).filter((child) => child.type === "for_in_clause");
  const loop = clauses.length === 1 ? clauses[0] : undefined;
  const element = loop?.childForFieldName("left");
  const subject = loop?.childForFieldName("right");
  if (!body || body.type !== "comparison_operator" || element?.type !== "identifier" || !subject) return [];
  const operands = namedChildren(body);
  const membership = comparisonOperators(body).join(" ");
  if (operands.length !== 2 || unwrapParentheses(operands[0]).text !== element.text) return [];
  if (membership !== (qualified === "all" ? "in" : "not in")) return [];
  return allowedCharacterFacts(subject, operands[1], host);
}

/** `x` of `set(x)` / `frozenset(x)`. */
function setArgument(node: SyntaxNode, host: GuardHost): SyntaxNode | undefined {
  const expression = unwrapParentheses(node);
  if (expression.type !== "call") return undefined;
  const qualified = host.resolver.qualifiedName(expression.childForFieldName("function")!);
  if (qualified !== "set" && qualified !== "frozenset") return undefined;
  const args = callArguments(expression).positional;
  return args.length === 1 ? args[0] : undefined;
}

function allowedCharacterFacts(subject: SyntaxNode, allowed: SyntaxNode, host: GuardHost): GuardFact[] {
  if (host.mayBeTainted(allowed)) return [];
  const characters = constantCharacters(allowed, host, 0);
  const clean = characters ? cleanForCharacters(characters) : 0;
  return clean === 0 ? [] : [{ subject, clean, needsNormalized: false }];
}

/** Every character a constant allow-list may contain: a string, a set/list/tuple of strings, `set("...")`, `string.digits`, unions of those. */
function constantCharacters(node: SyntaxNode, host: GuardHost, depth: number): Set<string> | undefined {
  if (depth > MAX_EXPRESSION_DEPTH) return undefined;
  const expression = unwrapParentheses(node);
  const constant = host.resolver.constantValue(expression);
  if (typeof constant === "string") return new Set(constant);
  const known = STRING_MODULE_CHARACTERS.get(host.resolver.qualifiedName(expression) ?? "");
  if (known !== undefined) return new Set(known);
  const union = (parts: readonly SyntaxNode[]) => {
    const all = new Set<string>();
    for (const part of parts) {
      const characters = constantCharacters(part, host, depth + 1);
      if (!characters) return undefined;
      for (const character of characters) all.add(character);
    }
    return all;
  };
  switch (expression.type) {
    case "identifier": {
      const value = host.resolver.soleValue(expression) ?? host.resolver.soleModuleValue(expression.text);
      return value && value !== expression ? constantCharacters(value, host, depth + 1) : undefined;
    }
    case "set":
    case "list":
    case "tuple":
      return union(namedChildren(expression));
    case "binary_operator": {
      const operator = expression.childForFieldName("operator")?.type;
      const left = expression.childForFieldName("left");
      const right = expression.childForFieldName("right");
      return (operator === "+" || operator === "|") && left && right ? union([left, right]) : undefined;
    }
    case "call": {
      const qualified = host.resolver.qualifiedName(expression.childForFieldName("function")!);
      const args = callArguments(expression).positional;
      return (qualified === "set" || qualified === "frozenset") && args.length === 1 ? union(args) : undefined;
    }
    default:
      return undefined;
  }
}

function cleanForCharacters(characters: ReadonlySet<string>): number {
  const hasAny = (list: string) => [...list].some((character) => characters.has(character));
  const hasLetter = [...characters].some((character) => character.toLowerCase() !== character.toUpperCase());
  let clean = 0;
  if (!hasAny(COMMAND_METACHARACTERS)) clean |= SINK_BIT.command;
  // without letters, nothing can be named: no keyword of SQL, no name to call in code
  if (!hasLetter && !hasAny(SQL_BREAKOUT_CHARACTERS)) clean |= SINK_BIT.sql;
  if (!hasLetter && !hasAny(CODE_BREAKOUT_CHARACTERS)) clean |= SINK_BIT.code;
  if (!hasAny(PATH_SEPARATORS)) clean |= NOT_ABSOLUTE;
  if (!characters.has(".")) clean |= NO_PARENT_SEGMENTS;
  return clean;
}

/** Checks that prove something when they fail: no forbidden character found, not absolute. */
function negativeCallFacts(call: SyntaxNode, qualified: string, host: GuardHost): GuardFact[] {
  const callee = call.childForFieldName("function")!;
  const args = callArguments(call);
  if (qualified === "re.search" || qualified === "re.findall" || qualified === "regex.search") {
    const [pattern, subject] = args.positional;
    const patternText = pattern ? host.resolver.constantValue(pattern) : undefined;
    // re.search(r"[^a-z0-9_-]", name) finding nothing means every character is in the allowed class
    return subject && typeof patternText === "string" && /^\[\^[^\]]+\][+*]?$/.test(patternText)
      ? [{ subject, clean: ALL_SINKS, needsNormalized: false }]
      : [];
  }
  if (qualified === "os.path.isabs" && args.positional[0])
    return [{ subject: args.positional[0], clean: NOT_ABSOLUTE, needsNormalized: false }];
  if (callee.type === "attribute" && callee.childForFieldName("attribute")?.text === "is_absolute") {
    const path = callee.childForFieldName("object");
    return path ? [{ subject: path, clean: NOT_ABSOLUTE, needsNormalized: false }] : [];
  }
  if (callee.type === "attribute" && callee.childForFieldName("attribute")?.text === "startswith") {
    const prefix = args.positional[0] ? host.resolver.constantValue(args.positional[0]) : undefined;
    const receiver = callee.childForFieldName("object");
    if (receiver && (prefix === "/" || prefix === "\\"))
      return [{ subject: receiver, clean: NOT_ABSOLUTE, needsNormalized: false }];
    // a normalized path keeps `..` segments only at its start: not starting with one, it has none
    if (receiver && prefix === "..") return [{ subject: receiver, clean: NO_PARENT_SEGMENTS, needsNormalized: true }];
  }
  return [];
}

/**
 * Checks that raise instead of returning false, proven once a `try` whose handlers all exit is passed:
 * `p.relative_to(base)` (p inside base) and validating conversions such as `ipaddress.ip_address(host)`.
 */
export function raisingCheckFacts(tryBody: SyntaxNode, host: GuardHost): GuardFact[] {
  const facts: GuardFact[] = [];
  for (const call of tryBody.descendantsOfType("call")) {
    const callee = call?.childForFieldName("function");
    if (!call || !callee) continue;
    if (callee.type === "attribute" && callee.childForFieldName("attribute")?.text === "relative_to") {
      facts.push(...containmentFacts(callee.childForFieldName("object")!, host));
    } else if (VALIDATING_CONVERSIONS.has(host.resolver.qualifiedName(callee) ?? "")) {
      const subject = callArguments(call).positional[0];
      if (subject) facts.push({ subject, clean: ALL_SINKS, needsNormalized: false });
    }
  }
  return facts;
}

/** Whether a successful match with this pattern constrains the whole string, not just a prefix or substring. */
function matchesWhole(method: string, pattern: string): boolean {
  if (method === "fullmatch") return true;
  const anchoredEnd = /(\$|\\Z|\\z)$/.test(pattern);
  return method === "match" ? anchoredEnd : anchoredEnd && /^(\^|\\A)/.test(pattern);
}

/** The literal of `PATTERN = re.compile("...")` behind a receiver. */
function compiledPattern(receiver: SyntaxNode, host: GuardHost): string | undefined {
  let expression: SyntaxNode | undefined = unwrapParentheses(receiver);
  if (expression.type === "identifier") expression = host.resolver.soleValue(expression) ?? expression;
  else if (expression.type === "attribute")
    expression = host.resolver.soleModuleValue(expression.childForFieldName("attribute")?.text ?? "") ?? expression;
  if (expression?.type !== "call") return undefined;
  const qualified = host.resolver.qualifiedName(expression.childForFieldName("function")!);
  if (qualified !== "re.compile" && qualified !== "regex.compile") return undefined;
  const literal = callArguments(expression).positional[0];
  const value = literal ? host.resolver.constantValue(literal) : undefined;
  return typeof value === "string" ? value : undefined;
}

/** `X.startswith(base)` and friends: X (or the variables a normalizer call in X was applied to) is contained. */
export function containmentFacts(subject: SyntaxNode, host: GuardHost): GuardFact[] {
  let expression = unwrapParentheses(subject);
  // str(p) / os.fspath(p) keep the path as is
  while (
    expression.type === "call" &&
    ["str", "os.fspath"].includes(host.resolver.qualifiedName(expression.childForFieldName("function")!) ?? "")
  ) {
    const inner = callArguments(expression).positional[0];
    if (!inner) break;
    expression = unwrapParentheses(inner);
  }
  if (expression.type === "call") {
    const callee = expression.childForFieldName("function")!;
    const qualified = host.resolver.qualifiedName(callee) ?? "";
    const method = callee.type === "attribute" ? (callee.childForFieldName("attribute")?.text ?? "") : "";
    const normalizedInput = NORMALIZER_CALLS.has(qualified)
      ? callArguments(expression).positional[0]
      : NORMALIZER_METHODS.has(method)
        ? callee.childForFieldName("object")
        : undefined;
    if (!normalizedInput) return [];
    return variablesIn(normalizedInput).map((variable) => ({ subject: variable, clean: PATH, needsNormalized: false }));
  }
  return [{ subject: expression, clean: PATH, needsNormalized: true }];
}

/** Identifiers (and `self.x`-style attributes) inside an expression, without descending into calls' callees. */
function variablesIn(expression: SyntaxNode): SyntaxNode[] {
  const found: SyntaxNode[] = [];
  const stack = [expression];
  while (stack.length > 0 && found.length < 32) {
    const node = stack.pop()!;
    if (node.type === "identifier") {
      found.push(node);
    } else if (node.type === "attribute" && node.childForFieldName("object")?.type === "identifier") {
      // validating `member.name` vouches for `member` too (tar members, uploaded files)
      found.push(node, node.childForFieldName("object")!);
    } else if (node.type === "call") {
      const argumentList = node.childForFieldName("arguments");
      const callee = node.childForFieldName("function");
      if (argumentList) stack.push(argumentList);
      if (callee?.type === "attribute") stack.push(callee.childForFieldName("object")!);
    } else {
      stack.push(...namedChildren(node));
    }
  }
  return found;
}
