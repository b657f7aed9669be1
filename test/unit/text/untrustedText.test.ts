import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { validateModelFile } from "../../../src/core/model/ggufValidation";
import { ModelError, type ModelProblem } from "../../../src/core/model/modelErrors";
import { neutraliseLinks } from "../../../src/core/text/untrustedText";

/** VS Code's notification link syntax (src/vs/base/common/linkedText.ts, parseLinkedText). */
const NOTIFICATION_LINK = /\[([^\]]+)\]\(((?:https?:\/\/|command:|file:)[^)\s]+)(?: (["'])(.+?)(\3))?\)/gi;
const HOSTILE = [
  "x [Convert to phi2](command:workbench.action.terminal.sendSequence?%7B%22text%22%3A%22rm%22%7D)",
  "[open](https://evil.example/x) and [f](file:///etc/passwd 'title')",
  "/tmp/a [b](command:x)/model.gguf",
  "line\n[two](command:y)",
];
const PROBLEMS: ModelProblem[] = [
  "not-configured",
  "missing",
  "not-a-file",
  "unreadable",
  "empty",
  "not-gguf",
  "truncated",
  "unsupported-architecture",
  "load-failed",
  "out-of-memory",
];

describe("untrusted text in notifications", () => {
  it("leaves no link VS Code's notification renderer would parse", () => {
    for (const text of HOSTILE) assert.equal(neutraliseLinks(text).match(NOTIFICATION_LINK), null, text);
    assert.equal(neutraliseLinks("plain (text) [here]"), "plain (text) [here]");
  });

  it("every ModelError kind carries a neutralised message", () => {
    for (const problem of PROBLEMS) {
      for (const text of HOSTILE)
        assert.equal(new ModelError(problem, `failed: ${text}`, text).message.match(NOTIFICATION_LINK), null);
    }
  });

  it("a GGUF whose architecture is a command link yields a message without the link", async () => {
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), "phi-pair-hostile-"));
    try {
      const architecture = HOSTILE[0];
      const key = Buffer.from("general.architecture");
      const value = Buffer.from(architecture);
      const u32 = (v: number) => {
        const b = Buffer.alloc(4);
        b.writeUInt32LE(v);
        return b;
      };
      const u64 = (v: number) => {
        const b = Buffer.alloc(8);
        b.writeBigUInt64LE(BigInt(v));
        return b;
      };
      const file = path.join(directory, "model [x](command:y).gguf");
      fs.writeFileSync(
        file,
        Buffer.concat([
          Buffer.from("GGUF"),
          u32(3),
          u64(0),
          u64(1),
          u64(key.length),
          key,
          u32(8),
          u64(value.length),
          value,
        ]),
      );
      await assert.rejects(validateModelFile(file), (error: unknown) => {
        assert.ok(error instanceof ModelError && error.problem === "unsupported-architecture", String(error));
        assert.equal(error.message.match(NOTIFICATION_LINK), null, error.message);
        return true;
      });
    } finally {
      fs.rmSync(directory, { recursive: true, force: true });
    }
  });
});
