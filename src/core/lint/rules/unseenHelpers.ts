import { isBuiltinName, isKnownLibraryFunction } from "../dataflow/unknown";
import { unwrapParentheses } from "../syntax";
import type { SyntaxNode } from "../tree";
import type { CallSite, RuleContext } from "../types";
import { identifierWords } from "./unsafeDefaults/helpers";

/**
 * Calls of project helpers whose bodies the file does not show (`db_execute(sql)`, `self._run_ssh(cmd)`): what a
 * helper does with a string is read from the words of its name, when the string handed to it was built by formatting.
 */

/**
 * A call of a function this file does not define, not a builtin nor of a known library, with a word of `words` in its
 * name. A CapWords name is a class (`DistutilsExecError(...)`), not a helper that runs what it is given.
 */
export function isUnseenHelper(call: CallSite, words: ReadonlySet<string>, context: RuleContext): boolean {
  const first = call.methodName.charAt(0);
  return (
    first === first.toLowerCase() &&
    !isBuiltinName(call.callee) &&
    !isKnownLibraryFunction(call.callee) &&
    !context.definesFunction(call.methodName) &&
    identifierWords(call.methodName).some((word) => words.has(word))
  );
}

/** Among the first `positions` arguments, one built by formatting (or a name that may hold such a value) that `accepts`. */
export function formattedArgument(
  call: CallSite,
  positions: number,
  context: RuleContext,
  accepts: (value: SyntaxNode) => boolean,
): SyntaxNode | undefined {
  return call.positional.slice(0, positions).find((argument) => {
    if (argument.type !== "identifier") return isFormattedString(unwrapParentheses(argument)) && accepts(argument);
    const values = context.possibleValues(argument);
    if (values) return values.some((value) => isFormattedString(unwrapParentheses(value)) && accepts(value));
    // `cmd = "ls "; cmd += name`: formatted when a part is, or when text is appended to a string
    const built = context.builtUpValues(argument);
    if (!built || !built.assigned.some(accepts)) return false;
    const parts = [...built.assigned, ...built.appended].map(unwrapParentheses);
    return (
      parts.some(isFormattedString) ||
      (built.assigned.some((value) => isStringValued(unwrapParentheses(value))) &&
        built.appended.some((value) => !isStringValued(unwrapParentheses(value))))
    );
  });
}

/**
 * A string built by formatting (f-string, `%`, `.format`, or `+` with a string on either side: `verb + " -v"`,
 * `verb + "".join(args)`), as opposed to a column expression or a constant name.
 */
export function isFormattedString(node: SyntaxNode): boolean {
  if (node.type === "string" || node.type === "concatenated_string")
    return node.descendantsOfType("interpolation").length > 0;
  if (node.type === "binary_operator") {
    const operator = node.childForFieldName("operator")?.type;
    const sides = [node.childForFieldName("left"), node.childForFieldName("right")];
    if (operator === "%") return sides[0] !== null && isStringValued(sides[0]);
    return operator === "+" && sides.some((side) => side !== null && isStringValued(side));
  }
  return isStringMethodCall(node, "format");
}

/** A string literal, or a string built from one. */
function isStringValued(node: SyntaxNode): boolean {
  return (
    node.type === "string" ||
    node.type === "concatenated_string" ||
    isFormattedString(node) ||
    isStringMethodCall(node, "join")
  );
}

/** `"...".format(...)`, `" ".join(...)`, `("..." "...").format(...)`: a method of a string literal. */
function isStringMethodCall(node: SyntaxNode, method: string): boolean {
  if (node.type !== "call") return false;
  const callee = node.childForFieldName("function");
  const receiver = callee?.childForFieldName("object");
  return (
    callee?.type === "attribute" &&
    callee.childForFieldName("attribute")?.text === method &&
    receiver != null &&
    ["string", "concatenated_string"].includes(unwrapParentheses(receiver).type)
  );
}

const SQL_TEXT = /^\s*(SELECT|INSERT|UPDATE|DELETE|WITH|CREATE|DROP|ALTER|TRUNCATE|REPLACE|MERGE)\b/i;

/** Whether a query expression contains a literal fragment that starts like SQL. */
export function looksLikeSql(query: SyntaxNode): boolean {
  return query.descendantsOfType(["string_content"]).some((fragment) => SQL_TEXT.test(fragment.text));
}
