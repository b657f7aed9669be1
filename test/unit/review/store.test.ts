import * as assert from "node:assert/strict";
import { FlaggedStore, leadFinding, nextState } from "../../../src/core/review/store";
import { finding } from "./fixtures";

const URI = "file:///work/app.py";
const evalFinding = finding("code-injection", "high", 2, 13, 29);

/** A store with a clock the test advances by hand. */
function storeAt(limit = 200): { store: FlaggedStore; tick: () => void } {
  let now = 1_700_000_000_000;
  return { store: new FlaggedStore(limit, () => now), tick: () => void (now += 1000) };
}

describe("flagged suggestion store", () => {
  it("records only suggestions with actionable findings", () => {
    const { store } = storeAt();
    assert.equal(
      store.offered({
        documentUri: URI,
        offset: 40,
        suggestion: "    import subprocess",
        findings: [finding("api-usage-review", "info", 2, 4, 21)],
        hidden: false,
      }),
      undefined,
    );
    const record = store.offered({
      documentUri: URI,
      offset: 40,
      suggestion: "    result = eval(expression)",
      findings: [evalFinding],
      hidden: false,
    });
    assert.equal(record?.state, "shown");
    assert.equal(store.records.length, 1);
  });

  it("updates the record when the same suggestion is offered again as the user types into it", () => {
    const { store, tick } = storeAt();
    const first = store.offered({
      documentUri: URI,
      offset: 40,
      suggestion: "    result = eval(expression)",
      findings: [evalFinding],
      hidden: false,
    })!;
    tick();
    const again = store.offered({
      documentUri: URI,
      offset: 47,
      suggestion: "lt = eval(expression)",
      findings: [evalFinding],
      hidden: false,
    })!;
    assert.equal(again.id, first.id);
    assert.equal(store.records.length, 1);
    assert.equal(again.suggestion, "lt = eval(expression)");
    assert.ok(again.lastChanged > again.firstSeen);
    const elsewhere = store.offered({
      documentUri: "file:///work/other.py",
      offset: 40,
      suggestion: "    result = eval(expression)",
      findings: [evalFinding],
      hidden: false,
    })!;
    assert.notEqual(elsewhere.id, first.id);
  });

  it("moves through shown → accepted → reviewed, and hidden → reviewed", () => {
    const { store } = storeAt();
    const shown = store.offered({
      documentUri: URI,
      offset: 40,
      suggestion: "x = eval(e)",
      findings: [evalFinding],
      hidden: false,
    })!;
    assert.ok(store.accepted(shown.id, { start: 40, end: 51 }));
    assert.equal(shown.state, "accepted");
    assert.deepEqual(shown.inserted, { start: 40, end: 51 });
    assert.ok(store.reviewed(shown.id));
    assert.equal(shown.state, "reviewed");

    const hidden = store.offered({
      documentUri: URI,
      offset: 90,
      suggestion: "y = eval(e)",
      findings: [finding("code-injection", "high", 5, 4, 11)],
      hidden: true,
    })!;
    assert.equal(hidden.state, "hidden");
    assert.equal(store.accepted(hidden.id, { start: 90, end: 101 }), false, "a hidden suggestion cannot be accepted");
    assert.equal(hidden.state, "hidden");
    assert.ok(store.reviewed(hidden.id));
    assert.equal(store.accepted("no-such-id", { start: 0, end: 1 }), false);
  });

  it("the transition table allows only real transitions", () => {
    assert.equal(nextState("shown", "accept"), "accepted");
    assert.equal(nextState("hidden", "accept"), undefined);
    assert.equal(nextState("accepted", "accept"), undefined);
    assert.equal(nextState("reviewed", "accept"), "reviewed");
    for (const state of ["shown", "hidden", "accepted", "reviewed"] as const)
      assert.equal(nextState(state, "review"), "reviewed");
  });

  it("a reviewed suggestion offered again starts a new record", () => {
    const { store } = storeAt();
    const first = store.offered({
      documentUri: URI,
      offset: 40,
      suggestion: "x = eval(e)",
      findings: [evalFinding],
      hidden: false,
    })!;
    store.reviewed(first.id);
    const second = store.offered({
      documentUri: URI,
      offset: 40,
      suggestion: "x = eval(e)",
      findings: [evalFinding],
      hidden: false,
    })!;
    assert.notEqual(second.id, first.id);
    assert.deepEqual(
      store.records.map((r) => r.state),
      ["shown", "reviewed"],
    );
  });

  it("is bounded: the oldest records are dropped", () => {
    const { store, tick } = storeAt(3);
    for (let line = 0; line < 5; line++) {
      store.offered({
        documentUri: URI,
        offset: line * 10,
        suggestion: `x${line} = eval(e)`,
        findings: [finding("code-injection", "high", line, 5, 12)],
        hidden: false,
      });
      tick();
    }
    assert.deepEqual(
      store.records.map((r) => r.suggestion),
      ["x4 = eval(e)", "x3 = eval(e)", "x2 = eval(e)"],
    );
  });

  it("moves accepted code along with edits of its document", () => {
    const { store } = storeAt();
    const record = store.offered({
      documentUri: URI,
      offset: 6,
      suggestion: "x = eval(e)",
      findings: [evalFinding],
      hidden: false,
    })!;
    store.accepted(record.id, { start: 6, end: 17 });
    let changes = 0;
    store.onDidChange(() => changes++);
    store.edited("file:///work/other.py", [{ offset: 0, length: 0, text: "import os\n" }]);
    assert.equal(changes, 0);
    store.edited(URI, [
      { offset: 10, length: 4, text: "ast.literal_eval" },
      { offset: 0, length: 0, text: "import ast\n" },
    ]);
    assert.deepEqual(record.inserted, { start: 17, end: 40 });
    assert.equal(changes, 1);
  });

  it("survives serialization (a reload) and drops malformed entries", () => {
    const { store } = storeAt();
    const record = store.offered({
      documentUri: URI,
      offset: 6,
      suggestion: "x = eval(e)",
      findings: [evalFinding],
      hidden: false,
    })!;
    store.accepted(record.id, { start: 6, end: 17 });
    store.offered({
      documentUri: URI,
      offset: 90,
      suggestion: "y = eval(e)",
      findings: [finding("code-injection", "high", 5, 4, 11)],
      hidden: true,
    });
    const saved = JSON.parse(JSON.stringify(store.toJSON())) as unknown;

    const restored = new FlaggedStore();
    restored.restore(saved);
    assert.deepEqual(restored.records, store.records);

    const damaged = JSON.parse(JSON.stringify(saved)) as { records: unknown[] };
    damaged.records.push({ id: "x", state: "exploded" }, null, {
      ...(damaged.records[0] as object),
      inserted: { start: 9, end: 2 },
    });
    const partly = new FlaggedStore();
    partly.restore(damaged);
    assert.equal(partly.records.length, 2);

    for (const junk of [undefined, null, "text", { version: 99, records: [] }, { version: 1, records: "no" }]) {
      const empty = new FlaggedStore();
      empty.restore(junk);
      assert.equal(empty.records.length, 0);
    }
  });

  it("restores at most its limit", () => {
    const { store } = storeAt();
    for (let line = 0; line < 10; line++)
      store.offered({
        documentUri: URI,
        offset: line,
        suggestion: "s",
        findings: [finding("code-injection", "high", line, 0, 1)],
        hidden: false,
      });
    const small = new FlaggedStore(4);
    small.restore(JSON.parse(JSON.stringify(store.toJSON())));
    assert.equal(small.records.length, 4);
    assert.equal(small.records[0].id, store.records[0].id);
  });

  it("names a record by its most severe finding", () => {
    const medium = finding("requests-without-timeout", "medium", 1, 0, 5);
    assert.equal(leadFinding({ findings: [medium, evalFinding] })?.ruleId, "code-injection");
    assert.equal(leadFinding({ findings: [] }), undefined);
  });
});
