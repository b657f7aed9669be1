import * as fs from "node:fs";
import * as path from "node:path";
import { encode } from "gpt-tokenizer/encoding/r50k_base";

/** Marks the cursor in fixture sources. */
export const CURSOR_MARKER = "█";

/** r50k_base (GPT-2's BPE) is close to Phi-2's tokenizer; tests count tokens with it. */
export const countTokens = (text: string): number => encode(text).length;

/** Compiled tests run from out/test/unit/<area>; fixtures stay in the source tree. */
export function fixtureRoot(area: string): string {
  return path.resolve(__dirname, "../../../../test/fixtures", area);
}

export function splitAtCursor(source: string): { text: string; offset: number } {
  const offset = source.indexOf(CURSOR_MARKER);
  if (offset === -1 || source.indexOf(CURSOR_MARKER, offset + 1) !== -1)
    throw new Error("fixture needs exactly one cursor marker");
  return { text: source.slice(0, offset) + source.slice(offset + CURSOR_MARKER.length), offset };
}

export const updatingGoldens = process.env.UPDATE_GOLDEN === "1";

/** Compares with a golden file, or rewrites it under UPDATE_GOLDEN=1 (review the diff before committing). */
export function readOrWriteGolden(file: string, actual: string): string {
  if (updatingGoldens) fs.writeFileSync(file, actual);
  else if (!fs.existsSync(file)) throw new Error(`missing golden ${file}; run with UPDATE_GOLDEN=1 and review it`);
  return fs.readFileSync(file, "utf8");
}
