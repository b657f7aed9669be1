import type { SyntaxNode } from "../tree";
import type { CallSite, RuleContext } from "../types";
import { argument, present, taintedSinkRule, type SinkMatch } from "./taintedSink";

/** DB-API cursors/connections, SQLAlchemy sessions/engines, Django managers. */
const QUERY_METHODS = new Set(["execute", "executemany", "executescript", "mogrify", "exec_driver_sql", "raw", "execute_sql"]);
/** asyncpg/databases-style methods whose names are too generic to trust alone: sinks only when given SQL text. */
const FETCH_METHODS = new Set(["fetch", "fetchrow", "fetchval", "fetch_all", "fetch_one", "fetch_val"]);
const SQL_TEXT = /^\s*(SELECT|INSERT|UPDATE|DELETE|WITH|CREATE|DROP|ALTER|TRUNCATE|REPLACE|MERGE)\b/i;

/** Whether a query expression contains a literal fragment that starts like SQL. */
function looksLikeSql(query: SyntaxNode): boolean {
  return query.descendantsOfType(["string_content"]).some((fragment) => SQL_TEXT.test(fragment.text));
}
/** Functions whose first argument is SQL text. */
const QUERY_FUNCTIONS = new Set([
  "sqlalchemy.text", "sqlalchemy.sql.text", "sqlalchemy.sql.expression.text", "pandas.read_sql", "pandas.read_sql_query",
  "django.db.models.expressions.RawSQL", "django.db.models.RawSQL",
]);
/** QuerySet.extra() keywords that are pasted into SQL. */
const EXTRA_KEYWORDS = ["where", "select", "tables", "order_by"];

/** A query that is itself a sink call (`session.execute(text(q))`) is reported once, at the inner call. */
function isReportedInside(query: SyntaxNode, context: RuleContext): boolean {
  if (query.type !== "call") return false;
  const callee = query.childForFieldName("function");
  return callee !== null && QUERY_FUNCTIONS.has(context.qualifiedName(callee) ?? "");
}

function match(call: CallSite, context: RuleContext): SinkMatch | undefined {
  if (QUERY_FUNCTIONS.has(call.callee)) {
    return { inputs: present(argument(call, 0, "sql") ?? call.keywords.get("text") ?? call.keywords.get("query")), display: `${call.callee}()`, wrapperAllowed: true };
  }
  if (!call.receiver) return undefined;
  if (FETCH_METHODS.has(call.methodName)) {
    const query = argument(call, 0, "query");
    return query && looksLikeSql(query) ? { inputs: [query], display: `${call.methodName}()`, wrapperAllowed: true } : undefined;
  }
  if (QUERY_METHODS.has(call.methodName)) {
    const query = argument(call, 0, "sql") ?? call.keywords.get("operation") ?? call.keywords.get("query") ?? call.keywords.get("statement") ?? call.keywords.get("raw_query");
    if (!query || isReportedInside(query, context)) return undefined;
    return { inputs: [query], display: `${call.methodName}()`, wrapperAllowed: true };
  }
  if (call.methodName === "extra") {
    return { inputs: present(...call.positional, ...EXTRA_KEYWORDS.map((keyword) => call.keywords.get(keyword))), display: "QuerySet.extra()", wrapperAllowed: true };
  }
  return undefined;
}

export const sqlInjectionRule = taintedSinkRule({
  meta: {
    id: "sql-injection",
    category: "sql-injection",
    cwe: 89,
    severity: "high",
    title: "SQL injection",
    description:
      "SQL text built from untrusted input (f-strings, %, .format, +) lets an attacker change the query: read other rows, bypass login checks or drop tables. Keep the SQL constant and pass values separately as parameters: cursor.execute(\"SELECT * FROM users WHERE name = %s\", (name,)) (placeholder style depends on the driver: ?, %s or :name). Identifiers (table/column names) must come from an allow-list or psycopg2.sql.Identifier.",
  },
  kind: "sql",
  match,
  fixHint: "Use a constant query with placeholders and pass the values as the parameters argument, e.g. execute(\"... WHERE id = %s\", (value,)).",
});
