import * as assert from "node:assert/strict";
import { buildPrompt, type PromptWorkspace } from "../../../src/core/prompt";
import {
  identifierSet,
  type NeighbourFile,
  renderSimilarCode,
  similarWindows,
  WINDOW_LINES,
} from "../../../src/core/workspace/similarCode";
import { summarizeModule, WorkspaceIndex } from "../../../src/core/workspace/workspaceIndex";
import { countTokens, splitAtCursor } from "../prompt/fixtures";

const filler = (count: number, word: string) =>
  Array.from({ length: count }, (_, i) => `${word}_${i} = compute_${word}(${i})`).join("\n");

/** A file whose middle is about sessions, surrounded by unrelated code. */
const views: NeighbourFile = {
  file: "app/views.py",
  version: 1,
  text: [
    filler(30, "colour"),
    "def handle(app, request):",
    "    session = app.session_interface.open_session(app, request)",
    "    if app.session_interface.is_null_session(session):",
    "        return None",
    "    app.session_interface.save_session(app, session, request.response)",
    filler(30, "shape"),
  ].join("\n"),
};

const query = "class RequestContext:\n    def push(self, app, request):\n        session = app.session_interface";

describe("similar code from open files", () => {
  it("finds the window whose identifiers best match the query, with its position", () => {
    const [best] = similarWindows(query, [views], "app/ctx.py");
    assert.ok(best, "a window is found");
    assert.equal(best.file, "app/views.py");
    assert.ok(best.lines.join("\n").includes("open_session(app, request)"), best.lines.join("\n"));
    assert.ok(best.lines.length <= WINDOW_LINES);
    assert.equal(best.lines[0], views.text.split("\n")[best.startRow], "startRow is the first line's row");
  });

  it("never takes the current file, files over the size limit, or windows below the similarity floor", () => {
    assert.deepEqual(similarWindows(query, [views], "app/views.py"), []);
    const huge = { ...views, file: "app/huge.py", text: `${views.text}\n${"x = 1\n".repeat(100_000)}` };
    assert.deepEqual(similarWindows(query, [huge], "app/ctx.py"), []);
    const unrelated = { file: "app/colours.py", version: 1, text: filler(60, "colour") };
    assert.deepEqual(similarWindows(query, [unrelated], "app/ctx.py"), []);
    assert.deepEqual(similarWindows("", [views], "app/ctx.py"), [], "an empty query matches nothing");
  });

  it("returns non-overlapping windows, best first, the same for the same inputs", () => {
    const twin = { ...views, file: "app/admin.py" };
    const windows = similarWindows(query, [views, twin], "app/ctx.py");
    assert.equal(windows.length, 2);
    assert.equal(windows[0].file, "app/views.py", "equal scores: the earlier (more recent) file first");
    assert.ok(windows[0].score >= windows[1].score);
    assert.deepEqual(similarWindows(query, [views, twin], "app/ctx.py"), windows);
    const rows = similarWindows(query, [views], "app/ctx.py", 4).flatMap((window) =>
      window.lines.map((_, i) => window.startRow + i),
    );
    assert.equal(new Set(rows).size, rows.length, "no row of a file is shown twice");
  });

  it("renders windows under # file: headers within the token budget, else the part with the most matching names", async () => {
    const windows = similarWindows(query, [views], "app/ctx.py");
    const whole = renderSimilarCode(windows, 10_000, countTokens);
    assert.ok(whole.startsWith("# file: app/views.py\ndef handle(app, request):\n"), whole);
    assert.ok(whole.includes("save_session"), "the window covers the whole function");
    const budget = Math.floor((countTokens(whole) * 3) / 4);
    const tight = renderSimilarCode(windows, budget, countTokens);
    assert.ok(countTokens(tight) <= budget);
    const part = tight.split("\n").slice(1, -1);
    assert.ok(part.length >= 3 && whole.includes(part.join("\n")), tight);
    assert.ok(part.join("\n").includes("session_interface"), "the part shows the query's names");
    assert.equal(renderSimilarCode(windows, 12, countTokens), "", "too little room for a useful part: nothing");
  });

  it("leaves Python keywords and self out of the identifiers", () => {
    assert.deepEqual([...identifierSet("def f(self, x): return x if x else None")], ["f", "x"]);
  });
});

describe("similar code in the prompt", () => {
  const ctx =
    'class RequestContext:\n    def push(self, app, request):\n        """Open the session with app.session_interface."""\n        █';
  let index: WorkspaceIndex;
  before(async () => {
    index = new WorkspaceIndex();
    index.set(await summarizeModule("app/ctx.py", ctx.replace("█", "")));
  });
  const promptAt = async (source: string, neighbours: NeighbourFile[], maxTokens = 320) => {
    const { text, offset } = splitAtCursor(source);
    const workspace: PromptWorkspace = { index, file: "app/ctx.py", maxTokens, neighbours };
    const built = await buildPrompt({ text, offset, countTokens, workspace });
    return { prompt: built.prompt, stable: built.prompt.slice(0, built.stablePrefixLength) };
  };

  it("puts the best window of an open file before the current file's header, in the stable prefix", async () => {
    const { stable } = await promptAt(ctx, [views]);
    assert.match(
      stable,
      /^# file: app\/views\.py\n(.*\n)*.*open_session\(app, request\)\n(.*\n)*# file: app\/ctx\.py\n/,
    );
  });

  it("does not change while the user types in the body; changes when an open file does", async () => {
    const before = (await promptAt(ctx, [views])).stable;
    for (const typed of ["se", "session = app.session_interface.open_session(app, request)\n        if "])
      assert.equal((await promptAt(ctx.replace("█", `${typed}█`), [views])).stable, before, typed);
    const edited = { ...views, version: 2, text: views.text.replace("open_session", "begin_session") };
    assert.match((await promptAt(ctx, [edited])).stable, /begin_session/);
  });

  it("ranks below the stubs of names the file refers to, above the rest of wholly imported modules", async () => {
    const withStubs = new WorkspaceIndex();
    const helpers = Array.from({ length: 80 }, (_, i) => `helper_${i}`);
    withStubs.set(
      await summarizeModule(
        "app/sessions.py",
        helpers.map((name) => `def ${name}(app, request, session): ...`).join("\n"),
      ),
    );
    const promptWith = async (imports: string) => {
      const { text, offset } = splitAtCursor(`${imports}\n\n\n${ctx}`);
      const workspace: PromptWorkspace = { index: withStubs, file: "app/ctx.py", maxTokens: 160, neighbours: [views] };
      return (await buildPrompt({ text, offset, countTokens, workspace })).prompt;
    };
    const named = await promptWith(`from .sessions import ${helpers.join(", ")}`);
    assert.match(named, /def helper_0/);
    assert.doesNotMatch(named, /# file: app\/views\.py/, "the stubs of imported names filled the block");
    const star = await promptWith("from .sessions import *");
    assert.match(star, /# file: app\/views\.py\n(.*\n)*# file: app\/sessions\.py\n# defines: helper_0, helper_1, /);
  });
});
