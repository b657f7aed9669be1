import { execFile, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import * as fs from "node:fs/promises";
import * as os from "node:os";
import * as path from "node:path";

/** "passed": the program ran to its last statement and exited 0; exiting early (SystemExit, os._exit) fails. */
export type RunStatus = "passed" | "failed" | "timeout";

export interface PythonRun {
  status: RunStatus;
  exitCode: number | null;
  /** Last part of stderr (the assertion or exception), for reports. */
  stderrTail: string;
  durationMs: number;
}

export interface SandboxOptions {
  /** Wall-clock limit; the process group is killed when it is reached. */
  timeoutMs: number;
  /** Interpreter to run (default "python3"). */
  python?: string;
  /** Address-space limit in bytes (default 2 GiB). */
  memoryBytes?: number;
}

const STDERR_TAIL_CHARS = 2000;
const DEFAULT_MEMORY_BYTES = 2 * 1024 ** 3;

/**
 * Runs the program through a small bootstrap that, before any generated code runs, lowers resource
 * limits (address space, CPU seconds, file size) and replaces socket creation with an error, in
 * `socket` and in the `_socket` extension below it. Only after the program's last statement returns
 * does the bootstrap write a per-run nonce to stdout: an exit code of 0 alone is not a pass, since
 * `raise SystemExit` or `os._exit(0)` inside the body would skip the checks and still exit 0.
 * The process starts in isolated mode (-I: no user site, no PYTHON* variables, script dir not on
 * sys.path) in a fresh temporary directory with a minimal environment, in its own process group so a
 * timeout kills everything it spawned. This contains accidents of generated code; it is not a
 * security boundary against hostile code (use a container for that).
 */
const BOOTSTRAP = `
import os, runpy, socket, _socket, sys
program, cpu_seconds, memory_bytes, nonce = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
try:
    import resource
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds))
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    resource.setrlimit(resource.RLIMIT_FSIZE, (1 << 20, 1 << 20))
except (ImportError, ValueError, OSError):
    pass  # no resource limits on this platform: the wall-clock timeout still applies
def _network_disabled(*args, **kwargs):
    raise OSError("network access is disabled in the HumanEval sandbox")
for _module in (socket, _socket):
    for _name in ("socket", "SocketType", "socketpair", "create_connection", "create_server", "fromfd", "fromshare"):
        if hasattr(_module, _name):
            setattr(_module, _name, _network_disabled)
sys.argv = [program]
runpy.run_path(program, run_name="__main__")
sys.stdout.flush()
os.write(1, ("\\n" + nonce + "\\n").encode())
`;

const resolvedInterpreters = new Map<string, Promise<string>>();

/**
 * The interpreter's real path, asked once: launchers such as pyenv shims cost hundreds of
 * milliseconds per start, which adds up over 164 problems.
 */
function resolveInterpreter(command: string): Promise<string> {
  let resolved = resolvedInterpreters.get(command);
  if (!resolved) {
    resolved = new Promise((resolve) => {
      execFile(command, ["-I", "-c", "import sys; print(sys.executable)"], (error, stdout) =>
        resolve(error || !stdout.trim() ? command : stdout.trim()),
      );
    });
    resolvedInterpreters.set(command, resolved);
  }
  return resolved;
}

export async function runPythonSandboxed(program: string, options: SandboxOptions): Promise<PythonRun> {
  const interpreter = await resolveInterpreter(options.python ?? "python3");
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "phi-pair-humaneval-"));
  try {
    const file = path.join(dir, "program.py");
    await fs.writeFile(file, program);
    // One second above the wall-clock limit, so a busy loop is reported as a timeout, not a crash.
    const cpuSeconds = Math.ceil(options.timeoutMs / 1000) + 1;
    const nonce = `phi-pair-checks-completed-${randomBytes(16).toString("hex")}`;
    const args = [
      "-I",
      "-c",
      BOOTSTRAP,
      file,
      String(cpuSeconds),
      String(options.memoryBytes ?? DEFAULT_MEMORY_BYTES),
      nonce,
    ];
    return await run(interpreter, args, dir, options.timeoutMs, nonce);
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

function run(command: string, args: string[], cwd: string, timeoutMs: number, nonce: string): Promise<PythonRun> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd,
      env: { PATH: process.env.PATH ?? "/usr/bin:/bin", LANG: "C.UTF-8", PYTHONHASHSEED: "0", HOME: cwd, TMPDIR: cwd },
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    let stderr = "";
    // Only the tail is kept: the nonce is the last thing a completed run writes.
    let stdoutTail = "";
    let timedOut = false;
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (chunk: string) => {
      stdoutTail = (stdoutTail + chunk).slice(-(nonce.length + 2));
    });
    child.stderr.setEncoding("utf8");
    child.stderr.on("data", (chunk: string) => {
      stderr = (stderr + chunk).slice(-STDERR_TAIL_CHARS);
    });
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        if (child.pid !== undefined) process.kill(-child.pid, "SIGKILL");
      } catch {
        // the group exited between the timer firing and the kill
      }
    }, timeoutMs);
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on("close", (exitCode) => {
      clearTimeout(timer);
      const ranToEnd = stdoutTail === `\n${nonce}\n`;
      const status: RunStatus = timedOut ? "timeout" : exitCode === 0 && ranToEnd ? "passed" : "failed";
      resolve({ status, exitCode, stderrTail: stderr, durationMs: Date.now() - started });
    });
  });
}
