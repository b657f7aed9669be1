/**
 * Which workspace paths the index skips: `.gitignore` files (each applying below its own folder,
 * deeper files first, the last matching line of a file deciding, `!` re-including) and VS Code's
 * `files.exclude` globs (relative to the workspace folder). Paths are "/"-separated and relative.
 */

interface GitignoreRule {
  pattern: RegExp;
  negated: boolean;
  directoryOnly: boolean;
}

/** The rules of one .gitignore, for paths relative to the folder holding it. */
export class GitignoreFile {
  private readonly rules: GitignoreRule[] = [];

  constructor(text: string) {
    for (const rawLine of text.split(/\r?\n/)) {
      let line = rawLine.replace(/(?<!\\)\s+$/, "");
      if (line === "" || line.startsWith("#")) continue;
      const negated = line.startsWith("!");
      if (negated) line = line.slice(1);
      const directoryOnly = line.endsWith("/");
      if (directoryOnly) line = line.slice(0, -1);
      // A slash at the start or in the middle anchors the pattern to this folder; otherwise it matches at any depth.
      const anchored = line.includes("/");
      if (line.startsWith("/")) line = line.slice(1);
      if (line === "") continue;
      this.rules.push({ pattern: globToRegExp(anchored ? line : `**/${line}`), negated, directoryOnly });
    }
  }

  /** true: ignored, false: re-included by a `!` line, undefined: no line matches. */
  decide(relativePath: string, isDirectory: boolean): boolean | undefined {
    for (let i = this.rules.length - 1; i >= 0; i--) {
      const rule = this.rules[i];
      if (rule.directoryOnly && !isDirectory) continue;
      if (rule.pattern.test(relativePath)) return !rule.negated;
    }
    return undefined;
  }
}

/** The `files.exclude` globs that are on (`{ "**\/.git": true }`); conditional entries (`{ when: ... }`) are left out. */
export function enabledExcludeGlobs(setting: Record<string, unknown> | undefined): string[] {
  return Object.entries(setting ?? {})
    .filter(([, value]) => value === true)
    .map(([glob]) => glob);
}

export class ExcludeGlobs {
  private readonly patterns: RegExp[];

  constructor(globs: readonly string[]) {
    this.patterns = globs.map((glob) => globToRegExp(glob.replace(/^\.?\//, "")));
  }

  matches(relativePath: string): boolean {
    return this.patterns.some((pattern) => pattern.test(relativePath));
  }
}

/**
 * A glob as git and VS Code read it: `*` and `?` stay within one path segment, `**` spans segments,
 * `[abc]` / `[!a-z]` are character classes, `{a,b}` alternatives (VS Code). Matches the whole path.
 */
export function globToRegExp(glob: string): RegExp {
  let source = "";
  let braceDepth = 0;
  for (let i = 0; i < glob.length; i++) {
    const char = glob[i];
    if (char === "*") {
      if (glob[i + 1] === "*") {
        const atSegmentStart = i === 0 || glob[i - 1] === "/";
        const atSegmentEnd = i + 2 === glob.length || glob[i + 2] === "/";
        if (atSegmentStart && atSegmentEnd) {
          i++;
          if (glob[i + 1] === "/") {
            i++;
            source += "(?:.*/)?"; // `**/`: any number of folders, including none
          } else source += ".*"; // a trailing `**`: everything below
          continue;
        }
      }
      source += "[^/]*";
    } else if (char === "?") source += "[^/]";
    else if (char === "\\" && i + 1 < glob.length) source += escapeRegExp(glob[++i]);
    else if (char === "[") {
      const close = glob.indexOf("]", i + 2);
      if (close < 0) source += "\\[";
      else {
        let set = glob.slice(i + 1, close);
        if (set.startsWith("!")) set = `^${set.slice(1)}`;
        source += `[${set.replace(/\\/g, "\\\\")}]`;
        i = close;
      }
    } else if (char === "{") {
      braceDepth++;
      source += "(?:";
    } else if (char === "}" && braceDepth > 0) {
      braceDepth--;
      source += ")";
    } else if (char === "," && braceDepth > 0) source += "|";
    else source += escapeRegExp(char);
  }
  source += ")".repeat(braceDepth); // an unclosed `{` alternates to the end
  try {
    return new RegExp(`^${source}$`);
  } catch {
    return NEVER; // a malformed class such as `[z-a]` ignores nothing
  }
}

const NEVER = /(?!)/;

function escapeRegExp(char: string): string {
  return /[.*+?^${}()|[\]\\/]/.test(char) ? `\\${char}` : char;
}
