import * as assert from "node:assert/strict";
import { Snooze } from "../../../src/core/controls/snooze";

describe("Snooze", () => {
  it("is on for the given minutes, then off by itself", () => {
    let now = 1_000_000;
    const snooze = new Snooze(() => now);
    assert.equal(snooze.active, false);
    snooze.start(15);
    assert.equal(snooze.until, 1_000_000 + 15 * 60_000);
    now += 15 * 60_000 - 1;
    assert.equal(snooze.active, true);
    now += 1;
    assert.equal(snooze.active, false);
    assert.equal(snooze.until, undefined);
  });

  it("ends on end() or start(0)", () => {
    const snooze = new Snooze(() => 0);
    snooze.start(5);
    snooze.end();
    assert.equal(snooze.active, false);
    snooze.start(5);
    snooze.start(0);
    assert.equal(snooze.active, false);
  });

  it("restores a persisted end time, dropping one already past or not a number", () => {
    const snooze = new Snooze(() => 100);
    snooze.restore(50);
    assert.equal(snooze.active, false);
    snooze.restore(undefined);
    assert.equal(snooze.active, false);
    snooze.restore(200);
    assert.equal(snooze.until, 200);
  });
});
