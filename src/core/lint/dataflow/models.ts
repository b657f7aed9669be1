import type { NameResolver } from "../names";
import { boundIdentifiers, enclosingFunction, namedChildren, unwrapParentheses } from "../syntax";
import type { SyntaxNode } from "../tree";
import type { SourceKind, TaintSource } from "../types";
import { ALL_SINKS, SINK_BIT } from "./taint";

/**
 * What the data-flow analysis knows about library APIs, as tables keyed by import-resolved names.
 * Kept declarative so adding a framework is a data change, not a code change.
 */

/**
 * What a source table says of a source: its kind (for rules) and its description (for the message); for request
 * data, the request's attribute it was read from (`path` of `request.path.split("/")`).
 */
export type SourceOrigin = Pick<TaintSource, "kind" | "description"> & { requestAttribute?: string };

/** Attributes of a request object that carry client-controlled data (Flask, Django, FastAPI/Starlette, bottle, aiohttp `await request.post()`). */
const REQUEST_DATA_ATTRIBUTES = new Set([
  "args",
  "form",
  "values",
  "json",
  "data",
  "cookies",
  "headers",
  "get_json",
  "get_data",
  "stream",
  "path",
  "full_path",
  "url",
  "query_string",
  "view_args",
  "environ",
  "GET",
  "POST",
  "COOKIES",
  "META",
  "body",
  "query_params",
  "path_params",
  "match_info",
  "query",
  "forms",
  "params",
  "content",
  "text",
  "rel_url",
  "matchdict",
  "json_body",
  "media",
  "get_param",
  "get_param_as_list",
  "input_stream",
  "post",
  "multipart",
  // webapp2 / dict-like request objects: request.get("name")
  "get",
]);

/** Attributes of a request object holding uploaded files (Flask/Werkzeug `FileStorage`, Django `UploadedFile`). */
const UPLOADED_FILE_ATTRIBUTES = new Set(["files", "FILES", "uploaded_file"]);

const origin = (kind: SourceKind, description: string): SourceOrigin => ({ kind, description });

const SOURCE_ATTRIBUTES: ReadonlyMap<string, SourceOrigin> = new Map([
  ["sys.argv", origin("cli-argument", "sys.argv")],
  ["os.environ", origin("environment", "os.environ")],
  ["os.environb", origin("environment", "os.environ")],
  ["sys.stdin", origin("console-input", "stdin")],
]);

const SOURCE_CALLS: ReadonlyMap<string, SourceOrigin> = new Map([
  ["input", origin("console-input", "input()")],
  ["raw_input", origin("console-input", "raw_input()")],
  ["os.getenv", origin("environment", "environment variable (os.getenv)")],
  ["os.getenvb", origin("environment", "environment variable (os.getenvb)")],
  ["fileinput.input", origin("file-contents", "file contents (fileinput)")],
]);

const SOURCE_METHODS: ReadonlyMap<string, SourceOrigin> = new Map([
  ["recv", origin("network", "socket data (recv())")],
  ["recvfrom", origin("network", "socket data (recvfrom())")],
  ["recvmsg", origin("network", "socket data (recvmsg())")],
  ["parse_args", origin("cli-argument", "command-line arguments (argparse)")],
  ["parse_known_args", origin("cli-argument", "command-line arguments (argparse)")],
  ["get_argument", origin("request-data", "request argument (get_argument())")],
  ["get_arguments", origin("request-data", "request argument (get_arguments())")],
  ["get_query_argument", origin("request-data", "request argument (get_query_argument())")],
  ["get_body_argument", origin("request-data", "request argument (get_body_argument())")],
  ["get_query_arguments", origin("request-data", "request argument (get_query_arguments())")],
  ["get_body_arguments", origin("request-data", "request argument (get_body_arguments())")],
  ["getmembers", origin("archive-member", "archive member names (getmembers())")],
  ["getnames", origin("archive-member", "archive member names (getnames())")],
  ["namelist", origin("archive-member", "archive member names (namelist())")],
  ["infolist", origin("archive-member", "archive member names (infolist())")],
  ["read_text", origin("file-contents", "file contents (read_text())")],
  ["read_bytes", origin("file-contents", "file contents (read_bytes())")],
]);

/** Calls that open a file: their result is untrusted file contents unless the path is a literal (the app's own file). */
export const FILE_OPENERS = new Set(["open", "io.open", "codecs.open"]);

export function sourceOfAttribute(qualifiedName: string): SourceOrigin | undefined {
  const direct = SOURCE_ATTRIBUTES.get(qualifiedName);
  if (direct) return direct;
  const parts = qualifiedName.split(".");
  for (let index = 0; index + 1 < parts.length; index++) {
    if (parts[index] !== "request" && parts[index] !== "req") continue;
    const attribute = parts[index + 1];
    if (REQUEST_DATA_ATTRIBUTES.has(attribute))
      return { ...origin("request-data", `request.${attribute}`), requestAttribute: attribute };
    if (UPLOADED_FILE_ATTRIBUTES.has(attribute)) return origin("uploaded-file", `request.${attribute}`);
  }
  return undefined;
}

