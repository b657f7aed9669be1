import * as assert from "node:assert/strict";
import { serverSentEvents, type ServerSentEvent } from "../../../src/core/engine/serverEvents";

/** A body delivered in the given pieces (split anywhere, even inside a UTF-8 character). */
function body(...pieces: (string | Uint8Array)[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const piece of pieces) controller.enqueue(typeof piece === "string" ? encoder.encode(piece) : piece);
      controller.close();
    },
  });
}

async function collect(stream: ReadableStream<Uint8Array>): Promise<ServerSentEvent[]> {
  const events: ServerSentEvent[] = [];
  for await (const event of serverSentEvents(stream)) events.push(event);
  return events;
}

describe("server-sent events", () => {
  it("yields each event's data, however the bytes are split", async () => {
    const euro = new TextEncoder().encode('data: {"content":"€"}\n\n');
    const events = await collect(
      body('data: {"content":"a"}\n', '\ndata: {"con', 'tent":"b"}\r\n\r\n', euro.slice(0, 17), euro.slice(17)),
    );
    assert.deepEqual(events, [
      { event: "message", data: '{"content":"a"}' },
      { event: "message", data: '{"content":"b"}' },
      { event: "message", data: '{"content":"€"}' },
    ]);
  });

  it("joins multi-line data, skips comments, keeps event names, and ends a last event without its blank line", async () => {
    const events = await collect(body(": keep-alive\n\n", "event: done\ndata: one\ndata: two\n\n", "data: [DONE]"));
    assert.deepEqual(events, [
      { event: "done", data: "one\ntwo" },
      { event: "message", data: "[DONE]" },
    ]);
  });

  it("reports llama-server's in-stream `error:` line as an error event", async () => {
    const events = await collect(body('data: {"content":"x"}\n\nerror: {"code":500,"message":"boom"}\n\n'));
    assert.deepEqual(events[1], { event: "error", data: '{"code":500,"message":"boom"}' });
  });

  it("cancels the body when the consumer stops early, freeing the connection", async () => {
    let cancelled = false;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.enqueue(new TextEncoder().encode("data: x\n\n"));
      },
      cancel() {
        cancelled = true;
      },
    });
    for await (const event of serverSentEvents(stream)) {
      assert.equal(event.data, "x");
      break;
    }
    assert.ok(cancelled);
  });
});
