import * as assert from "node:assert/strict";
import { lintSuggestion } from "../../../src/core/lint/engine";
import { PRIMER_MODULES, primeLinter, suggestionSamples } from "../../../src/core/lint/primer";

describe("lint primer", () => {
  it("slices each function body of a document into a suggestion after its signature", () => {
    const document = [
      "import os",
      "",
      "class Store:",
      "    def get(self, key):",
      "        # cached",
      "        return self.items[key]",
      "",
      "    async def put(self, key, value):",
      "        self.items[key] = value",
      "",
      "",
      "def main():",
      "    Store().get(os.sep)",
      "print('done')",
      "def empty(): pass",
    ].join("\n");
    const samples = suggestionSamples(document);
    assert.deepEqual(
      samples.map((sample) => sample.suggestion),
      [
        "        # cached\n        return self.items[key]\n",
        "        self.items[key] = value\n",
        "    Store().get(os.sep)\n",
      ],
    );
    for (const sample of samples) assert.equal(sample.prefix + sample.suggestion + sample.suffix, document);
    assert.ok(samples[0].prefix.endsWith("    def get(self, key):\n"));
    assert.ok(samples[2].suffix.startsWith("print('done')"));
  });

  it("bounds the number of samples taken from one document", () => {
    const document = Array.from({ length: 100 }, (_, index) => `def f${index}():\n    return ${index}\n`).join("\n");
    assert.equal(suggestionSamples(document).length, 24);
    assert.equal(suggestionSamples(document, 3).length, 3);
  });

  it("built-in samples reach every rule family", async () => {
    const categories = new Set<string>();
    for (const module of PRIMER_MODULES) {
      for (const sample of suggestionSamples(module)) {
        for (const finding of await lintSuggestion(sample.prefix, sample.suggestion, sample.suffix))
          categories.add(finding.category);
      }
    }
    assert.deepEqual([...categories].sort(), [
      "code-injection",
      "command-injection",
      "path-traversal",
      "review",
      "sql-injection",
      "unsafe-default",
    ]);
  });

  it("lints the requested rounds over built-in and given documents, yielding to the event loop after each lint", async () => {
    let turns = 0;
    let ticking = true;
    const tick = () => {
      if (!ticking) return;
      turns++;
      setImmediate(tick);
    };
    setImmediate(tick);
    const builtIn = PRIMER_MODULES.flatMap((module) => suggestionSamples(module)).length;
    const result = await primeLinter({ rounds: 30, documents: ["def handler(path):\n    return open(path).read()\n"] });
    ticking = false;
    assert.equal(result.rounds, 30);
    assert.equal(result.samples, builtIn + 1);
    assert.ok(turns >= 29, `event loop turned ${turns} times during 30 lints`);
  });

  it("stops when aborted and leaves out documents too large to slice cheaply", async () => {
    const controller = new AbortController();
    setImmediate(() => controller.abort());
    const huge = `def big():\n${"    x = 1\n".repeat(40_000)}`;
    const result = await primeLinter({ rounds: 1000, documents: [huge], signal: controller.signal });
    assert.ok(result.rounds >= 1 && result.rounds < 5, `${result.rounds} lints after abort`);
    assert.equal(result.samples, PRIMER_MODULES.flatMap((module) => suggestionSamples(module)).length);
  });
});
