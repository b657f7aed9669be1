import * as assert from "node:assert/strict";
import { PYTHON_STOP_TRIGGERS, stopTriggersFor } from "../../../src/core/postprocess";

/** Cuts `text` at the first trigger, as node-llama-cpp's customStopTriggers do. */
function cutAtTriggers(text: string, triggers: readonly string[]): string {
  const positions = triggers.map((trigger) => text.indexOf(trigger)).filter((index) => index !== -1);
  return positions.length === 0 ? text : text.slice(0, Math.min(...positions));
}

describe("Python stop triggers", () => {
  it("stop at column-0 definitions, imports, decorators, comments and the main guard", () => {
    const body = "    return total\n";
    for (const next of [
      "def main():",
      "async def run():",
      "class Foo:",
      "import os",
      "from x import y",
      "@decorator",
      "# notes",
      'if __name__ == "__main__":',
      "```",
      "```python",
    ]) {
      assert.equal(cutAtTriggers(`${body}${next}\n    pass`, PYTHON_STOP_TRIGGERS), body.slice(0, -1), next);
    }
  });

  it("do not stop nested code or column-0 names that merely start with a keyword", () => {
    const nested = [
      "    def helper(x):",
      "        # square it",
      "        return x * x",
      "    @staticmethod",
      "    class Inner:",
      "        from_cache = True",
      "    import_count = 1",
      "    definition = 2",
      "    return helper",
      "definitions = {}",
      "classes = []",
      "fromage = 'brie'",
      "important = True",
    ].join("\n");
    assert.equal(cutAtTriggers(nested, PYTHON_STOP_TRIGGERS), nested);
  });

  it("end single-line completions at the line break", () => {
    assert.deepEqual(stopTriggersFor("single-line"), ["\n"]);
    assert.deepEqual(stopTriggersFor("multi-line"), [...PYTHON_STOP_TRIGGERS]);
  });
});
