import { defineRule, importStatements, rootModule } from "../unsafeDefaults/helpers";

/**
 * Modules whose generated usage needs no manual review. Phi-2's model card names typing, math, random, collections, datetime and
 * itertools as the APIs its training data covers well; the rest are pure-computation standard-library modules with the same
 * profile: no file system, processes, network, deserialization of external data, native memory or dynamic code, so a misuse gives
 * a wrong result rather than a security exposure, and their APIs have been stable for many Python releases.
 * (random's security misuse is covered by insecure-random-for-secrets.)
 */
export const REVIEWED_MODULES: ReadonlySet<string> = new Set([
  // Phi-2 model card
  "typing",
  "math",
  "random",
  "collections",
  "datetime",
  "itertools",
  // pure computation and data structures
  "functools",
  "operator",
  "heapq",
  "bisect",
  "copy",
  "statistics",
  "decimal",
  "fractions",
  "numbers",
  "cmath",
  "array",
  "graphlib",
  // declarations and typing helpers
  "dataclasses",
  "enum",
  "abc",
  "typing_extensions",
  "contextlib",
  "types",
  "__future__",
  // text processing on in-memory strings
  "re",
  "string",
  "textwrap",
  "json",
  "difflib",
  "unicodedata",
  "pprint",
  "calendar",
  "zoneinfo",
]);

/** Python 3.11's sys.stdlib_module_names (public ones): anything else is a third-party or local package. */
const STANDARD_LIBRARY = new Set(
  (
    "abc aifc argparse array ast asynchat asyncio asyncore atexit audioop base64 bdb binascii bisect builtins bz2 cProfile calendar cgi " +
    "cgitb chunk cmath cmd code codecs codeop collections colorsys compileall concurrent configparser contextlib contextvars copy copyreg " +
    "crypt csv ctypes curses dataclasses datetime dbm decimal difflib dis distutils doctest email encodings ensurepip enum errno " +
    "faulthandler fcntl filecmp fileinput fnmatch fractions ftplib functools gc genericpath getopt getpass gettext glob graphlib grp gzip " +
    "hashlib heapq hmac html http idlelib imaplib imghdr imp importlib inspect io ipaddress itertools json keyword lib2to3 linecache " +
    "locale logging lzma mailbox mailcap marshal math mimetypes mmap modulefinder msilib msvcrt multiprocessing netrc nis nntplib nt " +
    "ntpath nturl2path numbers opcode operator optparse os ossaudiodev pathlib pdb pickle pickletools pipes pkgutil platform plistlib " +
    "poplib posix posixpath pprint profile pstats pty pwd py_compile pyclbr pydoc pydoc_data pyexpat queue quopri random re readline " +
    "reprlib resource rlcompleter runpy sched secrets select selectors shelve shlex shutil signal site smtpd smtplib sndhdr socket " +
    "socketserver spwd sqlite3 sre_compile sre_constants sre_parse ssl stat statistics string stringprep struct subprocess sunau " +
    "symtable sys sysconfig syslog tabnanny tarfile telnetlib tempfile termios textwrap threading time timeit tkinter token tokenize " +
    "tomllib trace traceback tracemalloc tty turtle types typing unicodedata unittest urllib uu uuid venv warnings wave weakref " +
    "webbrowser winreg winsound wsgiref xdrlib xml xmlrpc zipapp zipfile zipimport zlib zoneinfo"
  ).split(" "),
);

