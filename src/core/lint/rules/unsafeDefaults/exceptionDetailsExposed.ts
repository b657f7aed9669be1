import { lastName } from "../../syntax";
import type { SyntaxNode } from "../../tree";
import type { RuleContext } from "../../types";
import { ancestor, defineRule, nodesOfType } from "./helpers";

/** Catch-alls: what they catch can be anything, including errors whose text holds SQL, paths or secrets. */
const BROAD_EXCEPTIONS = new Set(["Exception", "BaseException"]);
/** Builders of HTTP responses/errors across Flask, Django, FastAPI/Starlette, aiohttp. */
const RESPONSE_BUILDERS = new Set([
  "jsonify",
  "make_response",
  "Response",
  "JsonResponse",
  "HttpResponse",
  "HttpResponseServerError",
  "JSONResponse",
  "PlainTextResponse",
  "HTMLResponse",
  "HTTPException",
  "abort",
  "json_response",
  "render_template",
]);
const TRACEBACK_FORMATTERS = new Set([
  "traceback.format_exc",
  "traceback.format_exception",
  "traceback.format_tb",
  "traceback.format_stack",
]);

/** For `except:`, `except Exception:` and `except BaseException as e:`, the name the exception is bound to (if any). */
function broadCatch(clause: SyntaxNode): { variable?: string } | undefined {
  const caught = clause.namedChildren.find((child) => child.type !== "block" && child.type !== "comment");
  if (!caught) return {}; // bare `except:`
  const type = caught.type === "as_pattern" ? caught.firstNamedChild : caught;
  const alias = caught.type === "as_pattern" ? caught.childForFieldName("alias")?.text : undefined;
  return type && BROAD_EXCEPTIONS.has(type.text) ? { variable: alias } : undefined;
}

/** Whether an expression inside the except block ends up in what the client receives. */
function reachesResponse(context: RuleContext, expression: SyntaxNode, clause: SyntaxNode): boolean {
  for (let current = expression.parent; current && !current.equals(clause); current = current.parent) {
    if (current.type === "call") {
      const name = lastName(current.childForFieldName("function"));
      if (name && RESPONSE_BUILDERS.has(name)) return true;
    }
    if (current.type === "return_statement") {
      // what a request handler returns is the response (the framework entry-point tables say which functions are)
      const handler = ancestor(current, "function_definition");
      return handler !== undefined && context.entryPointKind(handler) === "route-parameter";
    }
  }
  return false;
}

/** Reads of the exception (`str(e)`, `f"{e}"`, `e.args`) and traceback formatting calls inside the handler. */
function exceptionDetails(context: RuleContext, block: SyntaxNode, variable: string | undefined): SyntaxNode[] {
  const details: SyntaxNode[] = [];
  if (variable)
    details.push(...block.descendantsOfType("identifier").filter((identifier) => identifier.text === variable));
  for (const call of block.descendantsOfType("call")) {
    const fn = call.childForFieldName("function");
    if (fn && TRACEBACK_FORMATTERS.has(context.qualifiedName(fn) ?? "")) details.push(call);
  }
  return details;
}

export const exceptionDetailsExposed = defineRule(
  {
    id: "exception-details-exposed",
    category: "unsafe-default",
    subkind: "error-details-exposed",
    cwe: 209,
    severity: "medium",
    title: "Exception text or traceback returned to the client",
    description:
      "`except Exception as e: return {'error': str(e)}` sends internal error text to whoever made the request: SQL statements and " +
      "schema names, file paths, library versions, sometimes credentials from connection strings. Tracebacks are worse. Attackers use " +
      "these messages to map and refine injection attacks. Log the exception server-side (logger.exception) and return a generic " +
      "message with an error id.",
  },
  (context, report) => {
    for (const clause of nodesOfType(context, "except_clause")) {
      const broad = broadCatch(clause);
      const block = clause.childForFieldName("body") ?? clause.namedChildren.find((child) => child.type === "block");
      if (!broad || !block) continue;
      for (const detail of exceptionDetails(context, block, broad.variable)) {
        if (!reachesResponse(context, detail, clause)) continue;
        const statement =
          ancestor(detail, ["return_statement", "raise_statement", "expression_statement", "assignment"]) ?? detail;
        report({
          node: statement,
          message: "Exception details are sent to the client; they can reveal SQL, paths and configuration.",
          fixHint:
            'Log it with logger.exception(...) and return a generic error, e.g. {"error": "internal error"}, 500.',
          confidence: "high",
        });
      }
    }
  },
  /\bexcept\b/,
);
