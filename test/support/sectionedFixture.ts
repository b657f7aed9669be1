import * as fs from "node:fs";

/** Sections of a "=== name" fixture file. */
export function readSections(file: string): Map<string, string> {
  const sections = new Map<string, string>();
  let current: string | undefined;
  let body: string[] = [];
  const flush = () => current !== undefined && sections.set(current, body.join("\n"));
  for (const line of fs.readFileSync(file, "utf8").replace(/\n$/, "").split("\n")) {
    const header = /^=== (\w+)$/.exec(line);
    if (header) {
      flush();
      current = header[1];
      body = [];
    } else body.push(line);
  }
  flush();
  return sections;
}
