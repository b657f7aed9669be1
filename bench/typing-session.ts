/**
 * A scripted editing session over real code (bench/stdlib-corpus.ts): for each function the user opens its module
 * with the function's body missing below the docstring, presses Enter after the docstring and pauses
 * (docstring-to-body), types the body's first line with a typist's rhythm, and then either presses Enter and
 * pauses again (a new line inside the body) or, every other function where the body has a call with arguments,
 * goes to that call, retypes the start of its arguments and pauses there (a mid-line edit, code after the cursor).
 * Seeded, so every run replays the same keystrokes with the same pauses.
 */
import { Random } from "../test/stress/random";
import type { CorpusFunction } from "./stdlib-corpus";

export type PauseKind = "docstring-to-body" | "new-line" | "mid-line";

export interface Keystroke {
  /** Milliseconds since the previous keystroke (or since the suggestion it waited for was shown). */
  delayMs: number;
  documentId: string;
  text: string;
  offset: number;
  /** The code that really follows the cursor in the module: what the model is forced to write. */
  oracle: string;
  /** The user stops here for `ms` (≥ 2 s) and reads what is suggested before typing on. */
  pause?: { ms: number; kind: PauseKind };
  /** This keystroke is the first in a freshly opened document, which was `text`/`offset` just before it. */
  opened?: { text: string; offset: number };
}

export interface TypingSession {
  keystrokes: Keystroke[];
  functions: { module: string; name: string }[];
}

/** Characters of a mid-line edit the user types before pausing: half the arguments, at most this many. */
const MID_LINE_TYPED_MAX = 8;
/** Opening a module: the user reads it this long before the first keystroke. */
const READ_AFTER_OPEN_MS = 2000;
/** Moving the cursor to the call of a mid-line edit. */
const MOVE_TO_EDIT_MS = 1200;

/**
 * Keystrokes of a ~60 words-per-minute typist: 90–220 ms between characters; Enter inserts the newline and the
 * next line's indentation at once (the editor's auto-indent); pauses of 2–4 s where the user stops to read.
 */
export function typingSession(functions: readonly CorpusFunction[], seed = 7): TypingSession {
  // seeded, so the rhythm is the same in every run
  const random = new Random(seed);
  const next = () => random.next();
  const keystrokes: Keystroke[] = [];
  const pauseMs = () => 2000 + Math.round(next() * 2000);
  const typingDelay = () => Math.round(90 + next() * 130);

  for (const [index, fn] of functions.entries()) {
    const real = fn.source;
    const documentId = `${fn.module}#${fn.name}`;
    const bodyRegion: [number, number] = [fn.docstringLineEnd, fn.bodyEnd];
    const enter = indentedNewlineLength(real, fn.docstringLineEnd);
    const pauseAtLast = (kind: PauseKind) => (keystrokes[keystrokes.length - 1].pause = { ms: pauseMs(), kind });
    // The module opens with the body missing; Enter after the docstring, then pause: docstring-to-body.
    keystrokes.push(...typeRegion(real, bodyRegion, 0, enter, () => READ_AFTER_OPEN_MS, documentId, true));
    pauseAtLast("docstring-to-body");
    // The body's first line; then either Enter and a pause (new line), or a mid-line edit further down.
    const midLine = index % 2 === 0 && fn.editArguments !== undefined;
    const firstLineEnd = real.indexOf("\n", fn.bodyStart);
    const firstLineTyped =
      firstLineEnd - fn.docstringLineEnd + (midLine ? 0 : indentedNewlineLength(real, firstLineEnd));
    keystrokes.push(...typeRegion(real, bodyRegion, enter, firstLineTyped, typingDelay, documentId, false));
    if (!midLine) {
      pauseAtLast("new-line");
      continue;
    }
    const [argumentsStart, argumentsEnd] = fn.editArguments!;
    const typedArguments = Math.min(MID_LINE_TYPED_MAX, Math.ceil((argumentsEnd - argumentsStart) / 2));
    keystrokes.push(...typeRegion(real, fn.editArguments!, 0, typedArguments, typingDelay, documentId, false));
    keystrokes[keystrokes.length - typedArguments].delayMs = MOVE_TO_EDIT_MS;
    pauseAtLast("mid-line");
  }
  return { keystrokes, functions: functions.map((fn) => ({ module: fn.module, name: fn.name })) };
}

/**
 * Keystrokes typing characters [from, to) of real[start, end) into the module that lacks that region (its other
 * characters still missing). `opens`: the first of them is the first keystroke in the freshly opened module.
 */
function typeRegion(
  real: string,
  [start, end]: readonly [number, number],
  from: number,
  to: number,
  delay: () => number,
  documentId: string,
  opens: boolean,
): Keystroke[] {
  const suffix = real.slice(end);
  const keystrokes: Keystroke[] = [];
  let typed = from;
  while (typed < to) {
    let step = 1;
    if (real[start + typed] === "\n") while (real[start + typed + step] === " ") step++;
    const before = start + typed;
    typed += step;
    const offset = start + typed;
    const opened =
      opens && keystrokes.length === 0 ? { text: real.slice(0, before) + suffix, offset: before } : undefined;
    keystrokes.push({
      delayMs: delay(),
      documentId,
      text: real.slice(0, offset) + suffix,
      offset,
      oracle: real.slice(offset),
      opened,
    });
  }
  return keystrokes;
}

/** A newline at `at` and the indentation after it: what one Enter inserts with auto-indent. */
function indentedNewlineLength(text: string, at: number): number {
  let length = 1;
  while (text[at + length] === " ") length++;
  return length;
}
