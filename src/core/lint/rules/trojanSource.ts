import type { Finding, Rule, RuleContext, RuleMeta, Severity } from "../types";

/**
 * Trojan Source (CVE-2021-42574): characters that change how code reads without showing themselves. Bidirectional
 * embeddings, overrides and isolates reorder the text an editor displays (a comment that "ends" early, a string
 * that seems to close), so reviewed code is not the code that runs. Invisible characters make two names or strings
 * that look equal differ (`"admin\u200b"`, a Hangul filler used as a variable name).
 */
const meta: RuleMeta = {
  id: "trojan-source",
  category: "unsafe-default",
  subkind: "deceptive-unicode",
  cwe: 1007,
  severity: "high",
  title: "Bidirectional-control or invisible Unicode character (Trojan Source)",
  description:
    "Bidirectional control characters (U+202A–U+202E, U+2066–U+2069) make an editor display code in a different order " +
    "than Python reads it, so a line that looks like a comment or a closed string can hide code that runs (Trojan Source, " +
    "CVE-2021-42574). Invisible characters (zero-width spaces, word joiners, Hangul fillers, tag characters) make names and " +
    "strings that look identical differ. Generated or pasted code should not contain them: delete them, or write the escape " +
    '("\\u202e") where a string really needs one.',
};

interface CharacterClass {
  name: string;
  severity: Severity;
  /** Joiners and marks are part of normal text in some scripts and emoji: only reported next to ASCII. */
  inTextOnly?: boolean;
}

const BIDI_CONTROL: CharacterClass = { name: "bidirectional control", severity: "high" };
const BIDI_MARK: CharacterClass = { name: "bidirectional mark", severity: "medium", inTextOnly: true };
const INVISIBLE: CharacterClass = { name: "invisible character", severity: "medium" };
const JOINER: CharacterClass = { name: "invisible joiner", severity: "medium", inTextOnly: true };

/** Code point → what it is. Tag characters (U+E0000–U+E007F) are matched by range in `classOf`. */
const DECEPTIVE: ReadonlyMap<number, { label: string; kind: CharacterClass }> = new Map([
  [0x202a, { label: "LEFT-TO-RIGHT EMBEDDING", kind: BIDI_CONTROL }],
  [0x202b, { label: "RIGHT-TO-LEFT EMBEDDING", kind: BIDI_CONTROL }],
  [0x202c, { label: "POP DIRECTIONAL FORMATTING", kind: BIDI_CONTROL }],
  [0x202d, { label: "LEFT-TO-RIGHT OVERRIDE", kind: BIDI_CONTROL }],
  [0x202e, { label: "RIGHT-TO-LEFT OVERRIDE", kind: BIDI_CONTROL }],
  [0x2066, { label: "LEFT-TO-RIGHT ISOLATE", kind: BIDI_CONTROL }],
  [0x2067, { label: "RIGHT-TO-LEFT ISOLATE", kind: BIDI_CONTROL }],
  [0x2068, { label: "FIRST STRONG ISOLATE", kind: BIDI_CONTROL }],
  [0x2069, { label: "POP DIRECTIONAL ISOLATE", kind: BIDI_CONTROL }],
  [0x200e, { label: "LEFT-TO-RIGHT MARK", kind: BIDI_MARK }],
  [0x200f, { label: "RIGHT-TO-LEFT MARK", kind: BIDI_MARK }],
  [0x061c, { label: "ARABIC LETTER MARK", kind: BIDI_MARK }],
  [0x200b, { label: "ZERO WIDTH SPACE", kind: INVISIBLE }],
  [0x200c, { label: "ZERO WIDTH NON-JOINER", kind: JOINER }],
  [0x200d, { label: "ZERO WIDTH JOINER", kind: JOINER }],
  [0x2060, { label: "WORD JOINER", kind: INVISIBLE }],
  [0x2061, { label: "FUNCTION APPLICATION", kind: INVISIBLE }],
  [0x2062, { label: "INVISIBLE TIMES", kind: INVISIBLE }],
  [0x2063, { label: "INVISIBLE SEPARATOR", kind: INVISIBLE }],
  [0x2064, { label: "INVISIBLE PLUS", kind: INVISIBLE }],
  [0xfeff, { label: "ZERO WIDTH NO-BREAK SPACE", kind: INVISIBLE }],
  [0x00ad, { label: "SOFT HYPHEN", kind: INVISIBLE }],
  [0x034f, { label: "COMBINING GRAPHEME JOINER", kind: INVISIBLE }],
  [0x180e, { label: "MONGOLIAN VOWEL SEPARATOR", kind: INVISIBLE }],
  [0x115f, { label: "HANGUL CHOSEONG FILLER", kind: INVISIBLE }],
  [0x1160, { label: "HANGUL JUNGSEONG FILLER", kind: INVISIBLE }],
  [0x3164, { label: "HANGUL FILLER", kind: INVISIBLE }],
  [0xffa0, { label: "HALFWIDTH HANGUL FILLER", kind: INVISIBLE }],
  [0xfff9, { label: "INTERLINEAR ANNOTATION ANCHOR", kind: INVISIBLE }],
  [0xfffa, { label: "INTERLINEAR ANNOTATION SEPARATOR", kind: INVISIBLE }],
  [0xfffb, { label: "INTERLINEAR ANNOTATION TERMINATOR", kind: INVISIBLE }],
]);
const TAG_CHARACTER = { label: "TAG CHARACTER", kind: INVISIBLE };
const TAGS_START = 0xe0000;
const TAGS_END = 0xe007f;
const BYTE_ORDER_MARK = 0xfeff;
const NEWLINE = 0x0a;
const LAST_ASCII = 0x7f;

