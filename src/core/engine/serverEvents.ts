/** One server-sent event: its type ("message" unless the server named one) and its data lines joined by "\n". */
export interface ServerSentEvent {
  event: string;
  data: string;
}

/**
 * Server-sent events from a response body (the WHATWG event-stream format that llama-server, vLLM and the
 * OpenAI API stream with). llama-server also reports a failure inside a stream as a bare `error: {json}` line;
 * that becomes an event of type "error".
 */
export async function* serverSentEvents(body: ReadableStream<Uint8Array>): AsyncGenerator<ServerSentEvent> {
  const decoder = new TextDecoder();
  let buffered = "";
  let event = "message";
  let data: string[] = [];
  const lines = async function* () {
    const reader = body.getReader();
    let finished = false;
    try {
      for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
        buffered += decoder.decode(chunk.value, { stream: true });
        let end: number;
        while ((end = buffered.indexOf("\n")) >= 0) {
          const line = buffered.slice(0, end);
          buffered = buffered.slice(end + 1);
          yield line.endsWith("\r") ? line.slice(0, -1) : line;
        }
      }
      finished = true;
    } finally {
      // The consumer stopped early (answer complete, or an error): close the stream so the connection is freed.
      if (!finished) await reader.cancel().catch(() => undefined);
    }
    buffered += decoder.decode();
    if (buffered.length > 0) yield buffered;
    yield ""; // a last event without its blank line still counts
  };
  for await (const line of lines()) {
    if (line.length === 0) {
      if (data.length > 0) yield { event, data: data.join("\n") };
      event = "message";
      data = [];
      continue;
    }
    if (line.startsWith(":")) continue; // a comment (keep-alive)
    const colon = line.indexOf(":");
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? "" : line.slice(colon + (line[colon + 1] === " " ? 2 : 1));
    if (field === "data") data.push(value);
    else if (field === "event") event = value;
    else if (field === "error") yield { event: "error", data: value };
  }
}
