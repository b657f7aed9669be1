import * as assert from "node:assert/strict";
import { warmUpTarget } from "../../../src/core/completion/completionService";
import { pythonPipeline } from "../../../src/core/completion/pythonPipeline";
import { countTokens } from "./fixtures";

/**
 * A module larger than the budget, so the context is cut: which definitions make it must not depend on where in
 * the edited body the cursor is, or on whether Enter after the docstring was pressed yet (the bench found both:
 * whole-prompt KV misses at docstring-to-body pauses, and the stable prefix changing while typing a body).
 */
function definition(index: number, separation: string): string {
  return `def helper_${index}(value, factor=${index}):\n    """Scale value by ${index}, then clamp it to the range of helper ${index}."""\n    scaled = value * factor\n    return max(0, min(scaled, ${index * 10}))${separation}`;
}

function moduleAround(body: string): { text: string; offset: number } {
  const above = Array.from({ length: 12 }, (_, i) => definition(i, "\n\n\n")).join("");
  const below = Array.from({ length: 12 }, (_, i) => definition(i + 12, i % 2 === 0 ? "\n\n" : "\n\n\n")).join("");
  const head = `import math\n\n\n${above}def edited(items):\n    """Sum the scaled items.\n\n    Every item goes through two helpers, one defined above and one below; the\n    total is what the daily report shows, rounded down to a whole number.\n    """\n${body}`;
  return { text: `${head}\n\n\n${below}`, offset: head.length };
}

describe("prompt stability while a body is typed", () => {
  const bodyLines = [
    "total = 0",
    "for item in items:",
    "    total += helper_3(item)",
    "    total -= helper_20(item)",
    "return total",
  ];

  it("keeps the context, and the warm-up done at the docstring's end, for every keystroke of the body", async () => {
    const opened = moduleAround("").text.replace(/\n(\n\n\ndef helper_12)/, "$1");
    const closing = 'number.\n    """';
    const openedOffset = opened.indexOf(closing) + closing.length;
    const warmed = warmUpTarget(await pythonPipeline.plan(opened, openedOffset, 400, countTokens));
    let stable: string | undefined;
    let typed = "    ";
    for (const line of bodyLines) {
      for (const character of `${line}\n`) {
        const { text, offset } = moduleAround(typed);
        const plan = await pythonPipeline.plan(text, offset, 400, countTokens);
        assert.ok(
          plan.prompt.startsWith(warmed),
          `the warm-up is not a prefix of the prompt after ${JSON.stringify(typed)}`,
        );
        stable ??= plan.stablePrefix;
        assert.equal(plan.stablePrefix, stable, `the stable prefix changed after ${JSON.stringify(typed)}`);
        typed +=
          character === "\n" ? `\n${" ".repeat(line.startsWith("for") || line.startsWith("    ") ? 8 : 4)}` : character;
      }
    }
  });

  it("warms up to the start of the cursor's line, never less than the stable prefix", () => {
    assert.equal(warmUpTarget({ prompt: "a\nb\n    c", stablePrefix: "a\n", stopTriggers: [] }), "a\nb\n");
    assert.equal(warmUpTarget({ prompt: "a\nb\n    c", stablePrefix: "a\nb\n    c", stopTriggers: [] }), "a\nb\n    c");
  });
});
