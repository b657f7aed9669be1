import type { Token, TokenPredictor } from "node-llama-cpp" with { "resolution-mode": "import" };

export interface SuggestionDraftOptions {
  /** Fewest trailing tokens of the current text that must match the previous text before anything is drafted. */
  minMatchTokens: number;
  /** Longest trailing match tried; longer matches place the draft more surely. */
  maxMatchTokens: number;
  /** Most tokens drafted per step (each costs verify time on a CPU: README, Performance). */
  maxDraftTokens: number;
}

/**
 * Three matching tokens, not two: on the replay's traces (bench/speculative.ts, four full runs) a 2-token match drafted in
 * more generations but was refuted more often, 1.18–1.25× where drafts applied against 1.38–1.48× with 3.
 */
export const DEFAULT_SUGGESTION_DRAFT: Readonly<SuggestionDraftOptions> = {
  minMatchTokens: 3,
  maxMatchTokens: 8,
  maxDraftTokens: 4,
};

/**
 * Drafts tokens from the previous suggestion re-aligned to the new prefix: after a keystroke that follows the
 * ghost text (or a re-request at the same place), the model mostly rewrites what it just proposed. The draft is
 * what followed, in the previous generation's output, the longest recent run of tokens that ends the current text.
 */
export class SuggestionDraft {
  private previous: Token[] = [];
  private previousOutputStart = 0;
  private current: Token[] = [];
  private currentInputLength = 0;

  constructor(private readonly options: Readonly<SuggestionDraftOptions> = DEFAULT_SUGGESTION_DRAFT) {}

  /** A new generation starts from `inputTokens`; the last one (if it produced output) becomes the draft source. */
  start(inputTokens: readonly Token[]): void {
    if (this.current.length > this.currentInputLength) {
      this.previous = this.current;
      this.previousOutputStart = this.currentInputLength;
    }
    this.current = [...inputTokens];
    this.currentInputLength = inputTokens.length;
  }

  /** Tokens the generation accepted. */
  push(tokens: readonly Token[]): void {
    this.current.push(...tokens);
  }

  /** The draft for the next positions; empty when the current text does not line up with the previous output. */
  draft(): Token[] {
    return draftAfterMatch(this.previous, this.previousOutputStart, this.current, this.options);
  }
}

/**
 * The tokens of `previous` that follow the longest run (between the option's bounds) ending `current`, taking
 * the latest such run whose continuation lies in `previous`'s output (from `outputStart` on).
 */
export function draftAfterMatch(
  previous: readonly Token[],
  outputStart: number,
  current: readonly Token[],
  options: Readonly<SuggestionDraftOptions>,
): Token[] {
  const longest = Math.min(options.maxMatchTokens, current.length);
  for (let length = longest; length >= options.minMatchTokens; length--) {
    const tail = current.slice(current.length - length);
    for (let next = previous.length - 1; next >= Math.max(outputStart, length); next--) {
      if (tail.every((token, index) => previous[next - length + index] === token)) {
        return previous.slice(next, next + options.maxDraftTokens);
      }
    }
  }
  return [];
}

/** A node-llama-cpp TokenPredictor over SuggestionDraft (node-llama-cpp is ESM-only, hence the async factory). */
export async function createSuggestionTokenPredictor(
  options: Readonly<SuggestionDraftOptions> = DEFAULT_SUGGESTION_DRAFT,
): Promise<TokenPredictor> {
  const { TokenPredictor: Base } = await import("node-llama-cpp");
  const draft = new SuggestionDraft(options);
  class SuggestionTokenPredictor extends Base {
    reset({ stateTokens }: { stateTokens: Token[] }): void {
      draft.start(stateTokens);
    }
    pushTokens(tokens: Token[]): void {
      draft.push(tokens);
    }
    predictTokens(): Token[] {
      return draft.draft();
    }
  }
  return new SuggestionTokenPredictor();
}
