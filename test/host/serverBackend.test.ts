import * as assert from "node:assert/strict";
import { fixtureModel, scriptedText } from "../support/fixtureModels";
import { LlamaServer } from "../support/llamaServer";
import { acceptInlineSuggestion, activateExtension, closeAllEditors, openPython, setSetting, sleep } from "./support";

const FUNCTION_WITH_DOCSTRING = 'def total_of(values):\n    """Return the sum of values."""\n█';

describe("the server backend in a real extension host (llama-server on loopback)", function () {
  this.timeout(120_000);
  let server: LlamaServer | undefined;

  before(async function () {
    // scripts/test-all.sh builds llama-server and sets this; without it (a quick host run) there is nothing to talk to.
    if (!process.env.PHI_PAIR_LLAMA_SERVER) this.skip();
    server = await LlamaServer.start({ model: fixtureModel("sumBody") });
  });

  after(async () => {
    await closeAllEditors();
    await setSetting("inference.backend", undefined);
    await setSetting("server.url", undefined);
    await server?.stop();
  });

  it("shows the server's suggestion, Tab inserts it, and no local model is loaded", async () => {
    const api = await activateExtension();
    const offersBefore = api.ctx.models.offers.length;
    await setSetting("model.path", ""); // no local model at all: the suggestion can only come from the server
    await setSetting("server.url", server!.url);
    await setSetting("inference.backend", "server");
    await sleep(200);
    const editor = await openPython(FUNCTION_WITH_DOCSTRING);
    const text = await acceptInlineSuggestion(editor);
    assert.equal(text, FUNCTION_WITH_DOCSTRING.replace("█", "") + scriptedText("sumBody").slice(1));
    assert.equal(api.ctx.models.currentEngine, undefined, "no local engine");
    assert.ok(api.ctx.models.state.kind === "ready" && api.ctx.models.state.server?.api === "llama.cpp");
    assert.deepEqual(api.ctx.models.offers.slice(offersBefore), [], "no offer to download a model");
    assert.match(api.ctx.statusBar.tooltip, /Server: http:\/\/127\.0\.0\.1:\d+\/ \(llama\.cpp, 1 slot\)/);
    assert.match(api.ctx.statusBar.tooltip, /Round trip: \d+ ms \(server: prompt \d+ ms, generation \d+ ms\)/);
    assert.match(api.ctx.statusBar.tooltip, /reused \(server's prompt cache\)/);
  });
});