export function sourceOfCall(qualifiedName: string, methodName: string, isMethod: boolean): SourceOrigin | undefined {
  return SOURCE_CALLS.get(qualifiedName) ?? (isMethod ? SOURCE_METHODS.get(methodName) : undefined);
}

const PATH = SINK_BIT.path;
const SQL = SINK_BIT.sql;
const COMMAND = SINK_BIT.command;

/** Calls whose result is safe for the given sinks whatever the input (conversions, escaping, hashing, predicates). */
const SANITIZER_CALLS: ReadonlyMap<string, number> = new Map([
  ...[
    "int",
    "float",
    "bool",
    "len",
    "abs",
    "round",
    "hash",
    "ord",
    "id",
    "isinstance",
    "callable",
    "complex",
    "uuid.UUID",
    "decimal.Decimal",
    "ipaddress.ip_address",
    "ipaddress.ip_network",
    "werkzeug.utils.secure_filename",
    "werkzeug.secure_filename",
    // the bare names (a view shown without its imports, like `slugify` below): Werkzeug's names, and meant as such
    "secure_filename",
    "django.utils.text.slugify",
    "slugify.slugify",
    "slugify",
    "hmac.compare_digest",
    "os.path.exists",
    "os.path.isfile",
    "os.path.isdir",
    "os.path.islink",
    "os.path.getsize",
    "os.path.getmtime",
    "os.path.isabs",
    "secrets.compare_digest",
    // database lookups return stored rows, not the key that selected them
    "django.shortcuts.get_object_or_404",
    "django.shortcuts.get_list_or_404",
  ].map((name) => [name, ALL_SINKS] as const),
  ...[
    "os.path.basename",
    "posixpath.basename",
    "ntpath.basename",
    "werkzeug.utils.safe_join",
    "werkzeug.security.safe_join",
    "flask.safe_join",
    "flask.helpers.safe_join",
    "safe_join",
  ].map((name) => [name, PATH] as const),
  ...["shlex.quote", "pipes.quote", "shlex.join"].map((name) => [name, COMMAND] as const),
  ...[
    "psycopg2.sql.Identifier",
    "psycopg2.sql.Literal",
    "psycopg.sql.Identifier",
    "psycopg.sql.Literal",
    "sqlalchemy.bindparam",
  ].map((name) => [name, SQL] as const),
]);

/** Module prefixes whose functions return digests, numbers or times, never the input text. */
const SANITIZER_PREFIXES = ["hashlib.", "datetime.", "time.", "math.", "secrets."];

/** Methods whose result carries no text of the receiver (predicates, positions, counts, digests). */
const SANITIZER_METHODS: ReadonlyMap<string, number> = new Map([
  ...[
    "startswith",
    "endswith",
    "isalnum",
    "isalpha",
    "isdigit",
    "isdecimal",
    "isnumeric",
    "isidentifier",
    "islower",
    "isupper",
    "isspace",
    "isascii",
    "exists",
    "is_file",
    "is_dir",
    "is_relative_to",
    "is_absolute",
    "count",
    "find",
    "rfind",
    "index",
    "rindex",
    "hexdigest",
    "digest",
    "samefile",
  ].map((name) => [name, ALL_SINKS] as const),
  ["escape_string", SQL],
  ["escape_identifier", SQL],
  ["escape_literal", SQL],
]);

/**
 * Methods of a library's objects that bind the values handed to them as query parameters: what they return holds
 * no text of those values. Matched on the object's library (the qualified name's prefix), whatever built the object.
 */
const BINDING_METHODS: readonly { prefix: string; methods: ReadonlySet<string>; kinds: number }[] = [
  // SQLAlchemy statements: insert(books).values(title=t), books.update().values(...), select(Book).filter_by(id=i)
  { prefix: "sqlalchemy.", methods: new Set(["values", "filter_by"]), kinds: SQL },
  // text("... :name").bindparams(name=v): the name is SQLAlchemy's alone, so whatever the receiver resolves to (code
  // shown without its `from sqlalchemy import sql`)
  { prefix: "", methods: new Set(["bindparams"]), kinds: SQL },
];

export function sanitizerBits(qualifiedName: string, methodName: string, isMethod: boolean): number {
  const exact = SANITIZER_CALLS.get(qualifiedName);
  if (exact !== undefined) return exact;
  if (SANITIZER_PREFIXES.some((prefix) => qualifiedName.startsWith(prefix)) && !qualifiedName.includes("()"))
    return ALL_SINKS;
  const binding = isMethod
    ? BINDING_METHODS.find((entry) => qualifiedName.startsWith(entry.prefix) && entry.methods.has(methodName))
    : undefined;
  // methods, and imported functions of the same name (`from pymysql.converters import escape_string`)
  const named =
    isMethod || qualifiedName.includes(".")
      ? (SANITIZER_METHODS.get(methodName) ?? SANITIZER_METHODS.get(qualifiedName.split(".").pop()!) ?? 0)
      : 0;
  return named | (binding?.kinds ?? 0);
}