/** Why a module's calls deserve a look; the first matching group wins. */
const REVIEW_REASONS: [string, ReadonlySet<string>][] = [
  [
    "runs processes or shell commands",
    new Set(["subprocess", "pty", "multiprocessing", "signal", "sh", "pexpect", "plumbum"]),
  ],
  [
    "reads and writes the file system",
    new Set([
      "os",
      "pathlib",
      "shutil",
      "glob",
      "tempfile",
      "io",
      "fileinput",
      "zipfile",
      "tarfile",
      "gzip",
      "bz2",
      "lzma",
      "fnmatch",
      "filecmp",
      "mmap",
      "aiofiles",
    ]),
  ],
  [
    "deserializes or parses external data (pickle/YAML/XML can execute code or expand entities)",
    new Set([
      "pickle",
      "marshal",
      "shelve",
      "dill",
      "cloudpickle",
      "joblib",
      "jsonpickle",
      "yaml",
      "ruamel",
      "xml",
      "lxml",
      "defusedxml",
      "plistlib",
      "csv",
      "configparser",
      "tomllib",
      "toml",
    ]),
  ],
  [
    "opens network connections (TLS settings, timeouts and URLs need checking)",
    new Set([
      "socket",
      "ssl",
      "http",
      "urllib",
      "urllib3",
      "requests",
      "httpx",
      "aiohttp",
      "ftplib",
      "smtplib",
      "poplib",
      "imaplib",
      "telnetlib",
      "paramiko",
      "websocket",
      "websockets",
      "xmlrpc",
      "grpc",
      "socketserver",
      "asyncssh",
      "boto3",
      "botocore",
      "selectors",
      "select",
    ]),
  ],
  [
    "queries a database (check that every query is parameterized)",
    new Set([
      "sqlite3",
      "psycopg2",
      "psycopg",
      "pymysql",
      "MySQLdb",
      "mysql",
      "sqlalchemy",
      "pymongo",
      "redis",
      "peewee",
      "asyncpg",
      "aiosqlite",
    ]),
  ],
  [
    "does cryptography, where defaults and parameters are easy to get wrong",
    new Set([
      "hashlib",
      "hmac",
      "secrets",
      "cryptography",
      "Crypto",
      "Cryptodome",
      "jwt",
      "bcrypt",
      "passlib",
      "nacl",
      "OpenSSL",
      "rsa",
      "base64",
    ]),
  ],
  [
    "loads or executes code dynamically, or touches native memory",
    new Set([
      "importlib",
      "ctypes",
      "cffi",
      "code",
      "codeop",
      "runpy",
      "builtins",
      "inspect",
      "imp",
      "pkgutil",
      "zipimport",
      "ast",
      "dis",
    ]),
  ],
  [
    "handles web requests, templates and sessions (auth, escaping and debug defaults)",
    new Set([
      "flask",
      "django",
      "fastapi",
      "starlette",
      "tornado",
      "bottle",
      "quart",
      "jinja2",
      "werkzeug",
      "cgi",
      "wsgiref",
      "uvicorn",
      "gunicorn",
    ]),
  ],
  [
    "changes interpreter or process state (sys.path, exit codes, environment)",
    new Set(["sys", "site", "sysconfig", "atexit", "gc", "resource", "platform", "getpass"]),
  ],
  [
    "is concurrent (races, deadlocks, unawaited tasks)",
    new Set(["threading", "asyncio", "concurrent", "queue", "sched", "contextvars"]),
  ],
  [
    "writes logs (make sure no secrets or personal data are logged)",
    new Set(["logging", "syslog", "warnings", "traceback"]),
  ],
  [
    "is a large third-party library whose API changes between versions (check names, arguments and defaults against the installed version)",
    new Set([
      "numpy",
      "pandas",
      "scipy",
      "sklearn",
      "torch",
      "tensorflow",
      "keras",
      "transformers",
      "datasets",
      "tokenizers",
      "accelerate",
      "matplotlib",
      "seaborn",
      "pydantic",
      "polars",
      "PIL",
      "cv2",
    ]),
  ],
];

function reasonFor(module: string): string {
  const root = rootModule(module);
  const group = REVIEW_REASONS.find(([, modules]) => modules.has(root));
  if (group) return group[0];
  return STANDARD_LIBRARY.has(root)
    ? "is a standard-library module outside the set Phi-2 was validated on"
    : "is a third-party package: confirm it exists (models invent package names), is a trusted dependency, and that these functions and signatures are real";
}

export const apiUsageReview = defineRule(
  {
    id: "api-usage-review",
    category: "review",
    subkind: "api-review",
    cwe: 710,
    severity: "info",
    title: "Generated code uses an API outside the reviewed set",
    description:
      "Phi-2's authors note that the model was trained mostly on code using typing, math, random, collections, datetime and itertools, " +
      "and that code using other packages needs manual verification: the model may call functions that do not exist, pass outdated " +
      "arguments, pick insecure defaults or invent package names (a typosquatting risk when installed). Each module outside a small " +
      "allow-list of pure-computation standard-library modules is flagged once per file, with what makes it sensitive. Check the " +
      "calls against the module's documentation before accepting the suggestion.",
  },
  (context, report) => {
    const flagged = new Set<string>();
    for (const { module, node } of importStatements(context)) {
      const root = rootModule(module);
      if (REVIEWED_MODULES.has(root) || flagged.has(root)) continue;
      flagged.add(root);
      report({
        node,
        message: `Verify this API usage: '${module}' ${reasonFor(module)}.`,
        fixHint: `Check each ${root} call against its documentation (names, arguments, defaults) before accepting the code.`,
        confidence: "medium",
      });
    }
  },
);
