import type { SyntaxNode } from "../tree";
import { isKnownLibraryFunction } from "../dataflow/unknown";
import { present, unwrapParentheses } from "../syntax";
import type { CallSite, RuleContext } from "../types";
import { argument, taintedSinkRule, type SinkMatch } from "./taintedSink";
import { formattedArgument, isFormattedString, isUnseenHelper, looksLikeSql } from "./unseenHelpers";

/** DB-API cursors/connections, SQLAlchemy sessions/engines, Django managers. */
const QUERY_METHODS = new Set([
  "execute",
  "executemany",
  "executescript",
  "mogrify",
  "exec_driver_sql",
  "raw",
  "execute_sql",
]);
/**
 * Methods whose names are too generic to trust alone: sinks when called on an asyncpg/pg8000 connection or pool,
 * or when given SQL text (in the call or in the variable passed). Besides asyncpg/databases/pg8000: web.py,
 * records and PyGreSQL `db.query`, Frappe's `frappe.db.sql`, SQLModel's `session.exec`, SQLAlchemy's and aiopg's
 * `conn.scalar(...)`, and the project helpers named like them (`execute_query`, `run_query`).
 */
const FETCH_METHODS = new Set([
  "query",
  "sql",
  "exec",
  "execute_query",
  "run_query",
  "fetch",
  "fetchrow",
  "fetchval",
  "fetch_all",
  "fetch_one",
  "fetch_val",
  "cursor",
  "prepare",
  "copy_from_query",
  "run",
  "scalar",
  "scalars",
]);
/** Drivers whose connection/pool methods above take SQL as their first argument. */
const SQL_DRIVER_PREFIXES = ["asyncpg.", "pg8000.", "databases."];

/** SQL text in the query or, for a variable, in a value it may hold at the call (or first held, when built up). */
function carriesSqlText(query: SyntaxNode, context: RuleContext): boolean {
  if (looksLikeSql(query)) return true;
  if (query.type !== "identifier") return false;
  // a query built up with `+=` starts as its first assignment does
  return (context.possibleValues(query) ?? context.builtUpValues(query)?.assigned ?? []).some(looksLikeSql);
}

/** Whether an object comes from an SQL driver: `await asyncpg.connect()`, `pool.acquire()` of such a pool. */
function fromSqlDriver(expression: SyntaxNode, context: RuleContext, depth = 0): boolean {
  if (depth > 4) return false;
  let node = expression;
  while (node.type === "await" || node.type === "parenthesized_expression") node = node.firstNamedChild ?? node;
  const qualified = context.qualifiedName(node) ?? "";
  if (SQL_DRIVER_PREFIXES.some((prefix) => qualified.startsWith(prefix))) return true;
  if (node.type === "call") {
    const callee = node.childForFieldName("function");
    const object = callee?.type === "attribute" ? callee.childForFieldName("object") : null;
    return object ? fromSqlDriver(object, context, depth + 1) : false;
  }
  if (node.type === "identifier") {
    return (context.possibleValues(node) ?? []).some(
      (value) => !value.equals(node) && fromSqlDriver(value, context, depth + 1),
    );
  }
  return false;
}
/** Functions whose first argument is SQL text. */
const QUERY_FUNCTIONS = new Set([
  "sqlalchemy.text",
  "sqlalchemy.sql.text",
  "sqlalchemy.sql.expression.text",
  "pandas.read_sql",
  "pandas.read_sql_query",
  "django.db.models.expressions.RawSQL",
  "django.db.models.RawSQL",
  "sqlalchemy.TextClause",
  "sqlalchemy.sql.TextClause",
  "sqlalchemy.sql.expression.TextClause",
  "sqlalchemy.sql.elements.TextClause",
  "flask_sqlalchemy.SQLAlchemy().text",
  "psycopg2.sql.SQL",
  "psycopg.sql.SQL",
]);
/** SQLAlchemy Query/Select methods that take a raw SQL fragment when given a string instead of column expressions. */
const CLAUSE_METHODS = new Set(["filter", "where", "order_by", "group_by", "having", "distinct"]);

/** A method chain through a Django model's manager (`Item.objects.filter(...).exclude(...)`): a queryset. */
function isDjangoQuerySet(receiver: SyntaxNode): boolean {
  for (let node: SyntaxNode | null = unwrapParentheses(receiver); node;) {
    if (node.type === "call") node = node.childForFieldName("function");
    else if (node.type !== "attribute") return false;
    else if (node.childForFieldName("attribute")?.text === "objects") return true;
    else node = node.childForFieldName("object");
  }
  return false;
}

/**
 * Words of a function's name that say it runs or fetches a query (`queryOne`, `db_execute`, `insertDB`, `_query`, `db.add`):
 * a project helper whose body this file does not show, handed SQL text built by formatting, runs it.
 */
