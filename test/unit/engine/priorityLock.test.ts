import * as assert from "node:assert/strict";
import { PriorityLock } from "../../../src/core/engine/priorityLock";

describe("PriorityLock", () => {
  it("serves one holder at a time, then waiters by priority and arrival", async () => {
    const lock = new PriorityLock();
    const order: string[] = [];
    const releaseFirst = await lock.acquire("completion");
    const waiting = [
      lock.acquire("warmup").then((release) => (order.push("warmup"), release())),
      lock.acquire("completion").then((release) => (order.push("completion-1"), release())),
      lock.acquire("explain").then((release) => (order.push("explain"), release())),
      lock.acquire("completion").then((release) => (order.push("completion-2"), release())),
    ];
    assert.equal(lock.holder, "completion");
    assert.equal(lock.waiting, 4);
    releaseFirst();
    await Promise.all(waiting);
    assert.deepEqual(order, ["explain", "completion-1", "completion-2", "warmup"]);
    assert.equal(lock.holder, undefined);
  });

  it("rejects a waiter whose signal aborts, and skips it", async () => {
    const lock = new PriorityLock();
    const release = await lock.acquire("completion");
    const controller = new AbortController();
    const abandoned = lock.acquire("completion", controller.signal);
    const next = lock.acquire("warmup");
    controller.abort(new Error("typed again"));
    await assert.rejects(abandoned, /typed again/);
    release();
    (await next)();
    assert.equal(lock.waiting, 0);
  });

  it("ignores a second release of the same hold", async () => {
    const lock = new PriorityLock();
    const release = await lock.acquire("completion");
    const second = lock.acquire("completion");
    release();
    const releaseSecond = await second;
    release(); // stale: must not free the second holder's hold
    assert.equal(lock.holder, "completion");
    releaseSecond();
  });
});
