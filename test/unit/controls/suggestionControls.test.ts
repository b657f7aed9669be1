import * as assert from "node:assert/strict";
import type { CursorSyntax } from "../../../src/core/controls/cursorSyntax";
import {
  type ControlledRequest,
  type ControlSettings,
  excludeGlobs,
  languageEnabled,
  suggestionBlock,
} from "../../../src/core/controls/suggestionControls";

const SETTINGS: ControlSettings = { trigger: "automatic", enable: { "*": true }, inCommentsAndStrings: false };

function request(
  overrides: Partial<ControlledRequest> & { syntax?: CursorSyntax } = {},
): ControlledRequest & { parsed: number } {
  const { syntax = "code", ...rest } = overrides;
  const result = {
    explicit: false,
    languageId: "python",
    excluded: false,
    paused: false,
    snoozed: false,
    parsed: 0,
    cursorSyntax: () => {
      result.parsed++;
      return Promise.resolve(syntax);
    },
    ...rest,
  };
  return result;
}

describe("suggestionBlock", () => {
  it("lets an automatic suggestion in code through", async () =>
    assert.equal(await suggestionBlock(request(), SETTINGS), undefined));

  it("stops automatic suggestions in comments and ordinary strings, not in docstrings", async () => {
    assert.equal(await suggestionBlock(request({ syntax: "comment" }), SETTINGS), "in-comment");
    assert.equal(await suggestionBlock(request({ syntax: "string" }), SETTINGS), "in-string");
    assert.equal(await suggestionBlock(request({ syntax: "docstring" }), SETTINGS), undefined);
  });

  it("lets an explicit request (Alt+\\) through in a comment, paused, snoozed or with the manual trigger, without parsing", async () => {
    const explicit = request({ explicit: true, syntax: "comment", paused: true, snoozed: true });
    assert.equal(await suggestionBlock(explicit, { ...SETTINGS, trigger: "manual" }), undefined);
    assert.equal(explicit.parsed, 0);
  });

  it("with inCommentsAndStrings on, suggests in comments and does not parse", async () => {
    const inComment = request({ syntax: "comment" });
    assert.equal(await suggestionBlock(inComment, { ...SETTINGS, inCommentsAndStrings: true }), undefined);
    assert.equal(inComment.parsed, 0);
  });

  it("stops automatic suggestions while paused, snoozed or with the manual trigger", async () => {
    assert.equal(await suggestionBlock(request({ paused: true }), SETTINGS), "paused");
    assert.equal(await suggestionBlock(request({ snoozed: true }), SETTINGS), "snoozed");
    assert.equal(await suggestionBlock(request(), { ...SETTINGS, trigger: "manual" }), "manual-trigger");
  });

  it("gives an excluded file or a language turned off no suggestion at all, explicit or not", async () => {
    assert.equal(await suggestionBlock(request({ excluded: true, explicit: true }), SETTINGS), "excluded");
    const off = { ...SETTINGS, enable: { "*": true, python: false } };
    assert.equal(await suggestionBlock(request({ explicit: true }), off), "language-off");
  });
});

describe("languageEnabled (the shape of github.copilot.enable)", () => {
  it("a language's own entry wins over *", () => {
    assert.equal(languageEnabled({ "*": false, python: true }, "python"), true);
    assert.equal(languageEnabled({ "*": true, python: false }, "python"), false);
  });
  it("* decides for languages not named; no entry at all means on", () => {
    assert.equal(languageEnabled({ "*": false, plaintext: true }, "python"), false);
    assert.equal(languageEnabled({ plaintext: false }, "python"), true);
    assert.equal(languageEnabled({}, "python"), true);
  });
});

describe("excludeGlobs", () => {
  it("a pattern without a slash matches the file name in any folder; one with a slash is kept; blanks dropped", () => {
    assert.deepEqual(excludeGlobs(["*.ipynb", " secrets.py ", "**/secrets/**", "src/gen/*.py", "  "]), [
      "**/*.ipynb",
      "**/secrets.py",
      "**/secrets/**",
      "src/gen/*.py",
    ]);
  });
});
