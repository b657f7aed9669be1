import * as assert from "node:assert/strict";
import * as fs from "node:fs/promises";
import * as os from "node:os";
import * as path from "node:path";
import { gzipSync } from "node:zlib";
import {
  type CompleteFunction,
  type HumanEvalProblem,
  loadHumanEvalJsonl,
  loadProblemDirectory,
  runHumanEval,
  runPythonSandboxed,
} from "../../../src/core/humaneval";
import { PYTHON_STOP_TRIGGERS } from "../../../src/core/postprocess";
import { countTokens } from "../prompt/fixtures";

const problemsDir = path.resolve(__dirname, "../../../../test/humaneval/problems");

/** A stand-in model that answers from a table and honours stop triggers like node-llama-cpp does. */
function scriptedModel(
  answer: (problem: HumanEvalProblem) => string,
  problems: readonly HumanEvalProblem[],
): CompleteFunction {
  return async (prompt, { stopTriggers }) => {
    const problem = problems.find((candidate) => prompt.includes(`def ${candidate.entry_point}(`));
    assert.ok(problem, "prompt does not contain a known problem");
    const text = answer(problem);
    const stops = stopTriggers.map((trigger) => text.indexOf(trigger)).filter((index) => index !== -1);
    return stops.length === 0 ? text : text.slice(0, Math.min(...stops));
  };
}

describe("HumanEval-style harness", function () {
  this.timeout(120_000);
  let problems: HumanEvalProblem[];

  before(async () => {
    problems = await loadProblemDirectory(problemsDir);
  });

  it("ships at least 20 problems with canonical solutions", () => {
    assert.ok(problems.length >= 20, `${problems.length} problems`);
    assert.ok(problems.every((problem) => problem.canonical_solution && problem.test.includes("def check(candidate)")));
    assert.equal(
      problems.find((problem) => problem.task_id === "phi-pair/22_compress_ranges")?.entry_point,
      "compress_ranges",
    );
  });

  it("passes every canonical solution, even with trailing chatter the pipeline must cut", async () => {
    const chatter = (problem: HumanEvalProblem) =>
      `${problem.canonical_solution}\n\nprint(${problem.entry_point})\n\ndef unrelated():\n    pass\n`;
    const report = await runHumanEval(problems, { complete: scriptedModel(chatter, problems), countTokens });
    const failures = report.results
      .filter((result) => result.status !== "passed")
      .map((result) => `${result.taskId}: ${result.stderrTail}`);
    assert.deepEqual(failures, []);
    assert.equal(report.passAt1, 1);
  });

  it("fails wrong solutions and reports pass@1", async () => {
    const wrongHalf = new Set(problems.filter((_, index) => index % 2 === 0).map((problem) => problem.task_id));
    const answer = (problem: HumanEvalProblem) =>
      wrongHalf.has(problem.task_id) ? "    return None\n" : (problem.canonical_solution ?? "");
    const report = await runHumanEval(problems, { complete: scriptedModel(answer, problems), countTokens });
    for (const result of report.results)
      assert.equal(result.status, wrongHalf.has(result.taskId) ? "failed" : "passed", result.taskId);
    assert.equal(report.passed, problems.length - wrongHalf.size);
    assert.equal(report.passAt1, (problems.length - wrongHalf.size) / problems.length);
    assert.match(report.results[0].stderrTail, /AssertionError/);
  });

  it("gives the model the problem prompt unchanged, with the production stop triggers", async () => {
    const seen: { prompt: string; stopTriggers: string[]; maxTokens: number }[] = [];
    await runHumanEval(problems, {
      countTokens,
      maxTokens: 200,
      complete: async (prompt, options) => {
        seen.push({ prompt, ...options });
        return "    pass\n";
      },
    });
    assert.deepEqual(
      seen.map((call) => call.prompt),
      problems.map((problem) => problem.prompt.trimEnd() + "\n"),
    );
    for (const call of seen) {
      assert.deepEqual(call.stopTriggers, [...PYTHON_STOP_TRIGGERS]);
      assert.equal(call.maxTokens, 200);
    }
  });

  it("fails a body that exits before the checks end", async () => {
    for (const body of [
      "    raise SystemExit\n",
      "    import os\n    os._exit(0)\n",
      "    import sys\n    sys.exit(0)\n",
    ]) {
      const report = await runHumanEval([problems[0]], { complete: scriptedModel(() => body, problems), countTokens });
      assert.equal(report.results[0].status, "failed", body);
      assert.equal(report.passed, 0);
    }
  });

  it("times out a completion that never returns", async () => {
    const loop = () => "    while True:\n        pass\n";
    const started = Date.now();
    const report = await runHumanEval([problems[0]], {
      complete: scriptedModel(loop, problems),
      countTokens,
      timeoutMs: 1500,
    });
    assert.equal(report.results[0].status, "timeout");
    assert.ok(Date.now() - started < 10_000);
  });

  it("loads the official HumanEval jsonl format, plain or gzipped", async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), "phi-pair-jsonl-"));
    try {
      const jsonl = problems.map((problem) => JSON.stringify(problem)).join("\n") + "\n";
      await fs.writeFile(path.join(dir, "HumanEval.jsonl"), jsonl);
      await fs.writeFile(path.join(dir, "HumanEval.jsonl.gz"), gzipSync(jsonl));
      assert.deepEqual(await loadHumanEvalJsonl(path.join(dir, "HumanEval.jsonl")), problems);
      assert.deepEqual(await loadHumanEvalJsonl(path.join(dir, "HumanEval.jsonl.gz")), problems);
      await fs.writeFile(path.join(dir, "broken.jsonl"), '{"task_id": "x", "prompt": "def f():\\n"}\n');
      await assert.rejects(loadHumanEvalJsonl(path.join(dir, "broken.jsonl")), /missing "test"/);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});

