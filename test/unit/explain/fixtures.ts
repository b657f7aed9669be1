export { readSections } from "../../support/sectionedFixture";
import * as fs from "node:fs";
import * as path from "node:path";
import { CURSOR_MARKER } from "../prompt/fixtures";

export const SELECTION_START = "«";
export const SELECTION_END = "»";

/** A fixture source with the cursor (█) or a selection («…») marked; returns the text and the offsets. */
export function splitSelection(marked: string): { text: string; start: number; end: number } {
  const cursor = marked.indexOf(CURSOR_MARKER);
  if (cursor >= 0) return { text: marked.replace(CURSOR_MARKER, ""), start: cursor, end: cursor };
  const start = marked.indexOf(SELECTION_START);
  const end = marked.indexOf(SELECTION_END) - SELECTION_START.length;
  if (start < 0 || end < start) throw new Error("fixture needs a █ cursor or a «selection»");
  return { text: marked.replace(SELECTION_START, "").replace(SELECTION_END, ""), start, end };
}

export const listCases = (folder: string, filter: (name: string) => boolean = () => true): string[] =>
  fs
    .readdirSync(folder)
    .filter(filter)
    .sort()
    .map((name) => path.join(folder, name));