const QUERY_HELPER_WORDS = new Set([
  "query",
  "sql",
  "exec",
  "execute",
  "fetch",
  "db",
  "select",
  "insert",
  "update",
  "delete",
  "run",
  "command",
  "get",
  "add",
]);
/** A helper's query is its first or second argument (`run_query(sql)`, `query_one(cursor, sql)`). */
const HELPER_QUERY_POSITIONS = 2;

/** The SQL text, built by formatting, that a call of an unseen query helper is given. */
function queryGivenToHelper(call: CallSite, context: RuleContext): SyntaxNode | undefined {
  if (!isUnseenHelper(call, QUERY_HELPER_WORDS, context)) return undefined;
  return formattedArgument(call, HELPER_QUERY_POSITIONS, context, looksLikeSql);
}

function isOwnMethodCall(call: CallSite, context: RuleContext): boolean {
  const receiver = call.receiver && unwrapParentheses(call.receiver);
  return (
    receiver?.type === "identifier" &&
    (receiver.text === "self" || receiver.text === "cls") &&
    context.definesFunction(call.methodName)
  );
}

/** Keywords a query's bound values are passed by (`execute(sql, params=...)`). */
const PARAMETER_KEYWORDS = ["params", "parameters", "args", "vars", "values", "bind", "binds"];

/**
 * A query handed to a sink. Values of unknown origin formatted into it count, as Bandit's B608 counts them, unless
 * the call also binds values (`execute("SELECT * FROM %s WHERE id = ?" % TABLE, (uid,))`): a query that binds its
 * values and formats in only configuration (a table name) is built the way it should be.
 */
function queryMatch(call: CallSite, query: SyntaxNode): SinkMatch {
  const position = call.positional.indexOf(query);
  const bindsValues =
    (position >= 0 && call.positional.length > position + 1) ||
    PARAMETER_KEYWORDS.some((keyword) => call.keywords.has(keyword));
  return {
    inputs: [query],
    display: `${call.methodName}()`,
    wrapperAllowed: true,
    ...(bindsValues ? {} : { unknownSources: "formatted" as const }),
  };
}

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
    return {
      inputs: present(argument(call, 0, "sql") ?? call.keywords.get("text") ?? call.keywords.get("query")),
      display: `${call.callee}()`,
      wrapperAllowed: true,
      unknownSources: "formatted",
    };
  }
  if (!call.receiver) {
    const helperQuery = queryGivenToHelper(call, context);
    return helperQuery ? queryMatch(call, helperQuery) : undefined;
  }
  // `self.execute(job)` in a class that defines `execute`: its own method, whose body the data flow reads
  if (isOwnMethodCall(call, context)) return undefined;
  if (FETCH_METHODS.has(call.methodName)) {
    // a module's function (`subprocess.run(argv)`), not a connection's method
    if (!call.callee.includes("()") && isKnownLibraryFunction(call.callee)) return undefined;
    const query = argument(call, 0, "query");
    if (!query || (!carriesSqlText(query, context) && !fromSqlDriver(call.receiver, context))) return undefined;
    return queryMatch(call, query);
  }
  if (QUERY_METHODS.has(call.methodName)) {
    const query =
      argument(call, 0, "sql") ??
      call.keywords.get("operation") ??
      call.keywords.get("query") ??
      call.keywords.get("statement") ??
      call.keywords.get("raw_query");
    if (!query || isReportedInside(query, context)) return undefined;
    return queryMatch(call, query);
  }
  if (CLAUSE_METHODS.has(call.methodName)) {
    // session.query(User).filter("name = '%s'" % name): a text fragment pasted into the statement (Django
    // querysets take no positional strings there)
    const clause = call.positional[0];
    if (!clause || !isFormattedString(clause) || isDjangoQuerySet(call.receiver)) return undefined;
    return { inputs: [clause], display: `${call.methodName}()`, wrapperAllowed: true, unknownSources: "formatted" };
  }
  const helperQuery = queryGivenToHelper(call, context);
  if (helperQuery) return queryMatch(call, helperQuery);
  if (call.methodName === "extra") {
    return {
      inputs: present(...call.positional, ...EXTRA_KEYWORDS.map((keyword) => call.keywords.get(keyword))),
      display: "QuerySet.extra()",
      wrapperAllowed: true,
      unknownSources: "formatted",
    };
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
      'SQL text built from untrusted input (f-strings, %, .format, +) lets an attacker change the query: read other rows, bypass login checks or drop tables. Keep the SQL constant and pass values separately as parameters: cursor.execute("SELECT * FROM users WHERE name = %s", (name,)) (placeholder style depends on the driver: ?, %s or :name). Identifiers (table/column names) must come from an allow-list or psycopg2.sql.Identifier.',
  },
  kind: "sql",
  match,
  fixHint:
    'Use a constant query with placeholders and pass the values as the parameters argument, e.g. execute("... WHERE id = %s", (value,)).',
});