/** Path normalizers: a later containment check on their result is a real traversal guard. */
export const NORMALIZER_CALLS = new Set([
  "os.path.realpath",
  "os.path.abspath",
  "os.path.normpath",
  "posixpath.realpath",
  "posixpath.abspath",
  "posixpath.normpath",
]);
export const NORMALIZER_METHODS = new Set(["resolve"]);

/**
 * Lookups and queries: the result comes from the container or the database, the arguments only select
 * (`ALLOWED.get(name)`, `Product.objects.filter(name=name)`, `cursor.execute(q).fetchall()`).
 */
export const LOOKUP_METHODS = new Set([
  "get",
  "pop",
  "setdefault",
  "getlist",
  "filter",
  "filter_by",
  "exclude",
  "get_or_404",
  "first_or_404",
  "get_object_or_404",
  "execute",
  "executemany",
  "fetchone",
  "fetchall",
  "fetchmany",
  "fetchval",
  "fetchrow",
  "fetch",
  "scalar",
  "scalars",
  "query",
]);

/** In-place mutators: `parts.append(x)` makes `parts` carry x. */
export const MUTATING_METHODS = new Set([
  "append",
  "extend",
  "insert",
  "add",
  "update",
  "appendleft",
  "extendleft",
  "write",
  "writelines",
]);

/**
 * A method of a store that keeps values under keys the code names, as a dict does (dictionary content flow): a value
 * set under one key is read back under that key only. `key`: the positional arguments that together make the key;
 * `value`: a store's value argument (a read has none); `caseFolded`: key arguments compared without case.
 */
export interface KeyedAccess {
  key: readonly number[];
  value?: number;
  caseFolded?: readonly number[];
}

/** configparser's parsers: `set(section, option, value)` / `get(section, option)`; option names are case-folded. */
const CONFIG_PARSERS = ["configparser.ConfigParser", "configparser.RawConfigParser", "configparser.SafeConfigParser"];

/** Qualified instance methods (`configparser.ConfigParser().set`) → how they store or read under a key. */
export const KEYED_ACCESS: ReadonlyMap<string, KeyedAccess> = new Map(
  CONFIG_PARSERS.flatMap((parser) => [
    [`${parser}().set`, { key: [0, 1], value: 2, caseFolded: [1] }],
    [`${parser}().get`, { key: [0, 1], caseFolded: [1] }],
  ]),
);

/** Calls that never return: a branch ending in one does not reach the code after the `if`. */
const TERMINATING_CALLS = new Set([
  "abort",
  "flask.abort",
  "bottle.abort",
  "sys.exit",
  "exit",
  "quit",
  "os._exit",
  "os.abort",
  "pytest.fail",
  "pytest.skip",
]);

export function isTerminatingCall(qualifiedName: string, methodName: string): boolean {
  return TERMINATING_CALLS.has(qualifiedName) || methodName === "abort";
}

/** Command-line parsers returning `(pairs, operands)` whose pairs are `(option, value)` with a declared option. */
const OPTION_PAIR_PARSERS = new Set(["getopt.getopt", "getopt.gnu_getopt"]);

/**
 * Whether a loop iterates `(option, value)` pairs of getopt (`opts, args = getopt.getopt(...)`; `for opt, arg in opts`):
 * the option is one of the names the program declared, only the value is the user's.
 */
export function iteratesOptionPairs(iterable: SyntaxNode, resolver: NameResolver): boolean {
  const node = unwrapParentheses(iterable);
  const isParser = (call: SyntaxNode | null | undefined): boolean => {
    const callee = call?.type === "call" ? call.childForFieldName("function") : undefined;
    return callee !== undefined && callee !== null && OPTION_PAIR_PARSERS.has(resolver.qualifiedName(callee) ?? "");
  };
  if (node.type === "subscript")
    return node.childForFieldName("subscript")?.text === "0" && isParser(node.childForFieldName("value"));
  if (node.type !== "identifier") return false;
  // every assignment of the name in the loop's function (or module) unpacks a getopt result
  const scope = enclosingFunction(node) ?? node.tree.rootNode;
  let found = false;
  for (const assignment of scope.descendantsOfType("assignment")) {
    const left = assignment.childForFieldName("left");
    if (!left || !boundIdentifiers(left).some((identifier) => identifier.text === node.text)) continue;
    const first = left.type === "pattern_list" || left.type === "tuple_pattern" ? namedChildren(left)[0] : undefined;
    if (first?.type !== "identifier" || first.text !== node.text || !isParser(assignment.childForFieldName("right")))
      return false;
    found = true;
  }
  return found;
}
