import * as fs from "node:fs";
import * as path from "node:path";

/** Files that mark the root of a Python project. */
const PROJECT_MARKERS = ["pyproject.toml", "setup.py", ".git"];

/** The nearest folder at or above `file`'s folder holding pyproject.toml, setup.py or .git; the file's own folder when none does. */
export function findWorkspaceFolder(file: string): string {
  const start = path.dirname(path.resolve(file));
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (PROJECT_MARKERS.some((marker) => fs.existsSync(path.join(dir, marker)))) return dir;
    if (path.dirname(dir) === dir) return start;
  }
}

/** `file`'s "/"-separated path inside `folder`, or undefined when it lies outside. */
export function workspaceRelativePath(folder: string, file: string): string | undefined {
  const relative = path.relative(path.resolve(folder), path.resolve(file));
  if (relative === "" || relative === ".." || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative))
    return undefined;
  return relative.split(path.sep).join("/");
}
