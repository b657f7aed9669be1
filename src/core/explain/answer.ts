/**
 * A line that starts Phi-2's next textbook block rather than continuing the answer: a new QA round, an
 * exercise, a numbered question, a chat turn. The generation's stop triggers catch the exact forms; this
 * also catches Markdown-decorated and numbered variants ("## Exercise 2", "**Question 1:**").
 */
const NEXT_BLOCK =
  /^[ \t]*(?:#{1,6}[ \t]*)?(?:\*\*)?(?:Instruct|Output|Exercises?|Question|Alice|Bob|User|Assistant)\b[ \t]*\d*[ \t]*(?:\*\*)?[ \t]*[:.)]/im;
const END_OF_TEXT = "<|endoftext|>";

export interface TrimmedAnswer {
  text: string;
  /** True when the answer was cut at the start of a next block (the generation can stop there). */
  endedAtNextBlock: boolean;
}

/**
 * The answer as shown: what precedes the next block or an end-of-text marker, without surrounding blank
 * space; an unterminated code fence is closed so the rest of the page does not render as code.
 */
export function trimExplanation(raw: string): TrimmedAnswer {
  let text = raw;
  let endedAtNextBlock = false;
  const endOfText = text.indexOf(END_OF_TEXT);
  if (endOfText >= 0) {
    text = text.slice(0, endOfText);
    endedAtNextBlock = true;
  }
  // Only later lines can start a next block: the first line is the answer itself, whatever it starts with.
  const firstBreak = text.indexOf("\n");
  if (firstBreak >= 0) {
    const next = NEXT_BLOCK.exec(text.slice(firstBreak + 1));
    if (next) {
      text = text.slice(0, firstBreak + 1 + next.index);
      endedAtNextBlock = true;
    }
  }
  text = text.replace(/^\s*\n/, "").trim();
  if (countFences(text) % 2 === 1) text += "\n```";
  return { text, endedAtNextBlock };
}

function countFences(text: string): number {
  return text.split("\n").filter((line) => /^ {0,3}```/.test(line)).length;
}
