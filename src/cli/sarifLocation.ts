import * as path from "node:path";

/** Paths as the platform that named them reads them: on Windows `\` and `/` separate folders, elsewhere only `/`. */
export type PathStyle = "posix" | "win32";

/** The uriBaseId of files under the folder the lint ran in (code scanning resolves it to the checkout). */
export const SOURCE_ROOT_ID = "%SRCROOT%";

export interface SarifArtifactLocation {
  uri: string;
  uriBaseId?: string;
}

/**
 * SARIF 2.1.0 §3.4.3 `artifactLocation` of a file: a relative URI reference against `%SRCROOT%` when the file is
 * under `root`, else an absolute `file:` URI (RFC 8089: `file:///C:/…` keeps its drive letter, a UNC path
 * `\\server\share\…` becomes `file://server/share/…`). Every path segment is percent-encoded, so a `\`, `%`, `#`
 * or `?` in a POSIX file name stays part of that name.
 */
export function sarifArtifactLocation(file: string, root: string, style: PathStyle): SarifArtifactLocation {
  const paths = path[style];
  const absolute = paths.resolve(root, file);
  const relative = paths.relative(paths.resolve(root), absolute);
  if (relative !== "" && !relative.startsWith("..") && !paths.isAbsolute(relative)) {
    return { uri: encodeSegments(splitPath(relative, style)), uriBaseId: SOURCE_ROOT_ID };
  }
  return { uri: fileUri(absolute, style) };
}

/** The absolute `file:` URI of an absolute (resolved) path; a folder's ends with `/`. */
export function fileUri(absolute: string, style: PathStyle, folder = false): string {
  let authority = "";
  let rest = absolute;
  let drive = "";
  if (style === "win32") {
    const unc = /^[\\/]{2}([^\\/]+)(.*)$/.exec(absolute);
    const letter = /^([A-Za-z]):(.*)$/.exec(absolute);
    if (unc) [authority, rest] = [encodeURIComponent(unc[1]), unc[2]];
    else if (letter) [drive, rest] = [`${letter[1].toUpperCase()}:/`, letter[2]];
  }
  const segments = splitPath(rest, style).filter((segment) => segment !== "");
  const uriPath = `/${drive}${encodeSegments(segments)}`;
  return `file://${authority}${folder && !uriPath.endsWith("/") ? `${uriPath}/` : uriPath}`;
}

function splitPath(file: string, style: PathStyle): string[] {
  return file.split(style === "win32" ? /[\\/]/ : "/");
}

function encodeSegments(segments: readonly string[]): string {
  return segments.map(encodeURIComponent).join("/");
}
