import * as assert from "node:assert/strict";
import { runTypingStorm } from "../../stress/typingStorm";

describe("reliability: typing storm through the CompletionService (real engine, pipeline and lint)", function () {
  this.timeout(90_000);

  it("500 requests with cancellations and edits: one generation at a time, every request settles, nothing leaks", async () => {
    const report = await runTypingStorm({
      requests: 500,
      meanIntervalMs: 8,
      pauseChance: 0.025,
      seed: 8,
      settleAfterCancelMs: 5000,
    });
    console.log(
      `      ${report.requests} requests in ${report.durationMs} ms: ${report.cancelledByNextKeystroke} cancelled by the next keystroke, ` +
        `${report.cancelledByTimer} by a timer, ${report.generations} generations, suggestions ${JSON.stringify(report.suggestions)}, ` +
        `${report.empty} empty; RSS ${report.rssBeforeMb} → ${report.rssAfterMb} MB, heap ${report.heapBeforeMb} → ${report.heapAfterMb} MB`,
    );
    assert.deepEqual(report.unhandledRejections, []);
    assert.deepEqual(report.rejected, []);
    assert.equal(report.unsettled, 0, "every request settled");
    assert.ok(
      report.maxSettleAfterCancelMs < 5000,
      `a cancelled request settled ${report.maxSettleAfterCancelMs} ms after its cancellation`,
    );
    assert.equal(report.peakConcurrentWork, 1, "never more than one generation on the model");
    // The storm must have exercised every path, or it proves nothing.
    assert.ok(report.generations >= 10, `${report.generations} generations ran`);
    assert.ok(report.suggestions.model > 0 && report.suggestions.cache > 0, JSON.stringify(report.suggestions));
    assert.ok(report.cancelledByNextKeystroke > 100 && report.cancelledByTimer > 10);
    assert.ok(report.rssAfterMb - report.rssBeforeMb < 200, `RSS grew ${report.rssBeforeMb} → ${report.rssAfterMb} MB`);
  });
});
