import * as assert from "node:assert/strict";
import { positionKeys, SuggestionCache } from "../../../src/core/completion/suggestionCache";

const TEN_MB = "x = 1\n".repeat((10 * 1024 * 1024) / 6);

describe("SuggestionCache", () => {
  it("retains a bounded number of bytes however large the documents are (10 MB prefixes)", () => {
    const maxBytes = 64 * 1024;
    const cache = new SuggestionCache(maxBytes);
    for (let i = 0; i < 200; i++) {
      const prefix = TEN_MB + `y${i} = `;
      cache.set(positionKeys("file:///big.py", prefix, "", 64).typedAhead[0], `compute(${i})`);
      assert.ok(cache.retainedBytes <= maxBytes, `${cache.retainedBytes} bytes after ${i + 1} entries`);
    }
    assert.ok(cache.size > 100, "small suggestions still fit by the hundred");
  });

  it("evicts the least recently used entry first", () => {
    const cache = new SuggestionCache(3 * (2 * 2 + 64));
    cache.set("a", "1");
    cache.set("b", "2");
    cache.set("c", "3");
    cache.get("a");
    cache.set("d", "4");
    assert.equal(cache.get("b"), undefined);
    assert.equal(cache.get("a"), "1");
    assert.equal(cache.retainedBytes, 3 * (2 * 2 + 64));
  });

  it("replaces an entry without counting it twice, and skips a value larger than the whole bound", () => {
    const cache = new SuggestionCache(1000);
    cache.set("k", "first");
    cache.set("k", "second");
    assert.equal(cache.retainedBytes, 2 * ("k".length + "second".length) + 64);
    cache.set("huge", "z".repeat(1000));
    assert.equal(cache.get("huge"), undefined);
    assert.equal(cache.get("k"), "second");
  });
});

describe("positionKeys", () => {
  it("gives the key of each shorter prefix of the typed-ahead walk", () => {
    const keys = positionKeys("doc", "def f():\n    ret", "\n", 3).typedAhead;
    assert.deepEqual(
      keys,
      [0, 1, 2, 3].map((typed) => positionKeys("doc", "def f():\n    ret".slice(0, 16 - typed), "\n", 0).typedAhead[0]),
    );
  });

  it("depends on the document, the prefix and the text after the cursor, not on where the walk splits", () => {
    const key = positionKeys("doc", "abc", "tail", 0).typedAhead[0];
    assert.notEqual(positionKeys("other", "abc", "tail", 0).typedAhead[0], key);
    assert.notEqual(positionKeys("doc", "abd", "tail", 0).typedAhead[0], key);
    assert.notEqual(positionKeys("doc", "abc", "tail edited", 0).typedAhead[0], key);
    assert.equal(positionKeys("doc", "abc", "tail", 2).typedAhead[0], key);
  });

  it("keys a position in a 10 MB document with a short digest, walk included", () => {
    const keys = positionKeys("file:///big.py", TEN_MB, "", 64).typedAhead;
    assert.equal(keys.length, 65);
    assert.ok(keys.every((key) => key.length === 40));
  });

  it("keys the position after accepted text like that position's own key (the part after a Tab)", () => {
    const keys = positionKeys("doc", "def f():\n", "\n", 64);
    assert.equal(keys.after("    x = 1"), positionKeys("doc", "def f():\n    x = 1", "\n", 0).typedAhead[0]);
    assert.notEqual(keys.after("    x = 1"), positionKeys("doc", "def f():\n    x = 1", "", 0).typedAhead[0]);
  });
});
