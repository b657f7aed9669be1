import { readSections } from "../../support/sectionedFixture";
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { createPostprocessContext, postprocess, postprocessCompleteLines } from "../../../src/core/postprocess";
import { FILTERS } from "../../../src/core/postprocess/pipeline";
import { buildPrompt } from "../../../src/core/prompt";
import { countTokens, fixtureRoot, splitAtCursor } from "../prompt/fixtures";

/**
 * test/fixtures/postprocess/<filter>/<case>.txt, in sections:
 *   === document   Python source with the cursor marked █ (gives the filter its context)
 *   === raw        the model's text (for a single filter: its input lines)
 *   === expected   the output; or a `=== dropped` section when the completion must be discarded
 *   === options    optional JSON: { "maxLines": n }
 * The folder `pipeline` runs every filter in order; any other folder runs only the filter of that name.
 */
interface Fixture {
  document: string;
  raw: string;
  expected: string | undefined;
  options: { maxLines?: number };
}

function parseFixture(file: string): Fixture {
  const sections = readSections(file);
  const document = sections.get("document");
  const raw = sections.get("raw");
  if (document === undefined || raw === undefined) throw new Error(`${file}: needs document and raw sections`);
  if (sections.has("expected") === sections.has("dropped"))
    throw new Error(`${file}: needs exactly one of expected / dropped`);
  return {
    document,
    raw,
    expected: sections.get("expected"),
    options: JSON.parse(sections.get("options") ?? "{}") as Fixture["options"],
  };
}

const root = fixtureRoot("postprocess");
const folders = fs.readdirSync(root).sort();

describe("postprocess golden fixtures", () => {
  it("has fixtures for every filter and the pipeline", () => {
    assert.deepEqual(folders, [...FILTERS.map((filter) => filter.name), "pipeline"].sort());
  });

  it("calls the suggestion final only where the rest of the model's lines cannot change it (pipeline fixtures)", async () => {
    const files = fs.readdirSync(path.join(root, "pipeline")).filter((name) => name.endsWith(".txt"));
    let finals = 0;
    for (const file of files) {
      const fixture = parseFixture(path.join(root, "pipeline", file));
      const { text, offset } = splitAtCursor(fixture.document);
      const built = await buildPrompt({ text, offset, countTokens });
      const context = createPostprocessContext(text, offset, built, fixture.options);
      const lines = fixture.raw.split("\n");
      for (let complete = 1; complete < lines.length; complete++) {
        const completeLines = lines.slice(0, complete).join("\n");
        const partial = postprocessCompleteLines(text, offset, completeLines, built, fixture.options);
        assert.equal(partial.text, postprocess(completeLines, context), `${file} after ${complete} lines`);
        if (!partial.final) continue;
        finals++;
        assert.equal(
          postprocess(completeLines, context),
          postprocess(fixture.raw, context),
          `${file} after ${complete} lines`,
        );
      }
    }
    assert.ok(finals > 0, "no fixture is final before its end");
  });

  for (const folder of folders) {
    describe(folder, () => {
      const files = fs.readdirSync(path.join(root, folder)).filter((name) => name.endsWith(".txt"));
      it("has at least two cases", () => assert.ok(files.length >= 2));
      for (const file of files) {
        it(file.replace(/\.txt$/, ""), async () => {
          const fixture = parseFixture(path.join(root, folder, file));
          const { text, offset } = splitAtCursor(fixture.document);
          const built = await buildPrompt({ text, offset, countTokens });
          const context = createPostprocessContext(text, offset, built, fixture.options);
          let actual: string | undefined;
          if (folder === "pipeline") actual = postprocess(fixture.raw, context);
          else {
            const filter = FILTERS.find((candidate) => candidate.name === folder);
            assert.ok(filter, `no filter named ${folder}`);
            const lines = filter.apply(fixture.raw.split("\n"), context);
            actual = lines.length === 0 ? undefined : lines.join("\n");
          }
          assert.equal(actual, fixture.expected);
        });
      }
    });
  }
});
