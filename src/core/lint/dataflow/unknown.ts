/**
 * Values of unknown origin ("weak" taint): names the file never binds (undefined globals, names from elsewhere)
 * and results of calls the analysis knows nothing about (`something()`, `req.FormValue("age")`, a third-party
 * library's function). They are not shown to be user input, so only sinks that opt in report them (string-built
 * SQL, as Bandit's B608 does), at low confidence. Python builtins, the standard library's functions and the
 * string/collection methods are known: they pass their inputs' taint through and add none of their own.
 */

/** Names Python provides without an import. Exceptions and warnings are matched by shape (isBuiltinName). */
const BUILTIN_NAMES = new Set([
  "abs", "aiter", "all", "anext", "any", "ascii", "bin", "bool", "breakpoint", "bytearray", "bytes", "callable", "chr",
  "classmethod", "compile", "complex", "copyright", "credits", "delattr", "dict", "dir", "divmod", "enumerate", "eval",
  "exec", "exit", "filter", "float", "format", "frozenset", "getattr", "globals", "hasattr", "hash", "help", "hex", "id",
  "input", "int", "isinstance", "issubclass", "iter", "len", "license", "list", "locals", "map", "max", "memoryview",
  "min", "next", "object", "oct", "open", "ord", "pow", "print", "property", "quit", "range", "repr", "reversed", "round",
  "set", "setattr", "slice", "sorted", "staticmethod", "str", "sum", "super", "tuple", "type", "vars", "zip", "unicode",
  "basestring", "long", "xrange", "raw_input", "reduce", "file", "cmp", "execfile", "reload", "__import__", "__name__",
  "__file__", "__doc__", "__package__", "__spec__", "__loader__", "__builtins__", "__debug__", "__class__", "__dict__",
  "__all__", "__path__", "__version__", "NotImplemented", "Ellipsis", "self", "cls",
]);

export function isBuiltinName(name: string): boolean {
  return BUILTIN_NAMES.has(name) || /^[A-Z]\w*(Error|Exception|Warning|Exit|Interrupt|Iteration)$/.test(name);
}

/** Standard-library top-level modules: their functions compute from their arguments (or are modelled as sources). */
const STDLIB_MODULES = new Set([
  "abc", "argparse", "array", "ast", "asyncio", "base64", "binascii", "bisect", "builtins", "bz2", "calendar", "cgi",
  "codecs", "collections", "colorsys", "configparser", "contextlib", "contextvars", "copy", "csv", "ctypes", "dataclasses",
  "datetime", "decimal", "difflib", "dis", "email", "enum", "errno", "fnmatch", "fractions", "functools", "gc", "getpass",
  "gettext", "glob", "gzip", "hashlib", "heapq", "hmac", "html", "http", "importlib", "inspect", "io", "ipaddress",
  "itertools", "json", "keyword", "locale", "logging", "lzma", "marshal", "math", "mimetypes", "multiprocessing",
  "numbers", "operator", "os", "pathlib", "pickle", "platform", "pprint", "queue", "random", "re", "secrets", "select",
  "shlex", "shutil", "signal", "socket", "sqlite3", "ssl", "stat", "statistics", "string", "struct", "subprocess", "sys",
  "sysconfig", "tarfile", "tempfile", "textwrap", "threading", "time", "timeit", "token", "tokenize", "traceback",
  "types", "typing", "unicodedata", "unittest", "urllib", "uuid", "warnings", "weakref", "xml", "zipfile", "zlib",
  "posixpath", "ntpath", "genericpath", "typing_extensions",
]);

/** Query builders whose objects are SQL made safe by construction (composed identifiers, bound parameters). */
const QUERY_BUILDER_PREFIXES = ["psycopg2.sql.", "psycopg.sql.", "sqlalchemy.", "django.db.models."];

/** Functions whose results are computed from their arguments only: the standard library and query builders. */
export function isKnownLibraryFunction(qualifiedName: string): boolean {
  return STDLIB_MODULES.has(qualifiedName.split(".", 1)[0]!) || QUERY_BUILDER_PREFIXES.some((prefix) => qualifiedName.startsWith(prefix));
}

/**
 * Methods of str/bytes/list/dict/set whose result is made of the receiver and the arguments only (or of
 * neither): they propagate taint and are not unknown sources themselves.
 */
export const TEXT_METHODS = new Set([
  "format", "format_map", "join", "replace", "strip", "lstrip", "rstrip", "lower", "upper", "title", "capitalize",
  "casefold", "swapcase", "split", "rsplit", "splitlines", "partition", "rpartition", "encode", "decode", "zfill",
  "ljust", "rjust", "center", "expandtabs", "translate", "removeprefix", "removesuffix", "copy", "keys", "values",
  "items", "get", "pop", "setdefault", "getlist", "append", "extend", "insert", "update", "add", "__str__", "__repr__",
  "sort", "reverse", "index", "count", "find", "rfind", "startswith", "endswith",
]);