function classOf(codePoint: number): { label: string; kind: CharacterClass } | undefined {
  if (codePoint >= TAGS_START && codePoint <= TAGS_END) return TAG_CHARACTER;
  return DECEPTIVE.get(codePoint);
}

/** Whether the character at `index` sits inside ordinary non-ASCII text (an emoji sequence, a Persian word). */
function betweenNonAscii(source: string, index: number, length: number): boolean {
  const before = index > 0 ? source.codePointAt(index - 1)! : NEWLINE;
  const after = index + length < source.length ? source.codePointAt(index + length)! : NEWLINE;
  // a low surrogate before: the previous character is astral, hence non-ASCII
  return before > LAST_ASCII && after > LAST_ASCII;
}

interface LineHit {
  line: number;
  startColumn: number;
  endColumn: number;
  labels: Set<string>;
  severity: Severity;
}

const SEVERITY_RANK: Readonly<Record<Severity, number>> = { info: 0, low: 1, medium: 2, high: 3 };

/** One finding per line, covering its deceptive characters (columns in UTF-16 code units, as the source indexes). */
function check(context: RuleContext): Finding[] {
  const { source, focus, tree } = context;
  const hits: LineHit[] = [];
  // a line's finding depends on that line only: with a focus, only its lines are read
  let line = focus?.startLine ?? 0;
  let lineStart = focus ? tree.offsetAt(focus.startLine, 0) : 0;
  const lastLine = focus?.endLine ?? Infinity;
  for (let index = lineStart; index < source.length; index++) {
    const code = source.charCodeAt(index);
    if (code === NEWLINE) {
      if (++line > lastLine) break;
      lineStart = index + 1;
      continue;
    }
    // every listed character is outside ASCII: one comparison skips almost all of the file
    if (code <= LAST_ASCII) continue;
    const codePoint = source.codePointAt(index)!;
    const length = codePoint > 0xffff ? 2 : 1;
    const found = codePoint === BYTE_ORDER_MARK && index === 0 ? undefined : classOf(codePoint);
    if (found && !(found.kind.inTextOnly && betweenNonAscii(source, index, length))) {
      const column = index - lineStart;
      const label = `U+${codePoint.toString(16).toUpperCase().padStart(4, "0")} ${found.label}`;
      const last = hits[hits.length - 1];
      if (last?.line === line) {
        last.endColumn = column + length;
        last.labels.add(label);
        if (SEVERITY_RANK[found.kind.severity] > SEVERITY_RANK[last.severity]) last.severity = found.kind.severity;
      } else {
        hits.push({
          line,
          startColumn: column,
          endColumn: column + length,
          labels: new Set([label]),
          severity: found.kind.severity,
        });
      }
    }
    index += length - 1;
  }
  return hits.map((hit) => ({
    ruleId: meta.id,
    category: meta.category,
    subkind: meta.subkind,
    cwe: meta.cwe,
    severity: hit.severity,
    confidence: "high",
    range: { startLine: hit.line, startColumn: hit.startColumn, endLine: hit.line, endColumn: hit.endColumn },
    message: `Hidden Unicode ${hit.severity === "high" ? "reorders how this line displays" : "makes this line read differently than it looks"}: ${[...hit.labels].join(", ")}.`,
    fixHint: 'Delete the character, or write it as an escape ("\\u202e") in a string that really needs it.',
  }));
}

export const trojanSourceRule: Rule = { meta, check };
