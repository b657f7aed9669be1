import * as assert from "node:assert/strict";
import type { Token } from "node-llama-cpp" with { "resolution-mode": "import" };
import { draftAfterMatch, SuggestionDraft } from "../../../src/core/engine/suggestionPredictor";

const tokens = (...values: number[]) => values as Token[];
const options = { minMatchTokens: 2, maxMatchTokens: 8, maxDraftTokens: 3 };

describe("SuggestionDraft (drafts from the previous suggestion re-aligned to the new prefix)", () => {
  it("drafts nothing before any generation produced output", () => {
    const draft = new SuggestionDraft(options);
    draft.start(tokens(1, 2, 3));
    assert.deepEqual(draft.draft(), []);
  });

  it("re-requested at the same place, drafts the start of the previous suggestion", () => {
    const draft = new SuggestionDraft(options);
    draft.start(tokens(1, 2, 3));
    draft.push(tokens(10, 11, 12, 13));
    draft.start(tokens(1, 2, 3));
    assert.deepEqual(draft.draft(), tokens(10, 11, 12));
  });

  it("after the user typed the suggestion's first tokens, drafts what followed them", () => {
    const draft = new SuggestionDraft(options);
    draft.start(tokens(1, 2, 3));
    draft.push(tokens(10, 11, 12, 13, 14));
    draft.start(tokens(1, 2, 3, 10, 11));
    assert.deepEqual(draft.draft(), tokens(12, 13, 14));
    draft.push(tokens(12, 13));
    assert.deepEqual(draft.draft(), tokens(14));
  });

  it("keeps the last suggestion as the source when a generation produced nothing", () => {
    const draft = new SuggestionDraft(options);
    draft.start(tokens(1, 2, 3));
    draft.push(tokens(10, 11, 12));
    draft.start(tokens(1, 2, 3)); // aborted before its first token
    draft.start(tokens(2, 3));
    assert.deepEqual(draft.draft(), tokens(10, 11, 12));
  });
});

describe("draftAfterMatch", () => {
  it("does not draft from the previous prompt (that is input lookup's job)", () => {
    // 5 6 occurs in the prompt (followed by 7) and nowhere in the output
    assert.deepEqual(draftAfterMatch(tokens(5, 6, 7, 8, 20, 21), 4, tokens(9, 5, 6), options), []);
  });

  it("prefers the longest match, then the latest occurrence", () => {
    const previous = tokens(1, 2, 30, 9, 2, 40, 41, 1, 2, 50);
    assert.deepEqual(draftAfterMatch(previous, 2, tokens(9, 2), options), tokens(40, 41, 1));
    assert.deepEqual(draftAfterMatch(previous, 2, tokens(7, 1, 2), options), tokens(50));
  });

  it("needs the minimum match", () => {
    assert.deepEqual(draftAfterMatch(tokens(1, 2, 3, 4), 2, tokens(9, 2), options), []);
  });
});
