import * as assert from "node:assert/strict";
import { monitorEventLoopDelay } from "node:perf_hooks";
import * as vscode from "vscode";
import { fixtureModel, scriptedText } from "../support/fixtureModels";
import { Random } from "../stress/random";
import { acceptInlineSuggestion, activateExtension, closeAllEditors, openPython, setSetting, sleep } from "./support";

const FUNCTION_WITH_DOCSTRING = 'def total_of(values):\n    """Return the sum of values."""\n█';
/**
 * VS Code debounces inline completion requests and folds triggers into the request it already has: at ~20
 * keystrokes/s about one keystroke in four reaches the provider, so the storm types until this many have.
 */
const REQUESTS = 100;
const MAX_KEYSTROKES = 600;
/** How soon after the last keystroke every request must have settled: the completion time cap (6 s) and slack. */
const SETTLE_TIMEOUT_MS = 10_000;

/**
 * One user action: mostly typing, either along the model's text (so requests hit the typed-ahead cache or join
 * the running generation) or other characters, sometimes undoing or moving the cursor.
 */
async function userAction(editor: vscode.TextEditor, random: Random, typeAlong: () => string): Promise<void> {
  const roll = random.next();
  if (roll < 0.45) await vscode.commands.executeCommand("type", { text: typeAlong() });
  else if (roll < 0.8)
    await vscode.commands.executeCommand("type", {
      text: random.pick(["a", "x", "_", " ", "(", ")", ":", "\n", "#", '"', "é"]),
    });
  else if (roll < 0.9) await vscode.commands.executeCommand("undo");
  else if (roll < 0.95)
    await vscode.commands.executeCommand(
      random.pick(["cursorLeft", "cursorUp", "cursorDown", "cursorEnd", "cursorHome"]),
    );
  else {
    const position = editor.document.positionAt(random.int(0, editor.document.getText().length));
    editor.selection = new vscode.Selection(position, position);
  }
}

describe("Typing storm through the real inline completion provider", function () {
  this.timeout(120_000);

  afterEach(async () => {
    await closeAllEditors();
  });

  it(`${REQUESTS} requests from keystrokes at ~20/s with undo and cursor moves: one generation at a time, every request settles, Tab still works`, async () => {
    const api = await activateExtension();
    await setSetting("model.path", fixtureModel("sumBody"));
    await sleep(200);
    const editor = await openPython(FUNCTION_WITH_DOCSTRING);
    // Load the model first, so the storm measures requests, not the load.
    assert.ok(await acceptInlineSuggestion(editor), "the model answers before the storm");
    const engine = api.ctx.models.currentEngine;
    assert.ok(engine);

    const unhandledRejections: string[] = [];
    const onUnhandled = (reason: unknown) =>
      unhandledRejections.push(reason instanceof Error ? (reason.stack ?? reason.message) : String(reason));
    process.on("unhandledRejection", onUnhandled);
    const eventLoopDelay = monitorEventLoopDelay({ resolution: 10 });
    eventLoopDelay.enable();
    const before = { ...api.ctx.completions.requests };
    const random = new Random(20);
    const modelText = scriptedText("sumBody");
    let typedAlong = 0;
    const typeAlong = () => modelText[typedAlong++ % modelText.length];
    // Keystrokes go out on the typist's schedule, not when the previous one's round trip to the editor ends; their
    // commands reach the editor in order, and each one's latency measures how responsive the editor stayed.
    const commands: Promise<unknown>[] = [];
    let keystrokes = 0;
    let slowestKeystrokeMs = 0;
    const started = performance.now();
    try {
      for (
        ;
        api.ctx.completions.requests.started - before.started < REQUESTS && keystrokes < MAX_KEYSTROKES;
        keystrokes++
      ) {
        const sent = performance.now();
        commands.push(
          userAction(editor, random, typeAlong).then(() => {
            slowestKeystrokeMs = Math.max(slowestKeystrokeMs, performance.now() - sent);
          }),
        );
        // The headless editor has no keyboard focus, so typing alone rarely asks for suggestions: ask as Alt+\ does.
        commands.push(Promise.resolve(vscode.commands.executeCommand("editor.action.inlineSuggest.trigger")));
        await sleep(random.chance(0.03) ? random.int(300, 1000) : random.int(0, 100));
      }
      await Promise.all(commands);
      const stormMs = performance.now() - started;
      const settleStarted = performance.now();
      while (
        api.ctx.completions.requests.settled < api.ctx.completions.requests.started &&
        performance.now() - settleStarted < SETTLE_TIMEOUT_MS
      ) {
        await sleep(50);
      }
      eventLoopDelay.disable();
      const after = api.ctx.completions.requests;
      const requests = after.started - before.started;
      console.log(
        `      ${requests} requests from ${keystrokes} keystrokes in ${Math.round(stormMs)} ms, settled ${Math.round(performance.now() - settleStarted)} ms later; ` +
          `slowest keystroke ${Math.round(slowestKeystrokeMs)} ms, event loop delay max ${Math.round(eventLoopDelay.max / 1e6)} ms, ` +
          `p99 ${Math.round(eventLoopDelay.percentile(99) / 1e6)} ms; peak concurrent work ${engine.peakConcurrentWork}`,
      );
      assert.ok(requests >= REQUESTS, `${MAX_KEYSTROKES} keystrokes made only ${requests} inline completion requests`);
      assert.equal(after.settled, after.started, "every request settled");
      assert.equal(after.failed - before.failed, 0, "no request failed (see the Phi Pair log)");
      assert.deepEqual(unhandledRejections, []);
      assert.equal(api.ctx.models.currentEngine, engine, "the storm did not replace the engine");
      assert.equal(engine.peakConcurrentWork, 1, "never more than one generation on the model");
      // Responsive: the extension host's event loop and the editor's commands never stalled.
      assert.ok(
        eventLoopDelay.max / 1e6 < 1000,
        `the extension host's event loop stalled ${Math.round(eventLoopDelay.max / 1e6)} ms`,
      );
      assert.ok(slowestKeystrokeMs < 2000, `a keystroke took ${Math.round(slowestKeystrokeMs)} ms`);
    } finally {
      eventLoopDelay.disable();
      process.off("unhandledRejection", onUnhandled);
    }

    await editor.edit((builder) =>
      builder.replace(
        new vscode.Range(editor.document.positionAt(0), editor.document.positionAt(editor.document.getText().length)),
        FUNCTION_WITH_DOCSTRING.replace("█", ""),
      ),
    );
    const end = editor.document.positionAt(editor.document.getText().length);
    editor.selection = new vscode.Selection(end, end);
    assert.equal(
      await acceptInlineSuggestion(editor),
      FUNCTION_WITH_DOCSTRING.replace("█", "") + modelText.slice(1),
      "a suggestion still appears and Tab inserts it",
    );
  });
});
