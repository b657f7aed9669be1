import * as assert from "node:assert/strict";
import { CompletionService, type CompletionOptions } from "../../../src/core/completion/completionService";
import { createPythonPipeline } from "../../../src/core/completion/pythonPipeline";
import type { GenerateRequest, GenerateResult } from "../../../src/core/engine/engine";
import { summarizeModule, WorkspaceIndex } from "../../../src/core/workspace/workspaceIndex";
import { countTokens } from "../prompt/fixtures";
import { EngineDouble, generateResult, TEST_COMPLETION_OPTIONS } from "../../support/engineDouble";

const OPTIONS: CompletionOptions = { ...TEST_COMPLETION_OPTIONS, maxTokens: 16, timeCapMs: 5000 };
const DOCUMENT = 'from .models import Item\n\n\ndef price(item: Item) -> float:\n    """The item\'s price."""\n';

/** Records the prompts and warm-up prefixes it is sent; answers with a fixed body. */
class RecordingEngine extends EngineDouble {
  readonly prompts: string[] = [];

  override async tokenCounter(): Promise<(text: string) => number> {
    return countTokens;
  }
  async generate(request: GenerateRequest): Promise<GenerateResult> {
    this.prompts.push(request.prompt);
    return generateResult("    return item.cost");
  }
}

describe("workspace context through the completion service", () => {
  it("asks the pipeline for the request's document, so the prompt and the warm-up both start with the block", async () => {
    const index = new WorkspaceIndex();
    index.set(await summarizeModule("shop/models.py", "class Item:\n    def cost(self) -> float: ...\n"));
    const asked: string[] = [];
    const pipeline = createPythonPipeline((documentId) => {
      asked.push(documentId);
      return documentId === "file:///ws/shop/cart.py" ? { index, file: "shop/cart.py", maxTokens: 320 } : undefined;
    });
    const engine = new RecordingEngine();
    const service = new CompletionService(
      engine,
      pipeline,
      async () => [],
      () => OPTIONS,
    );
    await service.complete({
      documentId: "file:///ws/shop/cart.py",
      text: DOCUMENT,
      offset: DOCUMENT.length,
      signal: new AbortController().signal,
      explicit: true,
    });
    assert.ok(
      engine.prompts[0]?.startsWith(
        "# file: shop/models.py\nclass Item:\n    def cost(self) -> float: ...\n\n# file: shop/cart.py\n",
      ),
      engine.prompts[0],
    );
    await service.warmUp(DOCUMENT + "    ", DOCUMENT.length + 4, undefined, "file:///ws/other.py");
    assert.ok(
      engine.warmUps[0] !== undefined && !engine.warmUps[0].includes("# file:"),
      "a document outside the workspace gets no block",
    );
    assert.deepEqual(asked, ["file:///ws/shop/cart.py", "file:///ws/other.py"]);
  });
});