describe("Python sandbox", function () {
  this.timeout(30_000);

  it("blocks sockets and runs in an empty temporary directory", async () => {
    const network = await runPythonSandboxed("import socket\nsocket.create_connection(('127.0.0.1', 9))\n", {
      timeoutMs: 5000,
    });
    assert.equal(network.status, "failed");
    assert.match(network.stderrTail, /network access is disabled/);
    const cwd = await runPythonSandboxed(
      "import os, tempfile\nassert os.listdir('.') == ['program.py'], os.listdir('.')\nassert 'phi-pair-humaneval-' in os.getcwd()\n",
      { timeoutMs: 5000 },
    );
    assert.equal(cwd.status, "passed", cwd.stderrTail);
  });

  it("blocks the _socket layer below socket too", async () => {
    for (const program of [
      "import _socket\n_socket.socket()\n",
      "import _socket\n_socket.socketpair()\n",
      "import socket\nsocket.SocketType()\n",
    ]) {
      const run = await runPythonSandboxed(program, { timeoutMs: 5000 });
      assert.equal(run.status, "failed", program);
      assert.match(run.stderrTail, /network access is disabled/, program);
    }
  });

  it("passes only a program that ran to its end, not one that exits 0 early", async () => {
    for (const program of [
      "raise SystemExit\n",
      "import sys\nsys.exit(0)\n",
      "import os\nos._exit(0)\n",
      "print('phi-pair-checks-completed-0')\nraise SystemExit(0)\n",
    ]) {
      const run = await runPythonSandboxed(`${program}assert False\n`, { timeoutMs: 5000 });
      assert.equal(run.exitCode, 0, program);
      assert.equal(run.status, "failed", program);
    }
    const chatty = await runPythonSandboxed("import sys\nprint('x' * 100000)\nsys.stdout.write('no newline')\n", {
      timeoutMs: 5000,
    });
    assert.equal(chatty.status, "passed", chatty.stderrTail);
  });

  it("limits memory", async () => {
    const hog = await runPythonSandboxed("block = bytearray(512 * 1024 * 1024)\n", {
      timeoutMs: 5000,
      memoryBytes: 256 * 1024 ** 2,
    });
    assert.equal(hog.status, "failed");
    assert.match(hog.stderrTail, /MemoryError/);
  });
});
