import r50kRanks from "gpt-tokenizer/cjs/bpeRanks/r50k_base";

/**
 * Phi-2's tokenizer as llama.cpp stores it: CodeGen's = GPT-2 byte-level BPE (ids 0–50255, ranks = ids),
 * <|endoftext|> 50256, then 38 whitespace-run tokens (31…2 spaces, 9…2 tabs), padded to 51200 entries.
 */
export const VOCABULARY_SIZE = 51200;
export const END_OF_TEXT = 50256;

const TOKEN_TYPE = { normal: 1, control: 3, userDefined: 4, unused: 5 } as const;

/** Id of a run of `count` spaces (2–31) or tabs (2–9) in Phi-2's vocabulary. */
export function whitespaceTokenId(character: " " | "\t", count: number): number {
  if (character === " ") {
    if (count < 2 || count > 31) throw new Error(`no token for ${count} spaces`);
    return 50257 + (31 - count);
  }
  if (count < 2 || count > 9) throw new Error(`no token for ${count} tabs`);
  return 50287 + (9 - count);
}

/** GPT-2's reversible byte → printable character map (so "Ġ" is a space and "Ċ" a newline). */
function byteToUnicode(): string[] {
  const printable: number[] = [];
  for (let b = 0x21; b <= 0x7e; b++) printable.push(b);
  for (let b = 0xa1; b <= 0xac; b++) printable.push(b);
  for (let b = 0xae; b <= 0xff; b++) printable.push(b);
  const map = new Array<string>(256);
  for (const b of printable) map[b] = String.fromCharCode(b);
  let next = 0;
  for (let b = 0; b < 256; b++) {
    if (map[b] === undefined) map[b] = String.fromCharCode(256 + next++);
  }
  return map;
}

export function gpt2TokenBytes(): Buffer[] {
  return r50kRanks.map((entry) => (typeof entry === "string" ? Buffer.from(entry, "utf8") : Buffer.from(entry)));
}

/**
 * Merges are not shipped with the ranks; each token of rank r is the merge of the two parts that byte-level
 * BPE leaves when run on its bytes with only the merges of lower rank.
 */
function recoverMerges(tokenBytes: Buffer[], unicode: string[]): string[] {
  const rankOf = new Map<string, number>();
  tokenBytes.forEach((bytes, rank) => rankOf.set(bytes.toString("latin1"), rank));
  const render = (part: string) => Array.from(Buffer.from(part, "latin1"), (b) => unicode[b]).join("");
  const merges: string[] = [];
  for (let rank = 256; rank < tokenBytes.length; rank++) {
    let parts = Array.from(tokenBytes[rank], (b) => String.fromCharCode(b));
    while (parts.length > 2) {
      let best = -1;
      let bestRank = rank;
      for (let i = 0; i < parts.length - 1; i++) {
        const pairRank = rankOf.get(parts[i] + parts[i + 1]);
        if (pairRank !== undefined && pairRank < bestRank) {
          bestRank = pairRank;
          best = i;
        }
      }
      if (best < 0) break;
      parts = [...parts.slice(0, best), parts[best] + parts[best + 1], ...parts.slice(best + 2)];
    }
    if (parts.length !== 2) throw new Error(`cannot recover the merge of token ${rank}`);
    merges.push(`${render(parts[0])} ${render(parts[1])}`);
  }
  return merges;
}

export interface Phi2Vocabulary {
  tokens: string[];
  tokenTypes: Int32Array;
  merges: string[];
}

export function buildPhi2Vocabulary(): Phi2Vocabulary {
  const unicode = byteToUnicode();
  const bytes = gpt2TokenBytes();
  const tokens = bytes.map((b) => Array.from(b, (byte) => unicode[byte]).join(""));
  const tokenTypes = new Int32Array(VOCABULARY_SIZE).fill(TOKEN_TYPE.normal);
  tokens.push("<|endoftext|>");
  tokenTypes[END_OF_TEXT] = TOKEN_TYPE.control;
  // User-defined tokens are stored as raw text: llama.cpp matches them before BPE.
  for (let count = 31; count >= 2; count--) tokens.push(" ".repeat(count));
  for (let count = 9; count >= 2; count--) tokens.push("\t".repeat(count));
  for (let id = END_OF_TEXT + 1; id < tokens.length; id++) tokenTypes[id] = TOKEN_TYPE.userDefined;
  while (tokens.length < VOCABULARY_SIZE) {
    tokenTypes[tokens.length] = TOKEN_TYPE.unused;
    tokens.push(`<|pad${tokens.length}|>`);
  }
  return { tokens, tokenTypes, merges: recoverMerges(bytes, unicode) };
}
