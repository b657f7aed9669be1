import type { SyntaxNode } from "../tree";
import { present, unwrapParentheses } from "../syntax";
import type { CallSite, RuleContext } from "../types";
import { argument, taintedSinkRule, type SinkMatch } from "./taintedSink";

/** Functions taking a file-system path: position and keyword of each path argument. */
type PathArguments = ReadonlyArray<readonly [number, string]>;
const PATH_FUNCTIONS: ReadonlyMap<string, PathArguments> = new Map<string, PathArguments>([
  ...["open", "io.open", "io.FileIO", "codecs.open", "os.open", "aiofiles.open"].map(
    (name) => [name, [[0, "file"]]] as const,
  ),
  ...[
    "os.remove",
    "os.unlink",
    "os.rmdir",
    "os.removedirs",
    "os.makedirs",
    "os.mkdir",
    "os.listdir",
    "os.scandir",
    "os.walk",
    "os.chmod",
    "os.chown",
    "os.truncate",
    "shutil.rmtree",
    // probes: whether and what a file outside the directory is (CodeQL's FileSystemAccess counts them too)
    "os.path.exists",
    "os.path.lexists",
    "os.path.isfile",
    "os.path.isdir",
    "os.path.islink",
    "os.path.getsize",
    "os.path.getmtime",
    "os.stat",
    "os.lstat",
    "os.access",
  ].map((name) => [name, [[0, "path"]]] as const),
  ...[
    "os.rename",
    "os.renames",
    "os.replace",
    "shutil.copy",
    "shutil.copy2",
    "shutil.copyfile",
    "shutil.copytree",
    "shutil.move",
    "shutil.copymode",
    "shutil.copystat",
    "os.symlink",
    "os.link",
  ].map(
    (name) =>
      [
        name,
        [
          [0, "src"],
          [1, "dst"],
        ],
      ] as const,
  ),
  ...["flask.send_file", "flask.helpers.send_file"].map((name) => [name, [[0, "path_or_file"]]] as const),
  // send_from_directory confines the file name to the directory, but not a directory chosen by the client
  ...["flask.send_from_directory", "flask.helpers.send_from_directory"].map(
    (name) => [name, [[0, "directory"]]] as const,
  ),
]);

/** pathlib methods that touch the file the receiver names. */
const PATH_METHODS = new Set([
  "read_text",
  "read_bytes",
  "write_text",
  "write_bytes",
  "unlink",
  "rmdir",
  "mkdir",
  "touch",
  "iterdir",
  "symlink_to",
]);
/** pathlib methods whose names other objects share (`queryset.exists()`, `x.stat()`): sinks only on a known path object. */
const PATH_PROBE_METHODS = new Set(["open", "exists", "is_file", "is_dir", "stat"]);
/** Path.rename(target)/Path.replace(target); str.replace(old, new) has two arguments. */
const PATH_MOVE_METHODS = new Set(["rename", "replace"]);

/** Whether a receiver is a pathlib path, so `.open()` on it opens a file (not a zip member or an image handle). */
function isPathObject(receiver: SyntaxNode, context: RuleContext, depth = 0): boolean {
  const expression = unwrapParentheses(receiver);
  if (expression.type === "binary_operator" && expression.childForFieldName("operator")?.type === "/") return true;
  const qualified = context.qualifiedName(expression) ?? "";
  if (
    /(^|\.)(Path|PurePath|PosixPath|WindowsPath)\(\)$/.test(qualified) ||
    /(^|\.)(Path|PurePath)\(\)\.(joinpath|resolve|absolute|with_name|with_suffix)\(\)$/.test(qualified)
  )
    return true;
  // `p = STATIC_DIR / name` (not resolved as a constructor): every value the name may hold here is a path
  if (expression.type !== "identifier" || depth > 1) return false;
  const values = context.possibleValues(expression);
  return values !== undefined && values.length > 0 && values.every((value) => isPathObject(value, context, depth + 1));
}

/** An uploaded file object (`request.files["f"]`, werkzeug FileStorage): its `.save(path)` writes to path. */
function isUploadedFile(receiver: SyntaxNode, context: RuleContext): boolean {
  return context.taintSource(receiver, "path")?.kind === "uploaded-file";
}

function match(call: CallSite, context: RuleContext): SinkMatch | undefined {
  const positions = PATH_FUNCTIONS.get(call.callee);
  if (positions) {
    return {
      inputs: present(...positions.map(([position, keyword]) => argument(call, position, keyword))),
      display: `${call.callee}()`,
      wrapperAllowed: true,
    };
  }
  if (call.methodName === "save" && call.receiver && isUploadedFile(call.receiver, context)) {
    return { inputs: present(argument(call, 0, "dst")), display: "FileStorage.save()", wrapperAllowed: true };
  }
  const isPathMethod =
    PATH_METHODS.has(call.methodName) ||
    (PATH_MOVE_METHODS.has(call.methodName) && call.positional.length === 1) ||
    (PATH_PROBE_METHODS.has(call.methodName) && call.receiver !== undefined && isPathObject(call.receiver, context));
  if (call.receiver && isPathMethod) {
    return { inputs: [call.receiver], display: `Path.${call.methodName}()`, wrapperAllowed: true };
  }
  return undefined;
}

export const pathTraversalRule = taintedSinkRule({
  meta: {
    id: "path-traversal",
    category: "path-traversal",
    cwe: 22,
    severity: "high",
    title: "Path traversal",
    description:
      "A file path built from untrusted input can contain '../' segments or be absolute, so the program reads, writes or deletes files outside the directory it meant to use. Reduce the name with werkzeug's secure_filename() or os.path.basename(), or resolve the full path with os.path.realpath() and refuse it unless it stays inside the base directory (os.path.commonpath or Path.is_relative_to).",
  },
  kind: "path",
  match,
  fixHint:
    "Resolve the path with os.path.realpath() and reject it unless os.path.commonpath([base, path]) == base, or reduce the name with secure_filename()/os.path.basename().",
});
